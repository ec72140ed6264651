from collections.abc import Iterable, Sequence

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models

from kooperacja.audit.models import PersonalDataAccess


def personal_data_read_log(
    *, actor: User | None, records: Iterable[models.Model], fields: Sequence[str], purpose: str, channel: str = "web"
) -> int:
    """Record that ``actor`` was shown ``fields`` of each of ``records``. Returns rows written."""
    rows = [
        PersonalDataAccess(
            actor=actor if actor is not None and actor.is_authenticated else None,
            content_type=ContentType.objects.get_for_model(record),
            object_id=str(record.pk),
            fields=list(fields),
            purpose=purpose,
            channel=channel,
        )
        for record in records
    ]
    PersonalDataAccess.objects.bulk_create(rows)
    return len(rows)
