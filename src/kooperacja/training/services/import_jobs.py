"""XLSX/CSV imports of participants, attendance and staffing needs, run in the background, taken whole or not at all.

An import streams its file in batches (``imports.BatchReader``) through the importer of its kind, which read
its reference data once (the organisation's persons and stays, units, catalogue cards, statutory values),
checks each batch by the rules of the services the forms use and keeps the good rows compactly. Progress is
written as the rows are checked. If no row is bad, every row is written in one transaction with the job's
end (``core.bulk``: COPY on PostgreSQL); otherwise nothing is, and every bad row is listed.
"""

import contextlib
import logging
import traceback
import uuid
from typing import Protocol

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from kooperacja.core import jobs
from kooperacja.core.crypto import decrypt_bytes, encrypt_bytes
from kooperacja.core.errors import ConflictError
from kooperacja.notifications.services import notify
from kooperacja.registry.models import Organisation
from kooperacja.staffing.services.needs_import import NeedsImport
from kooperacja.training import imports
from kooperacja.training.models import ImportJob, ImportKind, ImportStatus
from kooperacja.training.services.import_attendance import AttendanceImport
from kooperacja.training.services.import_participants import ParticipantImport

logger = logging.getLogger(__name__)
# Checking the rows takes progress to this far; writing them (in one transaction, invisible until it
# commits) takes it to 100.
CHECKED_PROGRESS = 90


def import_job_create(
    *, actor: User, kind: str, organisation: Organisation, file_name: str, content: bytes, language: str = "pl"
) -> ImportJob:
    """Store an uploaded file, encrypted, as a queued import job and run it in the background after commit.
    The file is kept only until the job ends (see :func:`_finish` and ``ImportJob.end_updates``)."""
    from kooperacja.training.selectors import import_organisations_for
    from kooperacja.training.tasks import import_job_run

    if kind not in ImportKind.values:
        raise ValidationError({"kind": _("Unknown kind of import.")})
    if not import_organisations_for(user=actor, kind=kind).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    name = imports.upload_name_checked(file_name, content)
    public_id = uuid.uuid4()
    with transaction.atomic():
        job = ImportJob.objects.create(
            public_id=public_id,
            kind=kind,
            organisation=organisation,
            file_name=name,
            content_encrypted=encrypt_bytes(content, associated_data=public_id.bytes),
            started_by=actor if getattr(actor, "is_authenticated", False) else None,
            language=(language or "pl")[:10],
        )
        transaction.on_commit(lambda: import_job_run.enqueue(job.pk))
    return job


class NeedsFileImport:
    """The rows of a needs file, given to the staffing app's bulk import of needs (which owns their rules)."""

    def __init__(self, *, job: ImportJob, actor: User | None):
        try:
            self.needs = NeedsImport(actor=actor, provider=job.organisation)
        except ValidationError as exc:
            raise imports.ImportFileError(" ".join(exc.messages)) from None

    @property
    def staged(self) -> int:
        return self.needs.staged

    def check(self, batch: imports.Batch) -> None:
        columns = batch.values
        for index in range(len(batch)):
            if index in batch.bad:
                continue
            values = {name: column[index] for name, column in columns.items()}
            codes = (values.get("required_qualifications") or "").replace(",", "|").split("|")
            values["required_qualifications"] = [code.strip() for code in codes if code.strip()]
            for field, message in self.needs.check(values):
                batch.error(index, field, message)

    def check_file(self) -> list[imports.RowError]:
        return []

    def write(self) -> int:
        return self.needs.write()


class FileImport(Protocol):
    """What the import of one kind does with a file: check each batch (adding row errors and keeping the
    good rows), check the whole file once read, then write every row kept, in the caller's transaction."""

    def __init__(self, *, job: ImportJob, actor: User | None) -> None: ...

    @property
    def staged(self) -> int: ...

    def check(self, batch: imports.Batch) -> None: ...

    def check_file(self) -> list[imports.RowError]: ...

    def write(self) -> int: ...


