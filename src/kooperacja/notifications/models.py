from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Something that happened and concerns the recipient: a line with a link back to where it happened.

    The title is kept as its English source text (marked with ``gettext_noop`` where it is written) and its
    parameters, and translated when shown, so that each recipient reads it in their own language. Neither may
    carry personal data beyond what the recipient may see on the linked page; the senders write numbers, dates,
    positions and institutions, never a participant's name or PESEL.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    params = models.JSONField(default=dict, blank=True)
    link = models.CharField(_("link"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The list (newest first) and the unread count of one recipient.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_newest"),
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def text(self) -> str:
        """The title in the active language, with its parameters."""
        try:
            return gettext(self.title) % self.params if self.params else gettext(self.title)
        except (KeyError, TypeError, ValueError):
            return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """Whether the user wants the daily e-mail summary, in which language, and the day it was last sent."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    daily_digest = models.BooleanField(_("send me a daily e-mail summary"), default=False)
    language = models.CharField(max_length=10, default="pl")
    last_digest_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: digest {'on' if self.daily_digest else 'off'}"
