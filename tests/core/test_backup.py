"""A backup restored into a fresh database holds the same rows: every table's count and the content of the key
tables (organisations, persons, participations, referrals, the read log) compared by checksum.

A backup copies what is committed, and a test's own rows are not (each test runs in a transaction rolled back at
its end). So each test makes a source database of its own — the test database's schema and reference data,
copied — points the ``default`` alias at it while it writes its rows (committed there), takes the backup of it
with ``manage.py backup``, restores that into a fresh database and compares the two.
"""

import contextlib
import sqlite3
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from kooperacja.accounts.roles import Role
from kooperacja.core.backup import (
    KEY_TABLES,
    BackupError,
    database_backup,
    database_restore,
    table_checksum,
    table_row_counts,
)
from kooperacja.registry.models import OrganisationKind
from kooperacja.training import selectors as training
from tests.factories import GRUDZIADZ, JANOW_LUBELSKI, MembershipFactory, OrganisationFactory, UserFactory
from tests.training.factories import enrol, make_referral

pytestmark = pytest.mark.django_db
ON_POSTGRESQL = connection.vendor == "postgresql"


def _wrapper(name: str, alias: str):
    default = connections["default"]
    return type(default)({**default.settings_dict, "NAME": name}, alias=alias)


@contextlib.contextmanager
def _database(name: str, alias: str):
    """A connection, alias ``alias``, to the database ``name`` (made here, so the test may use it)."""
    connections[alias] = _wrapper(name, alias)
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]


@contextlib.contextmanager
def _default_is(name: str):
    """Every query of the block goes to the database ``name``, outside the test's transaction (committed)."""
    test_connection = connections["default"]
    connections["default"] = _wrapper(name, "default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = test_connection


def _data() -> None:
    """Organisations, persons and participations, a referral and logged reads, through the services."""
    cis = OrganisationFactory(kind=OrganisationKind.CIS, municipality_id=GRUDZIADZ)
    provider = OrganisationFactory(kind=OrganisationKind.SOCIAL_COOPERATIVE, municipality_id=JANOW_LUBELSKI)
    staff = MembershipFactory(user=UserFactory(), organisation=cis, role=Role.PZS_STAFF).user
    for _ in range(3):
        enrol(actor=staff, organisation=cis)
    participation = enrol(actor=staff, organisation=cis)
    participation.consent_to_share = True
    participation.save(update_fields=["consent_to_share"])
    make_referral(participation=participation, provider=provider)
    list(training.participations_shown_to_staff(user=staff))  # four reads logged


def _assert_same(source: str, restored: str) -> None:
    counts = table_row_counts(using=source)
    assert counts == table_row_counts(using=restored)
    assert counts["audit_personaldataaccess"] == 4 and counts["training_participation"] == 4
    for table in KEY_TABLES:
        assert counts[table] > 0, table
        assert table_checksum(table, using=source) == table_checksum(table, using=restored), table


@pytest.mark.skipif(ON_POSTGRESQL, reason="SQLite: the online backup API")
def test_it_restores_an_sqlite_backup_into_a_fresh_database(tmp_path: Path):
    source, backup = tmp_path / "source.sqlite3", tmp_path / "backup.sqlite3"
    copy = sqlite3.connect(source)
    copy.executescript(";\n".join(connection.connection.iterdump()))  # the test database as it is
    copy.close()
    with _default_is(str(source)):
        _data()
        out = StringIO()
        call_command("backup", "--output", str(backup), stdout=out)
        assert "FIELD_ENCRYPTION_KEY" in out.getvalue()
        with pytest.raises(CommandError, match="not empty"):
            call_command("restore", str(backup), stdout=StringIO())
    assert backup.read_bytes().startswith(b"SQLite format 3\x00")
    with _database(str(source), "source"), _database(str(tmp_path / "restored.sqlite3"), "restored"):
        database_restore(backup, using="restored")
        _assert_same("source", "restored")
        with pytest.raises(BackupError, match="not empty"):
            database_restore(backup, using="restored")
        database_restore(backup, using="restored", replace=True)
        _assert_same("source", "restored")
        with pytest.raises(BackupError, match="not an SQLite backup"):
            database_restore(Path(__file__), using="restored", replace=True)


def _admin_connection():
    settings = connections["default"].settings_dict
    return psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL: pg_dump and pg_restore")
def test_it_restores_a_postgresql_backup_into_a_fresh_database(tmp_path: Path):
    test_database = connections["default"].settings_dict["NAME"]
    source, scratch = f"{test_database}_source", f"{test_database}_restore"
    with _admin_connection() as admin:
        for name in (source, scratch):
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        # The source: the test database's schema and committed reference data, then the test's rows.
        database_backup(tmp_path / "reference.dump")
        with _database(source, "source"):
            database_restore(tmp_path / "reference.dump", using="source")
        backup = tmp_path / "kooperacja.dump"
        with _default_is(source):
            _data()
            call_command("backup", "--output", str(backup), stdout=StringIO())
        assert backup.read_bytes().startswith(b"PGDMP")
        with _database(source, "source"), _database(scratch, "restored"):
            database_restore(backup, using="restored")
            _assert_same("source", "restored")
            with pytest.raises(BackupError, match="not empty"):
                database_restore(backup, using="restored")
            database_restore(backup, using="restored", replace=True)
            _assert_same("source", "restored")
            # The sequences came back too: the next row gets a new id.
            with connections["restored"].cursor() as cursor:
                cursor.execute("SELECT max(id) FROM audit_personaldataaccess")
                highest = cursor.fetchone()[0]
                cursor.execute(
                    "INSERT INTO audit_personaldataaccess (content_type_id, object_id, fields, purpose, channel, at)"
                    " SELECT content_type_id, object_id, fields, purpose, channel, at FROM audit_personaldataaccess"
                    " LIMIT 1 RETURNING id"
                )
                assert cursor.fetchone()[0] > highest
    finally:
        with _admin_connection() as admin:
            for name in (source, scratch):
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
