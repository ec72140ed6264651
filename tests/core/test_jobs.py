"""The job base every background job shares: one claim, throttled heartbeats, bounded progress, conditional ends,
the failure of jobs whose worker died and starting again — on the two real job models."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kooperacja.core import jobs
from kooperacja.core.jobs import JobStatus
from kooperacja.placement.models import MatchingRun
from kooperacja.registry.models import OrganisationKind
from kooperacja.training.models import ImportJob, ImportStatus
from tests.factories import GRUDZIADZ, OrganisationFactory

pytestmark = pytest.mark.django_db

RUN_STOPPED = "The background worker stopped while the run was in progress. Start the run again."
IMPORT_INTERRUPTED = "The import was interrupted; nothing was imported. Start it again."


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _run(territory="0462", **fields) -> MatchingRun:
    return MatchingRun.objects.create(territory_id=territory, **fields)


def _import(**fields) -> ImportJob:
    organisation = OrganisationFactory(kind=OrganisationKind.CIS, municipality_id=GRUDZIADZ)
    return ImportJob.objects.create(kind="participants", organisation=organisation, file_name="a.csv", **fields)


def _age(job, **fields):
    """Move the job's times into the past (created_at is set on insert)."""
    type(job).objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    return job


def test_it_declares_the_states_once_with_a_jobs_own_end_states():
    assert jobs.JOB_MACHINE.allowed(JobStatus.QUEUED) == {JobStatus.RUNNING, JobStatus.FAILED}
    assert jobs.JOB_MACHINE.allowed(JobStatus.RUNNING) == {JobStatus.DONE, JobStatus.FAILED}
    assert jobs.JOB_MACHINE.allowed(JobStatus.DONE) == jobs.JOB_MACHINE.allowed(JobStatus.FAILED) == frozenset()
    assert ImportJob.machine.allowed(ImportStatus.RUNNING) == {"done", "failed", "rejected"}
    assert ImportJob(status=ImportStatus.REJECTED).is_finished and not ImportJob(status="running").is_finished
    assert set(jobs.job_models()) >= {MatchingRun, ImportJob}


def test_it_lets_only_the_first_of_two_workers_claim_a_job():
    run = _run()
    # Both workers read the job as queued; the conditional UPDATE lets one of them have it.
    with CaptureQueriesContext(connection) as queries:
        first = jobs.job_claim(MatchingRun, run.pk, stage="loading")
    second = jobs.job_claim(MatchingRun, run.pk, stage="loading")
    assert (first, second) == (True, False)
    assert len(queries) == 1 and queries[0]["sql"].startswith("UPDATE") and "status" in queries[0]["sql"]
    claimed_at = MatchingRun.objects.get(pk=run.pk).started_at
    assert jobs.job_claim(MatchingRun, run.pk) is False
    run.refresh_from_db()
    assert run.status == JobStatus.RUNNING and run.started_at == claimed_at == run.heartbeat_at
    assert (run.progress, run.stage) == (0, "loading")


def test_it_writes_the_heartbeat_at_most_every_interval_unless_forced():
    run = _run()
    jobs.job_claim(MatchingRun, run.pk)
    run.refresh_from_db()
    claimed_at = run.heartbeat_at
    clock = Clock()
    heartbeat = jobs.JobHeartbeat(run, interval=2.0, clock=clock)
    clock.now += 1.0
    with CaptureQueriesContext(connection) as queries:
        assert heartbeat.beat(progress=40, stage="solving") is False
    assert len(queries) == 0
    run.refresh_from_db()
    assert (run.progress, run.heartbeat_at) == (0, claimed_at)

    assert heartbeat.beat(progress=41, force=True) is True
    run.refresh_from_db()
    assert run.progress == 41 and run.heartbeat_at > claimed_at
    clock.now += 1.5
    assert heartbeat.beat(progress=50) is False  # 1.5 s since the forced write
    clock.now += 0.5
    assert heartbeat.beat(progress=60, stage="solving", matched_count=3) is True
    run.refresh_from_db()
    assert (run.progress, run.stage, run.matched_count) == (60, "solving", 3)


def test_it_keeps_progress_between_0_and_100():
    run = _run()
    jobs.job_claim(MatchingRun, run.pk)
    heartbeat = jobs.JobHeartbeat(run)
    heartbeat.beat(progress=250, force=True)
    assert MatchingRun.objects.get(pk=run.pk).progress == 100
    heartbeat.beat(progress=-7, force=True)
    assert MatchingRun.objects.get(pk=run.pk).progress == 0
    assert jobs.job_finish(run, progress=180) and MatchingRun.objects.get(pk=run.pk).progress == 100
    with pytest.raises(IntegrityError), transaction.atomic():  # the database holds the bound too
        MatchingRun.objects.filter(pk=run.pk).update(progress=101)


def test_it_stops_the_worker_of_a_job_given_up_meanwhile():
    run = _run()
    jobs.job_claim(MatchingRun, run.pk)
    heartbeat = jobs.JobHeartbeat(run)
    assert jobs.job_fail_stale(MatchingRun, now=timezone.now() + timedelta(minutes=6)) == 1
    with pytest.raises(jobs.JobStopped):
        heartbeat.beat(progress=70, force=True)
    with pytest.raises(jobs.JobStopped), transaction.atomic():
        jobs.job_lock_running(run)
    # Its result is not recorded: the end is conditional on the job still running.
    assert jobs.job_finish(run, matched_count=5) is False
    run.refresh_from_db()
    assert run.status == JobStatus.FAILED and run.matched_count == 0 and run.error == RUN_STOPPED


