"""Reads of notifications: always the signed-in user's own."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import F, Q, QuerySet
from django.http import Http404

from kooperacja.notifications.models import Notification, NotificationPreference


def notification_list(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's notifications, unread first, newest first within each."""
    notifications = Notification.objects.filter(recipient=user)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by(F("read_at").asc(nulls_first=True), "-created_at", "-id")


def unread(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).order_by("-created_at", "-id")


def notification_get_for_recipient(*, user, notification_id: int) -> Notification:
    notification = Notification.objects.filter(recipient=user, pk=notification_id).first()
    if notification is None:
        raise Http404("notification")
    return notification


def preference_of(*, user) -> NotificationPreference | None:
    return NotificationPreference.objects.filter(user=user).first()


def digest_wanted(*, user) -> bool:
    return NotificationPreference.objects.filter(user=user, daily_digest=True).exists()


def digest_user_ids(*, on: date) -> list[int]:
    """Active users with an e-mail address who asked for the daily summary and have not had it on ``on``."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    preferences = NotificationPreference.objects.filter(daily_digest=True, user__in=users).filter(
        Q(last_digest_on__isnull=True) | Q(last_digest_on__lt=on)
    )
    return list(preferences.order_by("user_id").values_list("user_id", flat=True))
