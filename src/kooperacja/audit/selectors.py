from auditlog.models import LogEntry
from django.db.models import QuerySet

from kooperacja.audit.models import PersonalDataAccess


def personal_data_access_list(*, user) -> QuerySet[PersonalDataAccess]:
    if not user.is_superuser:
        return PersonalDataAccess.objects.none()
    return PersonalDataAccess.objects.select_related("actor", "content_type")


def change_log_list(*, user) -> QuerySet[LogEntry]:
    if not user.is_superuser:
        return LogEntry.objects.none()
    return LogEntry.objects.select_related("actor", "content_type")
