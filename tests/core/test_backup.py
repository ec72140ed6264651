"""A backup restored into a fresh database holds the same rows: every table's count and the content of the key
tables (organisations, persons, participations, referrals, the read log) compared by checksum."""

import contextlib
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from kooperacja.audit.models import PersonalDataAccess
from kooperacja.core.backup import KEY_TABLES, BackupError, database_restore, table_checksum, table_row_counts
from kooperacja.training import selectors as training
from tests.training.factories import enrol, make_referral

ON_POSTGRESQL = connection.vendor == "postgresql"


def _data(world) -> None:
    staff = world.user("pzs_staff")
    for _ in range(3):
        enrol(actor=staff, organisation=world.org_a)
    participation = enrol(actor=staff, organisation=world.org_a)
    participation.consent_to_share = True
    participation.save(update_fields=["consent_to_share"])
    make_referral(participation=participation, provider=world.org_b)
    list(training.participations_shown_to_staff(user=staff))  # four reads logged


@pytest.fixture
def reference_data_back():
    """A transactional test empties every table at its end; the reference data the other tests rely on
    (TERYT and the catalogue) is loaded again."""
    yield
    from kooperacja.catalogue.services import catalogue_load
    from kooperacja.territory.services import territory_load

    territory_load()
    catalogue_load()


@contextlib.contextmanager
def _fresh_database(name: str):
    """A connection, alias ``restored``, to the database ``name`` (made here, so the test may use it)."""
    default = connections["default"]
    connections["restored"] = type(default)({**default.settings_dict, "NAME": name}, alias="restored")
    try:
        yield "restored"
    finally:
        connections["restored"].close()
        del connections["restored"]


def _assert_same(source: str, restored: str) -> None:
    counts = table_row_counts(using=source)
    assert counts == table_row_counts(using=restored)
    for table in KEY_TABLES:
        assert counts[table] > 0, table
        assert table_checksum(table, using=source) == table_checksum(table, using=restored), table


@pytest.mark.skipif(ON_POSTGRESQL, reason="SQLite: the online backup API")
@pytest.mark.django_db(transaction=True)
def test_it_restores_an_sqlite_backup_into_a_fresh_database(world, tmp_path: Path, reference_data_back):
    _data(world)  # committed: a backup copies what is committed
    backup = tmp_path / "kooperacja.sqlite3"
    out = StringIO()
    call_command("backup", "--output", str(backup), stdout=out)
    assert backup.read_bytes().startswith(b"SQLite format 3\x00") and "FIELD_ENCRYPTION_KEY" in out.getvalue()
    with _fresh_database(str(tmp_path / "restored.sqlite3")) as restored:
        database_restore(backup, using=restored)
        _assert_same("default", restored)
        assert table_row_counts(using=restored)["audit_personaldataaccess"] == 4
        with pytest.raises(BackupError, match="not empty"):
            database_restore(backup, using=restored)
        database_restore(backup, using=restored, replace=True)
        _assert_same("default", restored)
    PersonalDataAccess.objects.all().delete()
    with pytest.raises(BackupError, match="not an SQLite backup"):
        database_restore(Path(__file__), using="default", replace=True)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup), stdout=StringIO())


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
@pytest.mark.django_db(transaction=True)
def test_it_restores_a_postgresql_backup_into_a_fresh_database(world, tmp_path: Path, reference_data_back):
    _data(world)  # committed, so that pg_dump sees it
    backup = tmp_path / "kooperacja.dump"
    call_command("backup", "--output", str(backup), stdout=StringIO())
    assert backup.read_bytes().startswith(b"PGDMP")
    scratch = f"{connections['default'].settings_dict['NAME']}_restore"
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        with _fresh_database(scratch) as restored:
            database_restore(backup, using=restored)
            _assert_same("default", restored)
            with pytest.raises(BackupError, match="not empty"):
                database_restore(backup, using=restored)
            database_restore(backup, using=restored, replace=True)
            _assert_same("default", restored)
            # The sequences came back too: the next row gets a new id.
            with connections[restored].cursor() as cursor:
                cursor.execute(
                    "INSERT INTO audit_personaldataaccess (content_type_id, object_id, fields, purpose, channel, at)"
                    " SELECT content_type_id, object_id, fields, purpose, channel, at FROM audit_personaldataaccess"
                    " LIMIT 1 RETURNING id"
                )
                assert cursor.fetchone()[0] > max(PersonalDataAccess.objects.values_list("id", flat=True))
    finally:
        with _admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
