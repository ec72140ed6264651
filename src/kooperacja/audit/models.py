from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonalDataAccess(models.Model):
    """One read of a person's data: who, what record, which fields, why, when.

    Changes are kept by django-auditlog; this table answers the GDPR question "who has seen my data".
    It stores ids and field names only, never the values read.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
        db_index=False,  # led by the ("actor", "at") index below
    )
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        verbose_name=_("record type"),
        db_index=False,  # led by the ("content_type", …) indexes below
    )
    object_id = models.CharField(_("record id"), max_length=64)
    fields = models.JSONField(_("fields"), default=list)
    purpose = models.CharField(_("purpose"), max_length=200)
    channel = models.CharField(_("channel"), max_length=20, default="web")
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at", "-id"]
        # The log grows by a row per person shown (a million and more in a country): its reads are served by
        # indexes ending in its order, so a page costs the rows it shows, not the table. Filters by record type
        # or channel read the ("at", "id") index (each type and channel is a large share of the log); every
        # further index would slow the INSERT that each page showing people makes.
        indexes = [
            # Who read this person: one record's reads, newest first.
            models.Index(fields=["content_type", "object_id", "at"], name="audit_read_record_at"),
            # What one user read (the log's "who" filter), newest first.
            models.Index(fields=["actor", "at"], name="audit_read_actor_at"),
            # The whole log newest first, its date filters, and the retention rule's oldest rows.
            models.Index(fields=["at", "id"], name="audit_read_at"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} read {self.content_type_id}:{self.object_id} at {self.at}"
