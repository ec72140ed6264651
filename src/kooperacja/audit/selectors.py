from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet, Subquery
from django.utils import timezone

from kooperacja.audit.models import PersonalDataAccess


@dataclass(frozen=True)
class ReadLogFilters:
    """The audit log's filters of reads; each one is served by an index of ``PersonalDataAccess``."""

    username: str = ""
    content_type: ContentType | None = None
    object_id: str = ""
    channel: str = ""
    since: date | None = None
    until: date | None = None


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def personal_data_access_list(*, user, filters: ReadLogFilters | None = None) -> QuerySet[PersonalDataAccess]:
    """The reads of personal data, newest first, for administrators (nothing for anyone else)."""
    if not user.is_superuser:
        return PersonalDataAccess.objects.none()
    reads = PersonalDataAccess.objects.select_related("actor", "content_type")
    if filters is None:
        return reads
    if filters.username:
        # The user's id as a parameter, so the database reads the ("actor", "at") index, not the whole log.
        reads = reads.filter(actor_id=Subquery(User.objects.filter(username=filters.username).values("pk")[:1]))
    if filters.content_type is not None:
        reads = reads.filter(content_type=filters.content_type)
        if filters.object_id:
            reads = reads.filter(object_id=filters.object_id)
    if filters.channel:
        reads = reads.filter(channel=filters.channel)
    if filters.since:
        reads = reads.filter(at__gte=_start_of(filters.since))
    if filters.until:
        reads = reads.filter(at__lt=_start_of(filters.until + timedelta(days=1)))
    return reads


def personal_data_reads_of(*, user, content_type: ContentType, object_id: str) -> QuerySet[PersonalDataAccess]:
    """Who read this record (a person, a contact, a user), newest first: the answer to a data subject's
    "who has seen my data" (GDPR art. 15), read along the ("content_type", "object_id", "at") index."""
    return personal_data_access_list(
        user=user, filters=ReadLogFilters(content_type=content_type, object_id=str(object_id))
    )


def change_log_list(*, user) -> QuerySet[LogEntry]:
    if not user.is_superuser:
        return LogEntry.objects.none()
    return LogEntry.objects.select_related("actor", "content_type")
