"""Background work of the staffing app: thin tasks that call one service."""

from django_tasks import task

from kooperacja.staffing import services


@task()
def expire_needs() -> int:
    """Expire open needs whose "open until" date has passed (scheduled daily; also ``manage.py expire_needs``)."""
    return services.needs_expire_due()
