"""Writes of notifications: ``notify`` (called by the apps above when something should reach someone), reading
them, the daily-summary preference and the summary itself."""

import logging
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from kooperacja.core import waiting
from kooperacja.notifications.models import Notification, NotificationPreference
from kooperacja.notifications.selectors import digest_user_ids

logger = logging.getLogger(__name__)

DIGEST_NOTIFICATIONS = 10  # unread notifications a summary lists (with the count of all)


def notify(*, recipients: Iterable, kind: str, title: str, link: str, params: dict | None = None) -> None:
    """Notify each of ``recipients`` (users; each once, the inactive skipped) once the current transaction
    commits: nothing is said about a change that was rolled back. ``title`` is English source text marked with
    ``gettext_noop`` and ``params`` its %-parameters; neither names a participant."""
    users = {user.pk: user for user in recipients if user is not None and user.is_active}
    if not users:
        return
    rows = [Notification(recipient_id=pk, kind=kind, title=str(title), params=params or {}, link=link) for pk in users]

    def write() -> None:
        Notification.objects.bulk_create(rows)
        for user in users.values():
            waiting.forget(user)

    transaction.on_commit(write)


def notify_by_email(*, recipients: Iterable, title: str, link: str, params: dict | None = None, body: str = "") -> int:
    """Queue an e-mail to each of ``recipients`` with an address (each once, the inactive skipped) once the current
    transaction commits. ``title`` (the subject) and ``body`` are English source texts marked with ``gettext_noop``
    with the %-parameters ``params``, translated by the worker into each recipient's language; ``link`` is a path
    made absolute with SITE_URL. Like ``notify``, neither names a participant. Return how many are queued."""
    from kooperacja.notifications.tasks import email_send

    user_ids = sorted({user.pk for user in recipients if user is not None and user.is_active and user.email})
    if not user_ids:
        return 0
    subject, text, values = str(title), str(body), params or {}

    def enqueue() -> None:
        for user_id in user_ids:
            email_send.enqueue(user_id=user_id, title=subject, body=text, link=link, params=values)

    transaction.on_commit(enqueue)
    return len(user_ids)


def _translated(text: str, params: dict) -> str:
    try:
        return translation.gettext(text) % params if params else translation.gettext(text)
    except (KeyError, TypeError, ValueError):
        return text


def email_send(*, user_id: int, title: str, link: str, params: dict | None = None, body: str = "") -> bool:
    """Send one notification e-mail (see :func:`notify_by_email`) in the recipient's language; return whether it
    was sent (not to an inactive user or one without an address)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return False
    preference = NotificationPreference.objects.filter(user=user).first()
    language = preference.language if preference is not None else settings.LANGUAGE_CODE
    params = params or {}
    with translation.override(language):
        context = {
            "title": _translated(title, params),
            "body": _translated(body, params) if body else "",
            "url": settings.SITE_URL.rstrip("/") + link,
            "account_url": settings.SITE_URL.rstrip("/") + reverse("accounts:profile"),
        }
        subject = " ".join(context["title"].split())
        text = render_to_string("notifications/email/notification.txt", context)
    EmailMultiAlternatives(subject, text, None, [user.email]).send()
    logger.info("Notification e-mail sent to user %s", user.pk)
    return True


def notification_open(*, actor, notification: Notification) -> Notification:
    """Mark the notification read (it is being opened)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        waiting.forget(actor)
    return notification


def notifications_read_all(*, actor) -> int:
    count = Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
    waiting.forget(actor)
    return count


def preference_set(*, actor, daily_digest: bool, language: str) -> NotificationPreference:
    if language not in {code for code, _name in settings.LANGUAGES}:
        language = settings.LANGUAGE_CODE
    preference, _created = NotificationPreference.objects.update_or_create(
        user=actor, defaults={"daily_digest": daily_digest, "language": language}
    )
    return preference


def _claim(user_id: int, on: date) -> NotificationPreference | None:
    """Record that the user's summary of ``on`` is being sent; None when it was sent already (or not wanted): two
    workers, or the command run twice a day, never send it twice."""
    with transaction.atomic():
        claimed = NotificationPreference.objects.filter(
            Q(last_digest_on__isnull=True) | Q(last_digest_on__lt=on), user_id=user_id, daily_digest=True
        ).update(last_digest_on=on)
    if not claimed:
        return None
    return NotificationPreference.objects.get(user_id=user_id)


def digest_send(*, user_id: int, on: date | None = None) -> bool:
    """Send the user's daily summary of ``on`` (today): what waits for them, counted per kind with a link, and
    their unread notifications' titles, as plain text and HTML with absolute links. Nothing is sent when nothing
    waits. Return whether a message was sent."""
    on = on or timezone.localdate()
    user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return False
    preference = _claim(user_id, on)
    if preference is None:
        return False
    site = settings.SITE_URL.rstrip("/")
    with translation.override(preference.language):
        entries = waiting.waiting_for(user, limit=0)
        unread = list(
            Notification.objects.filter(recipient=user, read_at__isnull=True).order_by("-created_at", "-id")[
                : DIGEST_NOTIFICATIONS + 1
            ]
        )
        unread_total = (
            len(unread)
            if len(unread) <= DIGEST_NOTIFICATIONS
            else Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        )
        if not entries and not unread:
            return False
        context = {
            "site": site,
            "day": on,
            "entries": [
                {"label": entry.kind.label, "count": entry.count, "url": site + entry.url}
                for entry in entries
                if entry.kind.code != "notifications.unread"
            ],
            "notifications": [
                {"text": item.text, "url": site + reverse("notifications:open", kwargs={"notification_id": item.pk})}
                for item in unread[:DIGEST_NOTIFICATIONS]
            ],
            "unread_total": unread_total,
            "home_url": site + reverse("core:home"),
            "notifications_url": site + reverse("notifications:list"),
            "account_url": site + reverse("accounts:profile"),
        }
        subject = " ".join(render_to_string("notifications/email/digest_subject.txt", context).split())
        text = render_to_string("notifications/email/digest.txt", context)
        html = render_to_string("notifications/email/digest.html", context)
    message = EmailMultiAlternatives(subject, text, None, [user.email])
    message.attach_alternative(html, "text/html")
    message.send()
    logger.info("Daily summary sent to user %s", user.pk)
    return True


def digests_enqueue(*, on: date | None = None) -> int:
    """Queue one summary task per user who wants it and has not had it ``on`` (today); return how many."""
    from kooperacja.notifications.tasks import digest_send as digest_task

    on = on or timezone.localdate()
    user_ids = digest_user_ids(on=on)
    for user_id in user_ids:
        digest_task.enqueue(user_id=user_id, on=on.isoformat())
    return len(user_ids)