def test_it_ends_a_job_once_with_its_own_columns_and_only_in_its_own_end_states():
    run = _run()
    jobs.job_claim(MatchingRun, run.pk)
    with pytest.raises(ValidationError):
        jobs.job_finish(run, status=ImportStatus.REJECTED)  # not an end state of a matching run
    assert jobs.job_fail(run, message="centroids unavailable") is True
    run.refresh_from_db()
    assert (run.status, run.error, run.stage) == (JobStatus.FAILED, "centroids unavailable", "failed")
    assert run.finished_at is not None and run.is_finished
    assert jobs.job_finish(run) is False  # already ended

    job = _import(content_encrypted=b"sealed", rows_total=4)
    jobs.job_claim(ImportJob, job.pk)
    assert jobs.job_finish(job, status=ImportStatus.REJECTED, progress=job.progress_of(0, ended=True)) is True
    job.refresh_from_db()
    assert job.status == ImportStatus.REJECTED and job.content_encrypted is None and job.progress == 0


def test_it_fails_jobs_whose_worker_died_and_leaves_live_and_finished_ones_alone():
    now = timezone.now()
    dead = _age(_run("0462", status=JobStatus.RUNNING), heartbeat_at=now - timedelta(minutes=6))
    alive = _age(_run("0461", status=JobStatus.RUNNING), heartbeat_at=now - timedelta(minutes=4))
    never_beat = _age(_run("0403", status=JobStatus.RUNNING), created_at=now - timedelta(minutes=6))
    lost = _age(_run("0404", status=JobStatus.QUEUED), created_at=now - timedelta(minutes=61))
    waiting = _age(_run("0405", status=JobStatus.QUEUED), created_at=now - timedelta(minutes=59))
    done = _age(_run("0406", status=JobStatus.DONE), heartbeat_at=now - timedelta(days=1))
    assert [run.is_silent(now) for run in (dead, alive, never_beat, lost, waiting, done)] == [
        True,
        False,
        True,
        True,
        False,
        False,
    ]

    assert jobs.job_fail_stale(MatchingRun, now=now) == 3
    statuses = dict(MatchingRun.objects.values_list("pk", "status"))
    assert [statuses[run.pk] for run in (dead, alive, never_beat, lost, waiting, done)] == [
        "failed",
        "running",
        "failed",
        "failed",
        "queued",
        "done",
    ]
    dead.refresh_from_db()
    assert dead.error == RUN_STOPPED and dead.finished_at == now and dead.stage == "failed"
    assert jobs.job_fail_stale(MatchingRun, now=now) == 0


def test_it_fails_stale_jobs_only_within_a_filter_when_asked():
    old = timezone.now() - timedelta(minutes=10)
    here = _age(_run("0462", status=JobStatus.RUNNING), heartbeat_at=old)
    there = _age(_run("0461", status=JobStatus.RUNNING), heartbeat_at=old)
    assert jobs.job_fail_stale(MatchingRun, within=Q(territory_id="0462")) == 1
    assert MatchingRun.objects.get(pk=here.pk).status == JobStatus.FAILED
    assert MatchingRun.objects.get(pk=there.pk).status == JobStatus.RUNNING


def test_it_tells_the_failure_in_the_starters_language_and_lets_the_job_clear_its_file():
    old = timezone.now() - timedelta(minutes=10)
    english = _age(_import(status="running", language="en", content_encrypted=b"x", rows_total=3), heartbeat_at=old)
    polish = _age(_import(status="running", language="pl", content_encrypted=b"y"), heartbeat_at=old)
    assert jobs.job_fail_stale(ImportJob) == 2
    english.refresh_from_db()
    polish.refresh_from_db()
    assert english.errors == [{"row": 0, "field": "", "message": IMPORT_INTERRUPTED}]
    assert polish.errors[0]["message"] not in ("", IMPORT_INTERRUPTED)  # the Polish translation
    assert english.content_encrypted is None and polish.content_encrypted is None
    assert (english.rows_done, english.progress, polish.progress) == (0, 0, 100)


def test_it_fails_the_stale_jobs_of_every_job_model_from_one_command():
    old = timezone.now() - timedelta(hours=2)
    run = _age(_run(status=JobStatus.QUEUED), created_at=old)
    job = _age(_import(), created_at=old)
    out = io.StringIO()
    call_command("fail_stale_jobs", stdout=out)
    lines = out.getvalue().splitlines()
    assert "placement.MatchingRun: 1 stale job(s) marked as failed." in lines
    assert "training.ImportJob: 1 stale job(s) marked as failed." in lines
    assert MatchingRun.objects.get(pk=run.pk).status == ImportJob.objects.get(pk=job.pk).status == "failed"
    assert set(jobs.jobs_fail_stale().values()) == {0}


def test_it_restarts_only_from_the_states_the_job_allows():
    failed, done, running = _import(status="failed"), _import(status="done"), _import(status="running")
    assert jobs.job_restart(failed, again=lambda: "form") == "form"
    for job in (done, running):
        with pytest.raises(ValidationError) as refused:
            jobs.job_restart(job, again=pytest.fail)
        assert refused.value.messages == ["Only a failed import can be started again."]
    # A matching run may also be run again after it finished, never while it is in progress.
    assert jobs.job_restart(_run("0462", status=JobStatus.DONE), again=lambda: "new run") == "new run"
    with pytest.raises(ValidationError, match="still in progress"):
        jobs.job_restart(_run("0461", status=JobStatus.QUEUED), again=pytest.fail)
