"""CSV/XLSX files of delivery reports, run in the background, taken whole or not at all (the steps of the
training imports: ``training.services.import_jobs``)."""

import contextlib
import logging
import uuid

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kooperacja.core import jobs
from kooperacja.core.crypto import decrypt_bytes, encrypt_bytes
from kooperacja.delivery import imports
from kooperacja.delivery.models import ImportStatus, ReportImport
from kooperacja.delivery.rules import provider_organisation_ids
from kooperacja.notifications.services import notify
from kooperacja.training import imports as reading
from kooperacja.training.services.import_jobs import ErrorList, ImportJobCrashed

logger = logging.getLogger(__name__)
CHECKED_PROGRESS = 90


def import_create(*, actor: User, provider, file_name: str, content: bytes, language: str = "pl") -> ReportImport:
    """Store an uploaded file, encrypted, as a queued import of the provider's reports; run after commit."""
    from kooperacja.delivery.tasks import delivery_import_run

    if not (actor.is_superuser or provider.pk in provider_organisation_ids(actor)):
        raise PermissionDenied
    name = reading.upload_name_checked(file_name, content)
    public_id = uuid.uuid4()
    with transaction.atomic():
        job = ReportImport.objects.create(
            public_id=public_id,
            provider=provider,
            file_name=name,
            content_encrypted=encrypt_bytes(content, associated_data=public_id.bytes),
            started_by=actor if getattr(actor, "is_authenticated", False) else None,
            language=(language or "pl")[:10],
        )
        transaction.on_commit(lambda: delivery_import_run.enqueue(job.pk))
    return job


class _Conflict(Exception):
    pass


def _finish(job: ReportImport, *, status: str, errors=None, rows_done: int | None = None) -> None:
    done = job.rows_done if rows_done is None else rows_done
    if not jobs.job_finish(
        job,
        status=status,
        errors=[imports.error_dict(error) for error in errors or []],
        rows_done=done,
        progress=job.progress_of(done, ended=True),
    ):
        raise jobs.JobStopped
    if status == ImportStatus.REJECTED and job.started_by is not None:
        notify(
            recipients=[job.started_by],
            kind="delivery.import_failed",
            title=gettext_noop("Your import of the file %(file)s did not go through: nothing was imported."),
            params={"file": job.file_name},
            link=reverse("delivery:import", kwargs={"public_id": job.public_id}),
        )


def _finish_unless_stopped(job: ReportImport, **outcome) -> None:
    with transaction.atomic():
        jobs.job_lock_running(job)
        _finish(job, **outcome)


def import_process(*, job_id: int) -> ReportImport | None:
    """Check every row, then write all of them in one transaction, or none with every bad row listed."""
    if not jobs.job_claim(ReportImport, job_id, rows_done=0):
        return None
    job = ReportImport.objects.select_related("provider", "started_by").get(pk=job_id)
    with translation.override(job.language):
        try:
            _process(job)
        except jobs.JobStopped:
            logger.warning("delivery import %s was stopped; nothing was written", job.pk)
        except Exception as exc:
            message = _("The import failed because of an error in the application; nothing was imported.")
            with contextlib.suppress(jobs.JobStopped), transaction.atomic():
                jobs.job_lock_running(job)
                jobs.job_fail(job, message=message)
            raise ImportJobCrashed(f"delivery import {job.pk} failed with {type(exc).__qualname__}") from exc
    job.refresh_from_db()
    return job


def _process(job: ReportImport) -> None:
    try:
        content = decrypt_bytes(bytes(job.content_encrypted or b""), associated_data=job.public_id.bytes)
    except ValueError:
        _finish_unless_stopped(
            job,
            status=ImportStatus.REJECTED,
            errors=[reading.RowError(1, "", _("The uploaded file could not be read back; upload it again."))],
        )
        return
    job.content_encrypted = None
    heartbeat = jobs.JobHeartbeat(job)
    errors = ErrorList()
    checked = 0
    try:
        header, rows, expected = reading.read_table(content, job.file_name, max_rows=imports.MAX_ROWS)
        del content
        reader = reading.BatchReader("", header, max_rows=imports.MAX_ROWS, spec=imports.SPEC)
        importer = imports.DeliveryImport(job=job, actor=job.started_by)
        job.rows_total = expected
        heartbeat.beat(rows_total=expected, force=True)
        for batch in reader.batches(rows):
            importer.check(batch)
            errors.extend(batch.errors)
            checked += len(batch)
            job.rows_total = max(job.rows_total, checked)
            heartbeat.beat(
                progress=job.progress_of(checked) * CHECKED_PROGRESS // 100,
                rows_done=checked,
                rows_total=job.rows_total,
            )
    except reading.ImportFileError as exc:
        _finish_unless_stopped(job, status=ImportStatus.REJECTED, errors=[reading.RowError(1, "", str(exc))])
        return
    if not checked:
        _finish_unless_stopped(
            job, status=ImportStatus.REJECTED, errors=[reading.RowError(1, "", _("The file has no data rows."))]
        )
        return
    job.rows_total = checked
    heartbeat.beat(progress=CHECKED_PROGRESS, rows_done=checked, rows_total=checked, force=True)
    if errors:
        _finish_unless_stopped(job, status=ImportStatus.REJECTED, errors=errors.as_list(), rows_done=0)
        return
    try:
        with transaction.atomic():
            jobs.job_lock_running(job)
            ReportImport.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
            try:
                with transaction.atomic():
                    written = importer.write()
            except IntegrityError:
                raise _Conflict from None
            _finish(job, status=ImportStatus.DONE, rows_done=written)
    except _Conflict:
        message = _("Reports of these contracts changed while the file was being checked; nothing was imported.")
        _finish_unless_stopped(
            job, status=ImportStatus.REJECTED, errors=[reading.RowError(1, "", message)], rows_done=0
        )
