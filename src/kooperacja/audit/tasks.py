"""Background work of the audit app: thin tasks that call one service."""

from django_tasks import task

from kooperacja.audit import services


@task()
def read_log_prune() -> int:
    """Delete reads of personal data older than the retention period (daily; also ``manage.py prune_read_log``)."""
    return services.personal_data_reads_prune()
