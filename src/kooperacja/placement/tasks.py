"""Background work of the placement app: thin tasks that take ids and call one service."""

from django_tasks import task


@task()
def run_matching(run_id: int) -> None:
    from kooperacja.placement.services import run_execute

    run_execute(run_id=run_id)
