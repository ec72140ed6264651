"""One base for every background job: its states, its claim by one worker, its progress and heartbeat, the
failure of jobs whose worker died, and starting a failed job again.

A job is a row of a concrete model that inherits :class:`Job` (a matching run, an import, a report, …) and adds
its own columns. Its app's service creates the row and enqueues a task after commit; the task calls the service's
worker part, which follows the same steps for every job::

    if not job_claim(ReportJob, job_id, stage=_("loading")):   # another worker has it, or it was given up
        return None
    job = ReportJob.objects.get(pk=job_id)
    heartbeat = JobHeartbeat(job)
    for ...:
        heartbeat.beat(progress=..., stage=...)   # written at most every PROGRESS_INTERVAL_S; JobStopped when given up
    job_finish(job, **own_columns)               # or job_fail(job, message=...)

``manage.py fail_stale_jobs`` (a timer, see docs/deployment.md) fails the jobs of every job model whose worker
died; pages only read, and may show such a job as not answering (:meth:`Job.is_silent`).
"""

import contextlib
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any, ClassVar, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kooperacja.core.fsm import StateMachine
from kooperacja.core.models import choice_labels

# A running job whose worker has not reported for this long is considered dead.
STALE_AFTER = timedelta(minutes=5)
# A queued job that no worker picked up for this long (its task was lost) is given up.
QUEUED_TOO_LONG = timedelta(hours=1)
# Progress and heartbeat are written to the database at most this often from a long loop.
PROGRESS_INTERVAL_S = 0.5

J = TypeVar("J", bound="Job")
T = TypeVar("T")


class JobStatus(models.TextChoices):
    QUEUED = "queued", gettext_lazy("queued")
    RUNNING = "running", gettext_lazy("running")
    DONE = "done", gettext_lazy("done")
    FAILED = "failed", gettext_lazy("failed")


def job_machine(*, terminal: Iterable[str] = ()) -> StateMachine:
    """queued → running → done / failed, and the job's own end states (``terminal``) reached from running.

    A queued job that no worker picks up fails too. End states have no way out: starting a job again makes a
    new one (:func:`job_restart`)."""
    ends = frozenset({JobStatus.DONE, JobStatus.FAILED, *terminal})
    return StateMachine(
        {
            JobStatus.QUEUED: frozenset({JobStatus.RUNNING, JobStatus.FAILED}),
            JobStatus.RUNNING: ends,
            **{state: frozenset() for state in ends},
        }
    )


