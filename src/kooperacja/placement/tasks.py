"""Background work of the placement app: thin tasks that take ids and call one service."""

from django_tasks import task

from kooperacja.placement import services


@task()
def run_matching(run_id: int) -> None:
    """Claim and compute a queued matching run (a job of ``core.jobs``)."""
    services.run_execute(run_id=run_id)
