"""Backup and restore of the whole database: ``pg_dump -Fc`` / ``pg_restore`` for PostgreSQL, the online backup
API of sqlite3 for SQLite (a consistent copy while the server keeps running).

A backup holds the data only. Values encrypted with ``FIELD_ENCRYPTION_KEY`` (PESEL, stored uploads) and their
blind index stay encrypted in it, and the keys are not in it: a backup restored without the same
``FIELD_ENCRYPTION_KEY`` cannot decrypt or search them. Keep the keys apart from the backups
(docs/deployment.md, "Backups").
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
# Tables whose content a restore is checked against (beyond the row count of every table).
KEY_TABLES = (
    "registry_organisation",
    "training_person",
    "training_participation",
    "placement_referral",
    "audit_personaldataaccess",
)


class BackupError(Exception):
    pass


def default_backup_path(*, using: str = "default", now: datetime | None = None) -> Path:
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if connections[using].vendor == "sqlite" else "dump"
    return Path(settings.VAR_DIR) / "backups" / f"kooperacja-{stamp}.{suffix}"


def _pg_environment(using: str) -> tuple[dict[str, str], str]:
    """Connection settings for the PostgreSQL client tools (as PG* variables) and the database name."""
    database = connections[using].settings_dict
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if database.get(key):
            env[variable] = str(database[key])
    if (database.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = str(database["OPTIONS"]["sslmode"])
    return env, str(database["NAME"])


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian/Ubuntu: apt install postgresql-client).")
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip() or done.returncode}")


def database_backup(path: Path, *, using: str = "default") -> Path:
    """Write a consistent backup of the database ``using`` to ``path`` (PostgreSQL: custom format of pg_dump;
    SQLite: a database file). The file is written next to ``path`` and renamed, so ``path`` is whole or absent."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    connection = connections[using]
    if connection.vendor == "postgresql":
        env, name = _pg_environment(using)
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}", name], env)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(partial)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise BackupError(f"Backups of {connection.vendor} are not supported.")
    os.chmod(partial, 0o600)
    partial.replace(path)
    return path


def _has_tables(using: str) -> bool:
    connection = connections[using]
    with connection.cursor() as cursor:
        return bool(connection.introspection.table_names(cursor))


def database_restore(path: Path, *, using: str = "default", replace: bool = False) -> None:
    """Restore the backup at ``path`` into the database ``using``, all or nothing. The database must be empty
    (freshly created) unless ``replace``, which drops what the backup holds first."""
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    connection = connections[using]
    if not replace and _has_tables(using):
        raise BackupError("The database is not empty; restore into a new database, or replace it with --replace.")
    if connection.vendor == "postgresql":
        if not head.startswith(PG_CUSTOM_MAGIC):
            raise BackupError(f"{path} is not a PostgreSQL backup (pg_dump --format=custom).")
        env, name = _pg_environment(using)
        connection.close()  # no session of ours holds locks on what is replaced
        command = [_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
        if replace:
            command += ["--clean", "--if-exists"]
        _run([*command, f"--dbname={name}", str(path)], env)
    elif connection.vendor == "sqlite":
        if head != SQLITE_MAGIC:
            raise BackupError(f"{path} is not an SQLite backup.")
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)  # replaces the whole database, in one step
        finally:
            source.close()
    else:
        raise BackupError(f"Restoring into {connection.vendor} is not supported.")


def table_row_counts(*, using: str = "default") -> dict[str, int]:
    """The number of rows of every table of the database (a restore must give the same)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def table_checksum(table: str, *, using: str = "default") -> str:
    """SHA-256 of every row of ``table`` in the order of its id, as the database driver returns them."""
    connection = connections[using]
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY id")  # noqa: S608
        while rows := cursor.fetchmany(1000):
            for row in rows:
                digest.update(repr(row).encode())
    return digest.hexdigest()
