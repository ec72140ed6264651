"""Unread notifications are one kind of what waits (``core.waiting``): the navigation's count includes them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kooperacja.core import waiting
from kooperacja.notifications.models import Notification
from kooperacja.notifications.selectors import unread


def unread_notifications(user, limit: int) -> waiting.Waiting:
    notifications = unread(user=user)
    count = notifications.count()
    if not count or not limit:
        return waiting.Waiting(count)
    items = tuple(waiting.WaitingItem(label=item.text, url=_open_url(item)) for item in notifications[:limit])
    return waiting.Waiting(count, items)


def _open_url(notification: Notification) -> str:
    return reverse("notifications:open", kwargs={"notification_id": notification.pk})


KINDS = (
    waiting.Kind("notifications.unread", _("Unread notifications"), unread_notifications, "notifications:list", 1),
)
