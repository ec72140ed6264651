"""Background work of the readiness app: thin tasks that call one service."""

from django_tasks import task

from kooperacja.readiness import services


@task()
def lapse_readiness() -> int:
    """Lapse readiness decisions whose validity has ended (scheduled daily; also ``manage.py lapse_readiness``)."""
    return services.decisions_lapse()
