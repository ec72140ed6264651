"""An uploaded file is kept only encrypted and only while its import needs it: after a real import the
whole database (on SQLite its image with free pages) holds no PESEL of the file and no piece of it."""

import importlib
import io
import logging
import zipfile
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone
from openpyxl import Workbook

from kooperacja.core.crypto import decrypt_bytes
from kooperacja.core.jobs import job_fail_stale
from kooperacja.training import services
from kooperacja.training.imports import COLUMNS
from kooperacja.training.models import ImportJob, ImportKind, ImportStatus, Participation, Person
from kooperacja.training.services.import_participants import ParticipantImport
from tests.training.factories import make_pesel

pytestmark = pytest.mark.django_db

LAST_NAME = "Przechowalska"


def _values(pesel: str, *, start: str = "2025-03-03") -> dict:
    return {
        "pesel": pesel,
        "first_name": "Zofia",
        "last_name": LAST_NAME,
        "home_municipality": "0462011",
        "eligibility": "homeless",
        "exclusions": "none",
        "referral_date": "2025-02-10",
        "plan_reference": "IPZS/7",
        "plan_signed_on": "2025-02-28",
        "start_date": start,
        "planned_end_date": "2025-12-31",
        "phone": "600100200",
    }


def _csv(rows: list[dict]) -> bytes:
    lines = [";".join(COLUMNS["participants"])]
    lines += [";".join(row.get(column, "") for column in COLUMNS["participants"]) for row in rows]
    return "\r\n".join(lines).encode()


def _xlsx(rows: list[dict]) -> bytes:
    """A workbook stored without compression, so that the PESEL numbers and names are in the file's bytes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS["participants"]))
    for row in rows:
        sheet.append([row.get(column) for column in COLUMNS["participants"]])
    packed = io.BytesIO()
    workbook.save(packed)
    stored = io.BytesIO()
    with zipfile.ZipFile(packed) as source, zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
    return stored.getvalue()


FILES = {"people.csv": _csv, "people.xlsx": _xlsx}


def _database_image() -> bytes:
    """Everything the database holds. SQLite: the database file's image, free pages included.
    PostgreSQL: every row of every table as text, and every bytea value as its bytes."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete")
            assert cursor.fetchone()[0] == 1  # deleted content is overwritten, not left in free pages
        return connection.connection.serialize()
    quote = connection.ops.quote_name
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT t::text FROM {quote(table)} t")  # noqa: S608 - names from introspection
            parts.extend(text.encode() for (text,) in cursor.fetchall())
            cursor.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %s AND data_type = 'bytea'",
                [table],
            )
            for (column,) in cursor.fetchall():
                cursor.execute(f"SELECT {quote(column)} FROM {quote(table)} WHERE {quote(column)} IS NOT NULL")  # noqa: S608
                parts.extend(bytes(value) for (value,) in cursor.fetchall())
    return b"\n".join(parts)


def _pieces(content: bytes, size: int = 32, step: int = 128) -> list[bytes]:
    return [content[start : start + size] for start in range(0, len(content) - size, step)]


def _create(world, name: str, content: bytes, capture, *, execute: bool) -> ImportJob:
    with capture(execute=execute):
        job = services.import_job_create(
            actor=world.user("pzs_staff"),
            kind=ImportKind.PARTICIPANTS,
            organisation=world.org_a,
            file_name=name,
            content=content,
            language="en",
        )
    job.refresh_from_db()
    return job


@pytest.mark.parametrize("name", sorted(FILES))
def test_it_leaves_no_pesel_and_no_piece_of_the_file_in_the_database_after_an_import(
    world, django_capture_on_commit_callbacks, name
):
    pesels = [make_pesel() for _ in range(3)]
    content = FILES[name]([_values(pesel) for pesel in pesels])
    assert all(pesel.encode() in content for pesel in pesels) and LAST_NAME.encode() in content

    job = _create(world, name, content, django_capture_on_commit_callbacks, execute=True)

    assert job.status == ImportStatus.DONE and job.rows_done == 3, job.errors
    assert Participation.objects.filter(organisation=world.org_a, person__last_name=LAST_NAME).count() == 3
    assert job.content_encrypted is None
    image = _database_image()
    assert LAST_NAME.encode() in image  # the search sees the data: names are rightly stored with the persons
    assert [pesel for pesel in pesels if pesel.encode() in image] == []
    assert [piece for piece in _pieces(content) if piece in image] == []
    job_row = ImportJob.objects.filter(pk=job.pk).values().get()
    assert LAST_NAME not in str(job_row) and not any(pesel in str(job_row) for pesel in pesels)