IMPORTERS: dict[str, type[FileImport]] = {
    ImportKind.PARTICIPANTS: ParticipantImport,
    ImportKind.ATTENDANCE: AttendanceImport,
    ImportKind.NEEDS: NeedsFileImport,
}


class ErrorList:
    """The row errors of a file: the first ``limit`` listed with row, column and reason, the rest counted per
    column (a file of two million bad rows is not a list anyone reads)."""

    def __init__(self, limit: int = imports.MAX_LISTED_ERRORS):
        self.limit = limit
        self.listed: list[imports.RowError] = []
        self.unlisted: dict[str, int] = {}

    def __bool__(self) -> bool:
        return bool(self.listed)

    def extend(self, errors: list[imports.RowError]) -> None:
        room = max(self.limit - len(self.listed), 0)
        self.listed.extend(errors[:room])
        for error in errors[room:]:
            self.unlisted[error.field] = self.unlisted.get(error.field, 0) + 1

    def as_list(self) -> list[imports.RowError]:
        found = sorted(self.listed, key=lambda error: (error.row, error.field))
        if self.unlisted:
            count = sum(self.unlisted.values())
            message = ngettext(
                "%(count)s more error is not listed, in the columns: %(columns)s.",
                "%(count)s more errors are not listed, in the columns: %(columns)s.",
                count,
            ) % {
                "count": count,
                "columns": ", ".join(imports.header_of(name) if name else "—" for name in sorted(self.unlisted)),
            }
            found.append(imports.RowError(0, "", message))
        return found


class _Conflict(Exception):
    pass


class ImportJobCrashed(Exception):
    """An import failed unexpectedly. Carries the exception's type and where it was raised, not its
    message or the values at hand: those may be cells of the file (PESEL numbers, names)."""

    @classmethod
    def of(cls, job: ImportJob, exc: Exception) -> "ImportJobCrashed":
        where = "".join(traceback.format_tb(exc.__traceback__))
        return cls(f"import {job.pk} failed with {type(exc).__module__}.{type(exc).__qualname__}\n{where}")


def _finish(job: ImportJob, *, status: str, errors: list[imports.RowError] | None = None, rows_done: int | None = None):
    """Record the outcome (the stored file is cleared with it, see ``ImportJob.end_updates``); inside a
    transaction whose row lock is held (see ``core.jobs.job_lock_running``). ``errors`` come sorted."""
    done = job.rows_done if rows_done is None else rows_done
    finished = jobs.job_finish(
        job,
        status=status,
        errors=[error.as_dict() for error in errors or []],
        rows_done=done,
        progress=job.progress_of(done, ended=True),
    )
    if not finished:
        raise jobs.JobStopped
    if status == ImportStatus.REJECTED:
        _tell_uploader(job)


def _tell_uploader(job: ImportJob) -> None:
    """The uploader learns that nothing of the file was imported (after the commit; the page says why)."""
    notify(
        recipients=[job.started_by],
        kind="training.import_failed",
        title=gettext_noop("Your import of the file %(file)s did not go through: nothing was imported."),
        params={"file": job.file_name},
        link=reverse("training:import-detail", kwargs={"public_id": job.public_id}),
    )


def _finish_unless_stopped(job: ImportJob, **outcome) -> None:
    with transaction.atomic():
        jobs.job_lock_running(job)
        _finish(job, **outcome)


def _fail_unless_stopped(job: ImportJob, message: str) -> None:
    """Nothing was imported: the uploader is told why (see ``ImportJob.end_updates``)."""
    with transaction.atomic():
        jobs.job_lock_running(job)
        if not jobs.job_fail(job, message=message):
            raise jobs.JobStopped
        _tell_uploader(job)