JOB_MACHINE = job_machine()
ACTIVE_STATES = (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(models.Model):
    """The columns and rules every background job shares; a concrete job adds its own columns.

    A job with its own end states gives them in its ``status`` choices and its ``machine``
    (``job_machine(terminal=[...])``); the hooks below say what its own columns hold when it ends.
    """

    machine: ClassVar[StateMachine] = JOB_MACHINE
    stale_after: ClassVar[timedelta] = STALE_AFTER
    queued_too_long: ClassVar[timedelta] = QUEUED_TOO_LONG
    # States from which the job may be started again (:func:`job_restart`), and the refusal otherwise.
    restartable_states: ClassVar[frozenset[str]] = frozenset({JobStatus.FAILED})
    restart_refusal = gettext_lazy("Only a failed job can be started again.")
    # Large columns the stale sweep need not load (e.g. a stored file).
    sweep_defer: ClassVar[tuple[str, ...]] = ()

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        gettext_lazy("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(gettext_lazy("progress (%)"), default=0)
    stage = models.CharField(gettext_lazy("stage"), max_length=100, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when a worker claims the job; the heartbeat is refreshed while it works, so a job whose worker was
    # killed can be recognised and failed (:func:`job_fail_stale`).
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "id"]
        indexes = [
            # The stale sweep and the worker read only unfinished jobs.
            models.Index(
                fields=["status"],
                condition=Q(status__in=list(ACTIVE_STATES)),
                name="%(app_label)s_%(class)s_active",
            )
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="%(app_label)s_%(class)s_progress_0_100")
        ]

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATES

    @property
    def is_finished(self) -> bool:
        return not self.machine.allowed(self.status)

    @property
    def may_restart(self) -> bool:
        return self.status in self.restartable_states

    def is_silent(self, now: datetime | None = None) -> bool:
        """Queued or running, but not heard from in time: its worker died or its task was lost. Pages show such
        a job as not answering; the next :func:`job_fail_stale` fails it."""
        now = now or timezone.now()
        if self.status == JobStatus.RUNNING:
            return (self.heartbeat_at or self.created_at) < now - self.stale_after
        if self.status == JobStatus.QUEUED:
            return self.created_at < now - self.queued_too_long
        return False

    # --- hooks of the concrete job ---

    def message_language(self) -> str | None:
        """The language of the person who started the job, if the job records it: its failure is told in it."""
        return None

    def stale_message(self) -> str:
        """Why the job failed when its worker died (called in :meth:`message_language`)."""
        return _("The background worker stopped while the job was in progress. Start it again.")

    def end_updates(self, *, status: str, message: str = "") -> dict[str, object]:
        """The job's own columns written with its end: e.g. an error column from ``message`` (given when it
        fails), or a stored file cleared whatever the outcome."""
        return {}


class JobStopped(Exception):
    """The job is no longer running (it was given up as dead meanwhile): stop and write nothing more."""


def job_models() -> list[type[Job]]:
    """Every concrete job model of the installed apps."""
    return [model for model in apps.get_models() if issubclass(model, Job)]


def _status_label(model: type[Job], status: str) -> str:
    return str(choice_labels(model, "status").get(status, status))


def _in_language(code: str | None):
    return translation.override(code) if code else contextlib.nullcontext()


def _clamp(percent: float) -> int:
    return max(0, min(100, int(percent)))


# --- the worker's part ----------------------------------------------------------------------------------------


def job_claim(model: type[Job], job_id: int, *, stage: str = "", **fields) -> bool:
    """queued → running for one worker only: a conditional UPDATE whose row count decides. Returns False when
    another worker claimed the job first or it was given up; ``fields`` are the job's own columns to reset."""
    model.machine.check(JobStatus.QUEUED, JobStatus.RUNNING)
    now = timezone.now()
    claimed = model._default_manager.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, progress=0, stage=stage[:100], **fields
    )
    return claimed == 1


class JobHeartbeat:
    """Writes a running job's progress, stage and heartbeat at most every ``interval`` seconds (unless forced),
    so a long loop may call :meth:`beat` as often as it likes. Raises :class:`JobStopped` once the job is no
    longer running."""

    def __init__(self, job: Job, *, interval: float = PROGRESS_INTERVAL_S, clock: Callable[[], float] = time.monotonic):
        self.model = type(job)
        self.pk = job.pk
        self.interval = interval
        self.clock = clock
        self.last_write = clock()  # the claim has just written the heartbeat

    def beat(self, *, progress: float | None = None, stage: str | None = None, force: bool = False, **fields) -> bool:
        """Write unless the last write is too recent; returns whether it wrote. ``fields`` are the job's own
        columns (e.g. rows checked so far)."""
        clock = self.clock()
        if not force and clock - self.last_write < self.interval:
            return False
        self.last_write = clock
        updates: dict[str, object] = {"heartbeat_at": timezone.now(), **fields}
        if progress is not None:
            updates["progress"] = _clamp(progress)
        if stage is not None:
            updates["stage"] = stage[:100]
        if self.model._default_manager.filter(pk=self.pk, status=JobStatus.RUNNING).update(**updates) != 1:
            raise JobStopped
        return True


def job_lock_running(job: Job) -> None:
    """Inside a transaction: lock the job's row while it is still running, or raise :class:`JobStopped`. The
    stale sweep skips locked rows, so a job busy writing its result is not mistaken for a dead one."""
    if not type(job)._default_manager.select_for_update().filter(pk=job.pk, status=JobStatus.RUNNING).exists():
        raise JobStopped


