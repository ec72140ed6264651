from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Subquery
from django.utils import timezone

from kooperacja.audit.models import PersonalDataAccess

# Rows of the read log written per INSERT: a page or an export of any length is a few statements, each small
# enough for every database's limit on parameters.
LOG_BATCH_SIZE = 500
# Old rows deleted per statement by the retention rule: short transactions, no long lock on the log.
PRUNE_BATCH_SIZE = 10_000


def personal_data_read_log(
    *, actor: User | None, records: Iterable[models.Model], fields: Sequence[str], purpose: str, channel: str = "web"
) -> int:
    """Record that ``actor`` was shown ``fields`` of each of ``records``. Returns rows written.

    One call writes all its rows with one INSERT per :data:`LOG_BATCH_SIZE` records: a list page of 50 people
    costs the same statements as a page of 5."""
    actor = actor if actor is not None and actor.is_authenticated else None
    rows = [
        PersonalDataAccess(
            actor=actor,
            content_type=ContentType.objects.get_for_model(record),
            object_id=str(record.pk),
            fields=list(fields),
            purpose=purpose,
            channel=channel,
        )
        for record in records
    ]
    PersonalDataAccess.objects.bulk_create(rows, batch_size=LOG_BATCH_SIZE)
    return len(rows)


def personal_data_reads_prune(*, now: datetime | None = None, batch_size: int = PRUNE_BATCH_SIZE) -> int:
    """Delete the reads older than ``READ_LOG_RETENTION_DAYS``, oldest first, ``batch_size`` rows per statement
    (each in its own transaction). Returns rows deleted. Run daily (``manage.py prune_read_log`` or the task)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.READ_LOG_RETENTION_DAYS)
    oldest = PersonalDataAccess.objects.filter(at__lt=cutoff).order_by("at", "id").values("id")
    deleted = 0
    while True:
        # DELETE … WHERE id IN (SELECT id … ORDER BY at, id LIMIT n): read along the ("at", "id") index.
        batch, _ = PersonalDataAccess.objects.filter(id__in=Subquery(oldest[:batch_size])).delete()
        deleted += batch
        if batch < batch_size:
            return deleted
