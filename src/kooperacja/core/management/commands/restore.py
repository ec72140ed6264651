from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kooperacja.core.backup import BackupError, database_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database, all or nothing. The database "
        "must be new and empty unless --replace. Stop the web server and the background workers first, and run "
        "with the FIELD_ENCRYPTION_KEY the backup was made with."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file.")
        parser.add_argument("--replace", action="store_true", help="Replace the data of a database that is not empty.")

    def handle(self, *args, path: Path, replace: bool, **options):
        try:
            database_restore(path, replace=replace)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {path}. Run `manage.py migrate` if this code is newer than the backup.")
