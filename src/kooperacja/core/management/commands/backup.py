from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kooperacja.core.backup import BackupError, database_backup, default_backup_path


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the database: pg_dump --format=custom on PostgreSQL, the online backup API "
        "on SQLite. The encryption keys are not in it: keep FIELD_ENCRYPTION_KEY apart, or the backup's encrypted "
        "values (PESEL) cannot be read after a restore."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="The backup file (default: <KOOPERACJA_VAR_DIR>/backups/kooperacja-<time>)."
        )

    def handle(self, *args, output: Path | None, **options):
        path = output or default_backup_path()
        try:
            database_backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backup written to {path} ({path.stat().st_size:,} bytes).")
        self.stdout.write("It does not contain FIELD_ENCRYPTION_KEY or SECRET_KEY: back them up separately.")
