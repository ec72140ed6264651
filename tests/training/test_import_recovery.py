"""Imports survive a killed worker: stale jobs are marked failed, are started again with the file uploaded
again, and are claimed once."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from kooperacja.core.jobs import job_fail_stale
from kooperacja.training import services
from kooperacja.training.imports import COLUMNS
from kooperacja.training.models import ImportJob, ImportKind, ImportStatus, Participation, Person
from kooperacja.training.services.import_participants import ParticipantImport
from tests.training.factories import make_pesel

pytestmark = pytest.mark.django_db

INTERRUPTED = "The import was interrupted; nothing was imported. Start it again."
NOT_ANSWERING = "The background worker is not answering."


class WorkerKilled(BaseException):
    """Stands in for the worker process being killed: nothing in the import catches it."""


def _csv(rows: int) -> bytes:
    lines = [";".join(COLUMNS["participants"])]
    for _ in range(rows):
        values = {
            "pesel": make_pesel(),
            "first_name": "Anna",
            "last_name": "Wznowiona",
            "home_municipality": "0462011",
            "eligibility": "homeless",
            "exclusions": "none",
            "referral_date": "2025-02-10",
            "plan_reference": "IPZS/1",
            "plan_signed_on": "2025-02-28",
            "start_date": "2025-03-03",
            "planned_end_date": "2025-12-31",
            "consent_to_share": "tak",
        }
        lines.append(";".join(values.get(column, "") for column in COLUMNS["participants"]))
    return "\n".join(lines).encode()


def _queued_job(world, *, rows=2, content=None, capture) -> ImportJob:
    with capture(execute=False):  # the task is not run: the test plays the worker
        return services.import_job_create(
            actor=world.user("pzs_staff"),
            kind=ImportKind.PARTICIPANTS,
            organisation=world.org_a,
            file_name="people.csv",
            content=content or _csv(rows),
            language="en",
        )


def test_it_fails_a_killed_import_and_asks_for_the_file_again_to_start_it_again(
    world, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    content = _csv(3)
    job = _queued_job(world, content=content, capture=django_capture_on_commit_callbacks)

    class DyingImport(ParticipantImport):
        def check(self, batch):
            if 3 in batch.numbers:
                raise WorkerKilled
            super().check(batch)

    monkeypatch.setitem(services.IMPORTERS, ImportKind.PARTICIPANTS, DyingImport)
    with pytest.raises(WorkerKilled):
        services.import_job_process(job_id=job.pk)
    monkeypatch.undo()
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING and job.started_at and job.heartbeat_at
    assert job.content_encrypted is not None  # still needed while the job may be alive
    assert Person.objects.count() == 0 and Participation.objects.count() == 0

    # Still within the heartbeat window: the job is left alone.
    assert job_fail_stale(ImportJob, now=job.heartbeat_at + timedelta(minutes=4)) == 0
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=6))
    client = client_for("pzs_staff")
    # The pages only read: they show the job as not answering and leave it to the periodic sweep.
    page = client.get(f"/training/imports/{job.public_id}/").content.decode()
    listing = client.get("/training/imports/").content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING and job.content_encrypted is not None
    assert NOT_ANSWERING in page and "every 1s" in page and "Start again" not in page
    assert "(not answering)" in listing
    call_command("fail_stale_jobs", stdout=io.StringIO())
    page = client.get(f"/training/imports/{job.public_id}/").content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.finished_at and job.rows_done == 0
    assert job.content_encrypted is None  # the file is not kept once the job has ended
    assert [error["message"] for error in job.errors] == [INTERRUPTED]
    assert INTERRUPTED in page and "Start again" in page and "every 1s" not in page and NOT_ANSWERING not in page

    # "Start again" leads to the upload form of the same kind, the organisation chosen, asking for the file.
    response = client.get(f"/training/imports/{job.public_id}/restart/")
    assert response.status_code == 302
    assert response["Location"] == f"/training/imports/participants/?organisation={world.org_a.pk}"
    form = client.get(response["Location"]).content.decode()
    assert "Choose the file “people.csv” again to start the import." in form
    assert f'<option value="{world.org_a.pk}" selected>' in form
    assert ImportJob.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/training/imports/participants/",
            {"organisation": world.org_a.pk, "file": SimpleUploadedFile("people.csv", content)},
        )
    again = ImportJob.objects.exclude(pk=job.pk).get()
    assert response.status_code == 302 and response["Location"] == f"/training/imports/{again.public_id}/"
    assert (again.kind, again.organisation, again.file_name) == (job.kind, job.organisation, job.file_name)
    assert again.status == ImportStatus.DONE and again.rows_done == again.rows_total == 3
    assert Participation.objects.filter(organisation=world.org_a).count() == 3
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED  # the failed job stays as it was, for the record


def test_it_lets_only_the_first_worker_claim_an_import(world, django_capture_on_commit_callbacks):
    job = _queued_job(world, capture=django_capture_on_commit_callbacks)
    claimed_at = timezone.now() - timedelta(seconds=30)
    # Another worker holds the job: this one does nothing.
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, started_at=claimed_at, heartbeat_at=claimed_at
    )
    assert services.import_job_process(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING and job.heartbeat_at == claimed_at and job.rows_total == 0
    assert Person.objects.count() == 0

    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
    first = services.import_job_process(job_id=job.pk)
    assert first.status == ImportStatus.DONE
    finished_at = first.finished_at
    assert services.import_job_process(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.finished_at == finished_at
    assert Participation.objects.count() == 2


def test_it_fails_imports_queued_for_over_an_hour_from_the_command(world, django_capture_on_commit_callbacks):
    lost = _queued_job(world, capture=django_capture_on_commit_callbacks)
    fresh = _queued_job(world, capture=django_capture_on_commit_callbacks)
    alive = _queued_job(world, capture=django_capture_on_commit_callbacks)
    now = timezone.now()
    ImportJob.objects.filter(pk=lost.pk).update(created_at=now - timedelta(minutes=61))
    ImportJob.objects.filter(pk=alive.pk).update(
        status=ImportStatus.RUNNING, created_at=now - timedelta(hours=3), heartbeat_at=now - timedelta(seconds=10)
    )
    out = io.StringIO()
    call_command("fail_stale_jobs", stdout=out)
    assert "training.ImportJob: 1 stale job(s) marked as failed." in out.getvalue().splitlines()
    statuses = dict(ImportJob.objects.values_list("pk", "status"))
    assert statuses == {lost.pk: ImportStatus.FAILED, fresh.pk: ImportStatus.QUEUED, alive.pk: ImportStatus.RUNNING}
    lost.refresh_from_db()
    assert lost.errors[0]["message"] == INTERRUPTED
    # A worker that picks the lost job up late does nothing.
    assert services.import_job_process(job_id=lost.pk) is None
    assert Person.objects.count() == 0


def test_it_writes_nothing_when_the_job_was_declared_dead_while_rows_were_checked(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    job = _queued_job(world, capture=django_capture_on_commit_callbacks)

    class SlowImport(ParticipantImport):
        def check(self, batch):
            super().check(batch)
            if 3 in batch.numbers:  # the last row: meanwhile the job was given up as dead
                job_fail_stale(ImportJob, now=timezone.now() + timedelta(minutes=10))

    monkeypatch.setitem(services.IMPORTERS, ImportKind.PARTICIPANTS, SlowImport)
    result = services.import_job_process(job_id=job.pk)
    assert result.status == ImportStatus.FAILED and result.errors[0]["message"] == INTERRUPTED
    assert Person.objects.count() == 0 and Participation.objects.count() == 0


def test_it_restarts_only_failed_imports_for_those_who_may_upload_them(
    world, client_for, django_capture_on_commit_callbacks
):
    job = _queued_job(world, capture=django_capture_on_commit_callbacks)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE)
    url = f"/training/imports/{job.public_id}/restart/"
    response = client_for("pzs_staff").get(url, follow=True)
    assert response.redirect_chain == [(f"/training/imports/{job.public_id}/", 302)]
    assert "Only a failed import can be started again." in response.content.decode()

    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED)
    # A member of the organisation who may not import participants sees the job but no button.
    page = client_for("pes_manager").get(f"/training/imports/{job.public_id}/").content.decode()
    assert "Start again" not in page
    assert client_for("pes_manager").get(url).status_code == 403
    assert client_for("member_b").get(url).status_code == 404  # another institution's member
    assert client_for("social_worker").get(url).status_code == 403
    assert client_for("pzs_staff").post(url).status_code == 405
    assert client_for("pzs_staff").get(url).status_code == 302
    assert ImportJob.objects.count() == 1


def test_it_lists_imports_in_few_queries_and_writes_nothing(world, client_for, django_assert_max_num_queries):
    staff = world.user("pzs_staff")
    for index in range(5):
        ImportJob.objects.create(
            kind="participants", organisation=world.org_a, file_name=f"{index}.csv", started_by=staff
        )
    lost = ImportJob.objects.order_by("pk").first()
    ImportJob.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(hours=2))
    client = client_for("pzs_staff")
    with django_assert_max_num_queries(12):
        response = client.get("/training/imports/")
    assert response.status_code == 200 and response.content.decode().count("/training/imports/") >= 5
    assert response.content.decode().count("(not answering)") == 1
    assert set(ImportJob.objects.values_list("status", flat=True)) == {ImportStatus.QUEUED}