def job_finish(job: Job, *, status: str = JobStatus.DONE, message: str = "", **fields) -> bool:
    """running → an end state (done, failed or the job's own), with the job's own columns (``fields`` and
    :meth:`Job.end_updates`). Conditional on the job still running: returns False, writing nothing, when it
    was given up meanwhile. A finished job's progress is 100 unless given."""
    model = type(job)
    model.machine.check(JobStatus.RUNNING, status)
    now = timezone.now()
    updates: dict[str, Any] = {
        "status": status,
        "finished_at": now,
        "heartbeat_at": now,
        "stage": _status_label(model, status),
        **job.end_updates(status=status, message=message),
        **fields,
    }
    if status == JobStatus.DONE:
        updates.setdefault("progress", 100)
    if "progress" in updates:
        updates["progress"] = _clamp(updates["progress"])
    if model._default_manager.filter(pk=job.pk, status=JobStatus.RUNNING).update(**updates) != 1:
        return False
    for name, value in updates.items():
        setattr(job, name, value)
    return True


def job_fail(job: Job, *, message: str, **fields) -> bool:
    """running → failed with ``message`` for the one who started it (see :func:`job_finish`)."""
    return job_finish(job, status=JobStatus.FAILED, message=message, **fields)


# --- jobs whose worker died -----------------------------------------------------------------------------------


def stale_jobs(model: type[J], *, now: datetime | None = None) -> models.QuerySet[J]:
    """Running without a heartbeat for ``stale_after``, or queued and never picked up for ``queued_too_long``."""
    now = now or timezone.now()
    silent_since = now - model.stale_after
    running = Q(status=JobStatus.RUNNING) & (
        Q(heartbeat_at__lt=silent_since) | Q(heartbeat_at__isnull=True, created_at__lt=silent_since)
    )
    lost = Q(status=JobStatus.QUEUED, created_at__lt=now - model.queued_too_long)
    return model._default_manager.filter(running | lost)


def job_fail_stale(model: type[Job], *, now: datetime | None = None, within: Q | None = None) -> int:
    """Fail the jobs of ``model`` (optionally ``within`` a filter) whose worker died, each with its
    :meth:`Job.stale_message` in the starter's language. A job whose row is locked by its worker is alive
    and left alone. Returns how many were failed."""
    now = now or timezone.now()
    candidates = stale_jobs(model, now=now)
    if within is not None:
        candidates = candidates.filter(within)
    if not candidates.exists():  # the usual case: one cheap query
        return 0
    failed = 0
    with transaction.atomic():
        for job in candidates.select_for_update(skip_locked=True).defer(*model.sweep_defer):
            with _in_language(job.message_language()):
                message = job.stale_message()
                stage = _status_label(model, JobStatus.FAILED)
            updates = {
                "status": JobStatus.FAILED,
                "finished_at": now,
                "stage": stage,
                **job.end_updates(status=JobStatus.FAILED, message=message),
            }
            failed += model._default_manager.filter(pk=job.pk, status=job.status).update(**updates)
    return failed


def jobs_fail_stale(*, now: datetime | None = None) -> dict[type[Job], int]:
    """:func:`job_fail_stale` for every job model; how many jobs of each were failed."""
    return {model: job_fail_stale(model, now=now) for model in job_models()}


# --- starting again -------------------------------------------------------------------------------------------


def job_restart(job: Job, *, again: Callable[[], T]) -> T:
    """Start a job again if its state allows it (``restartable_states``), else ValidationError with the job's
    ``restart_refusal``. What starting again means is the job's: ``again`` queues a new job with the same
    inputs, or asks for what was not kept (an uploaded file)."""
    if not job.may_restart:
        raise ValidationError(str(job.restart_refusal), code="not_restartable")
    return again()
