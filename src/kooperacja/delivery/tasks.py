"""Background work of the delivery app: thin tasks that reload by id and call one service."""

from django_tasks import task

from kooperacja.delivery import import_jobs


@task()
def delivery_import_run(job_id: int) -> None:
    """Claim and process a queued import of delivery reports."""
    import_jobs.import_process(job_id=job_id)