def import_job_process(*, job_id: int) -> ImportJob | None:
    """Run a queued import: check every row against the rules of the forms' services, then write all rows
    in one transaction, or nothing at all if any row is bad (every error is listed with its row, column and
    reason, in the uploader's language).

    Returns None when another worker claimed the job first. A killed worker leaves the job running with
    an old heartbeat and nothing written (see ``manage.py fail_stale_jobs``); a job declared dead while
    its worker was still busy is left failed and its rows are not written."""
    if not jobs.job_claim(ImportJob, job_id, rows_done=0):
        return None
    job = ImportJob.objects.select_related("organisation", "started_by").get(pk=job_id)
    with translation.override(job.language):
        try:
            _process(job)
        except jobs.JobStopped:
            logger.warning("import %s was stopped while it was processed; nothing was written", job.pk)
        except Exception as exc:
            # Recorded on the job for the uploader (nothing was written), then reported to the task runner,
            # which logs and stores what it is given: where it failed, never the message, which may quote
            # the file's cells.
            message = _("The import failed because of an error in the application; nothing was imported.")
            with contextlib.suppress(jobs.JobStopped):
                _fail_unless_stopped(job, message)
            raise ImportJobCrashed.of(job, exc) from None
    job.refresh_from_db()
    return job


def _process(job: ImportJob) -> None:
    actor = job.started_by
    try:
        content = decrypt_bytes(bytes(job.content_encrypted or b""), associated_data=job.public_id.bytes)
    except ValueError:
        _fail_unless_stopped(job, _("The uploaded file could not be read back; upload it again."))
        return
    job.content_encrypted = None  # the rows are read from the plain copy; the encrypted one is not needed
    max_rows = imports.MAX_ROWS[job.kind]
    heartbeat = jobs.JobHeartbeat(job)
    errors = ErrorList()
    checked = 0
    try:
        header, rows, expected = imports.read_table(content, job.file_name, max_rows=max_rows)
        del content  # a CSV is read from its decoded text, an XLSX by openpyxl, each holding what it needs
        reader = imports.BatchReader(job.kind, header, max_rows=max_rows)
        importer = IMPORTERS[job.kind](job=job, actor=actor)
        job.rows_total = expected
        heartbeat.beat(rows_total=expected, force=True)
        # Pass 1: every row checked, batch by batch, against reference data read once; progress is visible.
        for batch in reader.batches(rows):
            importer.check(batch)
            errors.extend(batch.errors)
            checked += len(batch)
            job.rows_total = max(job.rows_total, checked)
            progress = job.progress_of(checked) * CHECKED_PROGRESS // 100
            heartbeat.beat(progress=progress, rows_done=checked, rows_total=job.rows_total)
    except imports.ImportFileError as exc:
        _finish_unless_stopped(job, status=ImportStatus.REJECTED, errors=[imports.RowError(1, "", str(exc))])
        return
    del rows
    if not checked:
        _finish_unless_stopped(
            job, status=ImportStatus.REJECTED, errors=[imports.RowError(1, "", _("The file has no data rows."))]
        )
        return
    errors.extend(importer.check_file())
    job.rows_total = checked
    heartbeat.beat(progress=CHECKED_PROGRESS, rows_done=checked, rows_total=checked, force=True)
    if errors:
        _finish_unless_stopped(job, status=ImportStatus.REJECTED, errors=errors.as_list(), rows_done=0)
        return
    # Pass 2: every row written in one transaction that also marks the job done. The job's row stays locked
    # meanwhile, so it is not mistaken for a dead one; a conflict with a change made meanwhile writes nothing.
    try:
        with transaction.atomic():
            jobs.job_lock_running(job)
            # A write first: SQLite's single writer lock is ours from here (see core.bulk.allocate_ids).
            ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
            try:
                with transaction.atomic():
                    written = importer.write()
            except (IntegrityError, ConflictError):
                raise _Conflict from None
            _finish(job, status=ImportStatus.DONE, rows_done=written)
    except _Conflict:
        message = _(
            "The records of this organisation changed while the file was being checked; nothing was imported. "
            "Upload the file again."
        )
        _finish_unless_stopped(
            job, status=ImportStatus.REJECTED, errors=[imports.RowError(1, "", message)], rows_done=0
        )
