"""XLSX/CSV imports of participants, attendance and staffing needs, run in the background, taken whole or not at all."""

import contextlib
import logging
import traceback
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from kooperacja.catalogue import selectors as catalogue_selectors
from kooperacja.core import jobs
from kooperacja.core.crypto import decrypt_bytes, encrypt_bytes
from kooperacja.core.dates import week_monday
from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.registry.models import Organisation
from kooperacja.staffing import services as staffing_services
from kooperacja.training import imports
from kooperacja.training.models import (
    ImportJob,
    ImportKind,
    ImportStatus,
    Participation,
)
from kooperacja.training.selectors import (
    person_find_by_pesel,
)
from kooperacja.training.services.common import municipality_of, participation_period
from kooperacja.training.services.persons import HELD_KEEP, participant_enrol, pesel_validate
from kooperacja.training.services.progress import attendance_record

logger = logging.getLogger(__name__)


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
    name = (file_name or "").strip()
    if not name.lower().endswith((".xlsx", ".csv", ".txt")):
        raise ValidationError({"file": _("Upload an XLSX or CSV file.")})
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    if len(content) > imports.MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    public_id = uuid.uuid4()
    with transaction.atomic():
        job = ImportJob.objects.create(
            public_id=public_id,
            kind=kind,
            organisation=organisation,
            file_name=name[:255],
            content_encrypted=encrypt_bytes(content, associated_data=public_id.bytes),
            started_by=actor if getattr(actor, "is_authenticated", False) else None,
            language=(language or "pl")[:10],
        )
        transaction.on_commit(lambda: import_job_run.enqueue(job.pk))
    return job


def _row_errors(number: int, exc: Exception) -> list[imports.RowError]:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            found: list[imports.RowError] = []
            for name, messages in exc.message_dict.items():
                column = "" if name == NON_FIELD_ERRORS else name
                found.extend(imports.RowError(number, column, message) for message in messages)
            return found
        return [imports.RowError(number, "", message) for message in exc.messages]
    if isinstance(exc, PermissionDenied):
        return [imports.RowError(number, "", _("You may not do this for this organisation."))]
    return [imports.RowError(number, "", str(exc))]


def _check_participant_row(job: ImportJob, row: imports.ParsedRow, seen: dict) -> None:
    values = row.values
    if values.get("pesel"):
        try:
            compact = pesel_validate(values["pesel"])
        except ValidationError:
            row.errors.append(imports.RowError(row.number, "pesel", _("Invalid PESEL")))
        else:
            if compact in seen:
                row.errors.append(
                    imports.RowError(
                        row.number, "pesel", _("The same PESEL is already in row %(row)s.") % {"row": seen[compact]}
                    )
                )
            seen.setdefault(compact, row.number)
    if values.get("home_municipality"):
        errors = FieldErrors()
        values["home_municipality"] = municipality_of(
            values["home_municipality"], field="home_municipality", errors=errors
        )
        for message in errors.by_field.get("home_municipality", []):
            row.errors.append(imports.RowError(row.number, "home_municipality", message.messages[0]))


def _write_participant_row(job: ImportJob, actor: User | None, values: dict) -> None:
    """A row of a PESEL the CIS/KIS already holds enrols the person with the data held; corrections of held
    data are made on the person's page, where staff see what they change."""
    participant_enrol(
        actor=actor, organisation=job.organisation, person_data=values, participation_data=values, held_person=HELD_KEEP
    )


def _check_attendance_row(job: ImportJob, row: imports.ParsedRow, seen: dict) -> None:
    values = row.values
    if not values.get("pesel"):
        return
    try:
        compact = pesel_validate(values["pesel"])
    except ValidationError:
        row.errors.append(imports.RowError(row.number, "pesel", _("Invalid PESEL")))
        return
    if values.get("week_start"):
        key = (compact, week_monday(values["week_start"]))
        if key in seen:
            row.errors.append(
                imports.RowError(
                    row.number,
                    "week_start",
                    _("The same person and week are already in row %(row)s.") % {"row": seen[key]},
                )
            )
        seen.setdefault(key, row.number)


def _write_attendance_row(job: ImportJob, actor: User | None, values: dict) -> None:
    person = person_find_by_pesel(organisation=job.organisation, pesel=values["pesel"])
    participations = list(Participation.objects.filter(person=person) if person else [])
    if not participations:
        raise ValidationError({"pesel": _("No participant of this organisation has this PESEL.")})
    monday = week_monday(values["week_start"])
    covering = [
        p
        for p in participations
        if participation_period(p)[0] <= monday + timedelta(days=6) and monday <= participation_period(p)[1]
    ]
    if not covering:
        raise ValidationError({"week_start": _("No participation of this person covers this week.")})
    attendance_record(actor=actor, participation=covering[0], week_start=monday, hours=values["hours"])


