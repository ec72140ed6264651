"""Background work of the staffing app: thin tasks that call one service."""

from django_tasks import task

from kooperacja.staffing import services
from kooperacja.staffing.services.overview import overview_refresh_process


@task()
def expire_needs() -> int:
    """Expire open needs whose "open until" date has passed (scheduled daily; also ``manage.py expire_needs``)."""
    return services.needs_expire_due()


@task()
def refresh_overview(overview_id: int) -> None:
    """Count and store the figures of one territory's overview (a job of ``core.jobs``)."""
    overview_refresh_process(overview_id=overview_id)
