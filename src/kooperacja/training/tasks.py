"""Background work of the training app: thin tasks that reload by id and call one service."""

from django_tasks import task

from kooperacja.training import services


@task()
def import_job_run(job_id: int) -> None:
    """Claim and process a queued import (a job of ``core.jobs``)."""
    services.import_job_process(job_id=job_id)