def test_it_keeps_a_waiting_file_only_encrypted_and_bound_to_its_job(world, django_capture_on_commit_callbacks):
    pesel = make_pesel()
    content = _csv([_values(pesel)])
    job = _create(world, "people.csv", content, django_capture_on_commit_callbacks, execute=False)
    other = _create(world, "other.csv", content, django_capture_on_commit_callbacks, execute=False)

    assert job.status == ImportStatus.QUEUED
    stored = bytes(job.content_encrypted)
    assert stored != content and pesel.encode() not in stored and LAST_NAME.encode() not in stored
    assert stored != bytes(other.content_encrypted)  # a fresh nonce for every file
    assert decrypt_bytes(stored, associated_data=job.public_id.bytes) == content
    with pytest.raises(ValueError):  # a blob moved to another job does not open there
        decrypt_bytes(stored, associated_data=other.public_id.bytes)
    image = _database_image()
    assert pesel.encode() not in image and [piece for piece in _pieces(content, step=16) if piece in image] == []


def test_it_clears_the_file_of_a_rejected_import(world, django_capture_on_commit_callbacks):
    content = _csv([_values(make_pesel()), _values("85031412345")])  # an invalid PESEL in row 3
    job = _create(world, "people.csv", content, django_capture_on_commit_callbacks, execute=True)
    assert job.status == ImportStatus.REJECTED and [(e["row"], e["field"]) for e in job.errors] == [(3, "pesel")]
    assert job.content_encrypted is None
    assert Person.objects.count() == 0


def test_it_clears_the_file_of_an_import_given_up_as_lost(world, django_capture_on_commit_callbacks):
    job = _create(world, "people.csv", _csv([_values(make_pesel())]), django_capture_on_commit_callbacks, execute=False)
    assert job.content_encrypted is not None
    assert job_fail_stale(ImportJob, now=timezone.now() + timedelta(hours=2)) == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.content_encrypted is None


def test_it_clears_the_file_and_keeps_cell_values_out_of_errors_and_logs_when_processing_crashes(
    world, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    pesel = make_pesel()

    def crashing_write(self):
        raise RuntimeError(f"cannot write {list(self.first_row)} {self.persons}")

    crashing = type("CrashingImport", (ParticipantImport,), {"write": crashing_write})
    monkeypatch.setitem(services.IMPORTERS, ImportKind.PARTICIPANTS, crashing)
    content = _csv([_values(pesel)])
    with caplog.at_level(logging.DEBUG):
        job = _create(world, "people.csv", content, django_capture_on_commit_callbacks, execute=True)

    assert job.status == ImportStatus.FAILED and job.content_encrypted is None
    assert [error["message"] for error in job.errors] == [
        "The import failed because of an error in the application; nothing was imported."
    ]
    failures = [record for record in caplog.records if record.exc_info]
    assert failures, "the task runner logs the failure"
    assert "ImportJobCrashed" in caplog.text and "RuntimeError" in caplog.text and "crashing_write" in caplog.text
    assert pesel not in caplog.text and LAST_NAME not in caplog.text
    assert pesel.encode() not in _database_image()

    again = _create(world, "people.csv", content, django_capture_on_commit_callbacks, execute=False)
    with pytest.raises(services.ImportJobCrashed) as crashed:
        services.import_job_process(job_id=again.pk)
    assert pesel not in str(crashed.value) and crashed.value.__cause__ is None and crashed.value.__suppress_context__


def test_the_migration_clears_finished_files_and_encrypts_waiting_ones(world):
    migration = importlib.import_module("kooperacja.training.migrations.0007_importjob_content_encrypted")
    staff = world.user("pzs_staff")
    clear = b"pesel;first_name\n85031412346;Zofia\n"
    jobs = {
        status: ImportJob.objects.create(
            kind="participants",
            organisation=world.org_a,
            file_name=f"{status}.csv",
            content_encrypted=clear,
            started_by=staff,
            status=status,
        )
        for status in ImportStatus.values
    }

    assert clear in _database_image()  # the search finds a file kept in clear, as before this migration

    migration.clear_finished_and_encrypt_unfinished(apps, None)

    for status, job in jobs.items():
        job.refresh_from_db()
        if status in (ImportStatus.QUEUED, ImportStatus.RUNNING):
            assert decrypt_bytes(bytes(job.content_encrypted), associated_data=job.public_id.bytes) == clear
        else:
            assert job.content_encrypted is None, status
    assert b"85031412346" not in _database_image()