def _check_need_row(job: ImportJob, row: imports.ParsedRow, seen: dict) -> None:
    values = row.values
    card = None
    if values.get("service"):
        service = catalogue_selectors.service_type_find(code=values["service"])
        card = service.current_version if service else None
        if card is None:
            row.errors.append(
                imports.RowError(row.number, "service", _("The catalogue has no service with this code."))
            )
    values["card_version"] = card
    codes = [
        code for code in (values.get("required_qualifications") or "").replace(",", "|").split("|") if code.strip()
    ]
    qualifications = []
    if card is not None:
        known = {q.code: q for q in card.qualifications.all()}
        unknown = [code.strip() for code in codes if code.strip() not in known]
        if unknown:
            row.errors.append(
                imports.RowError(
                    row.number,
                    "required_qualifications",
                    _("The service card does not know these qualifications: %(codes)s.")
                    % {"codes": ", ".join(unknown)},
                )
            )
        qualifications = [known[code.strip()] for code in codes if code.strip() in known]
    values["required_qualifications"] = qualifications
    if values.get("municipality"):
        errors = FieldErrors()
        values["municipality"] = municipality_of(values["municipality"], field="municipality", errors=errors)
        for message in errors.by_field.get("municipality", []):
            row.errors.append(imports.RowError(row.number, "municipality", message.messages[0]))


def _write_need_row(job: ImportJob, actor: User | None, values: dict) -> None:
    data = {key: value for key, value in values.items() if key != "service"}
    data["conditions"] = data.get("conditions") or ""
    staffing_services.need_create(actor=actor, data={**data, "provider": job.organisation})


RowCheck = Callable[[ImportJob, imports.ParsedRow, dict], None]
RowWrite = Callable[[ImportJob, User | None, dict], None]
IMPORT_HANDLERS: dict[str, tuple[RowCheck, RowWrite]] = {
    ImportKind.PARTICIPANTS: (_check_participant_row, _write_participant_row),
    ImportKind.ATTENDANCE: (_check_attendance_row, _write_attendance_row),
    ImportKind.NEEDS: (_check_need_row, _write_need_row),
}


class _RejectImport(Exception):
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
    transaction whose row lock is held (see ``core.jobs.job_lock_running``)."""
    done = job.rows_done if rows_done is None else rows_done
    finished = jobs.job_finish(
        job,
        status=status,
        errors=[error.as_dict() for error in sorted(errors or [], key=lambda e: (e.row, e.field))],
        rows_done=done,
        progress=job.progress_of(done, ended=True),
    )
    if not finished:
        raise jobs.JobStopped


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


def import_job_process(*, job_id: int) -> ImportJob | None:
    """Run a queued import: check every row, then write all rows in one transaction through the same
    services as the forms, or nothing at all if any row is bad (every error is listed with its row,
    column and reason, in the uploader's language).

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
    check, write = IMPORT_HANDLERS[job.kind]
    try:
        content = decrypt_bytes(bytes(job.content_encrypted or b""), associated_data=job.public_id.bytes)
    except ValueError:
        _fail_unless_stopped(job, _("The uploaded file could not be read back; upload it again."))
        return
    try:
        header, data = imports.read_table(content, job.file_name)
        rows = list(imports.parse_rows(job.kind, header, data))
    except imports.ImportFileError as exc:
        _finish_unless_stopped(job, status=ImportStatus.REJECTED, errors=[imports.RowError(1, "", str(exc))])
        return
    heartbeat = jobs.JobHeartbeat(job)
    heartbeat.beat(rows_total=len(rows), force=True)
    job.rows_total = len(rows)
    if not rows:
        _finish_unless_stopped(
            job, status=ImportStatus.REJECTED, errors=[imports.RowError(1, "", _("The file has no data rows."))]
        )
        return
    seen: dict = {}
    # Pass 1: read every row and check what can be checked without writing; progress is visible.
    for index, row in enumerate(rows, start=1):
        if not row.errors:
            check(job, row, seen)
        heartbeat.beat(progress=job.progress_of(index), rows_done=index)
    heartbeat.beat(progress=job.progress_of(len(rows)), rows_done=len(rows), force=True)
    errors = [error for row in rows for error in row.errors]
    # Pass 2: every row through the services in one transaction that also marks the job done; any error
    # rolls all of it back. The job's row stays locked meanwhile, so it is not mistaken for a dead one.
    try:
        with transaction.atomic():
            jobs.job_lock_running(job)
            for row in rows:
                if row.errors:
                    continue
                try:
                    with transaction.atomic():
                        write(job, actor, dict(row.values))
                except (ValidationError, PermissionDenied, ConflictError) as exc:
                    errors.extend(_row_errors(row.number, exc))
            if errors:
                raise _RejectImport
            _finish(job, status=ImportStatus.DONE, rows_done=len(rows))
    except _RejectImport:
        _finish_unless_stopped(job, status=ImportStatus.REJECTED, errors=errors, rows_done=0)
