"""In-app notifications (read, unread, all read), who is notified of what, and the daily e-mail summary."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from kooperacja.notifications.models import Notification, NotificationPreference
from kooperacja.notifications.services import digest_send, notify, preference_set
from tests.admission.factories import issued

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def _notify(users, title="The plan %(name)s was signed.", link="/staffing/rounds/", **params):
    notify(recipients=users, kind="test", title=gettext_noop(title), params=params or {"name": "A"}, link=link)


def test_a_notification_is_written_only_when_the_transaction_commits(world, django_capture_on_commit_callbacks):
    coordinator = world.user("coordinator")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _notify([coordinator, coordinator])
    assert Notification.objects.count() == 0
    for callback in callbacks:
        callback()
    assert Notification.objects.filter(recipient=coordinator).count() == 1  # each recipient once


def test_inactive_users_are_not_notified(world, django_capture_on_commit_callbacks):
    user = world.user("analyst")
    user.is_active = False
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        _notify([user])
    assert not Notification.objects.exists()


def test_the_title_is_shown_in_the_readers_language(world, polish):
    notification = Notification(
        recipient=world.user("analyst"),
        kind="x",
        title="The matching run for %(territory)s failed.",
        params={"territory": "Grudziądz"},
        link="/",
    )
    assert notification.text == "Przebieg dopasowania dla obszaru Grudziądz nie powiódł się."


def test_the_list_shows_unread_first_and_filters_them(world, client_for, django_capture_on_commit_callbacks):
    coordinator = world.user("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        _notify([coordinator], name="first")
        _notify([coordinator], name="second")
    older = Notification.objects.get(params__name="first")
    Notification.objects.filter(params__name="second").update(read_at=timezone.now())
    client = client_for("coordinator")
    page = client.get(reverse("notifications:list")).content.decode()
    assert page.index("The plan first was signed.") < page.index("The plan second was signed.")
    unread_only = client.get(reverse("notifications:list") + "?show=unread").content.decode()
    assert "The plan first was signed." in unread_only and "The plan second was signed." not in unread_only
    assert reverse("notifications:open", kwargs={"notification_id": older.pk}) in page


def test_opening_marks_read_and_goes_to_the_link(world, client_for, django_capture_on_commit_callbacks):
    coordinator = world.user("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        _notify([coordinator], link="/staffing/rounds/")
    notification = Notification.objects.get()
    response = client_for("coordinator").get(reverse("notifications:open", kwargs={"notification_id": notification.pk}))
    assert response.status_code == 302 and response["Location"] == "/staffing/rounds/"
    notification.refresh_from_db()
    assert notification.is_read


def test_a_link_off_the_site_is_not_followed(world, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _notify([world.user("coordinator")], link="https://example.com/")
    notification = Notification.objects.get()
    response = client_for("coordinator").get(reverse("notifications:open", kwargs={"notification_id": notification.pk}))
    assert response["Location"] == reverse("notifications:list")


def test_nobody_opens_anothers_notification(world, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _notify([world.user("coordinator")])
    notification = Notification.objects.get()
    url = reverse("notifications:open", kwargs={"notification_id": notification.pk})
    assert client_for("pzs_staff").get(url).status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


def test_all_are_marked_read_with_a_post(world, client_for, django_capture_on_commit_callbacks):
    coordinator, staff = world.user("coordinator"), world.user("pzs_staff")
    with django_capture_on_commit_callbacks(execute=True):
        _notify([coordinator, staff])
        _notify([coordinator])
    client = client_for("coordinator")
    assert client.get(reverse("notifications:read-all")).status_code == 405
    response = client.post(reverse("notifications:read-all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=coordinator, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=staff, read_at__isnull=True).count() == 1


def test_unread_notifications_wait_on_the_home_page(world, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _notify([world.user("coordinator")], name="Gamma")
    page = client_for("coordinator").get(reverse("core:home")).content.decode()
    assert 'data-waiting-kind="notifications.unread"' in page and "The plan Gamma was signed." in page


def test_an_issued_referral_notifies_the_receiving_centre_without_the_persons_name(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = issued(world)
    recipients = set(Notification.objects.filter(kind="admission.issued").values_list("recipient__username", flat=True))
    assert recipients == {"pzs_staff", "social_worker"}  # the CIS's members who receive referrals
    notification = Notification.objects.filter(kind="admission.issued").first()
    assert referral.number in notification.text and referral.last_name not in notification.text
    assert notification.link == reverse("admission:detail", kwargs={"public_id": referral.public_id})


def test_the_daily_summary_is_chosen_on_my_account(world, client_for):
    client = client_for("coordinator")
    assert 'name="daily_digest"' in client.get(reverse("accounts:profile")).content.decode()
    response = client.post(
        reverse("notifications:preferences"), {"daily_digest": "on", "next": reverse("accounts:profile")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    assert NotificationPreference.objects.get(user=world.user("coordinator")).daily_digest
    assert "checked" in client.get(reverse("accounts:profile")).content.decode()
    client.post(reverse("notifications:preferences"), {})
    assert not NotificationPreference.objects.get(user=world.user("coordinator")).daily_digest


def test_the_summary_goes_once_a_day_to_those_who_asked(world, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://kooperacja.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        referral = issued(world)
    staff, worker = world.user("pzs_staff"), world.user("social_worker")
    staff.email, worker.email = "staff@example.org", "worker@example.org"
    staff.save()
    worker.save()
    preference_set(actor=staff, daily_digest=True, language="en")
    mail.outbox.clear()

    call_command("send_digests")
    assert [message.to for message in mail.outbox] == [["staff@example.org"]]  # the social worker did not ask
    message = mail.outbox[0]
    body = message.body
    html = message.alternatives[0][0]
    assert "Referrals to your CIS/KIS to accept or refuse: 1" in body
    assert "https://kooperacja.example.org/admission/incoming/" in body
    assert f"referral no. {referral.number}" in body
    assert "https://kooperacja.example.org/notifications/" in body and 'href="https://kooperacja.example.org/' in html
    for personal in (referral.first_name, referral.last_name, "Skierowana"):
        assert personal not in body and personal not in html and personal not in message.subject

    call_command("send_digests")
    assert len(mail.outbox) == 1  # not twice a day
    assert not digest_send(user_id=staff.pk)
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert digest_send(user_id=staff.pk, on=tomorrow)


def test_no_summary_without_an_address_or_with_nothing_waiting(world):
    analyst = world.user("analyst")
    analyst.email = ""
    analyst.save()
    preference_set(actor=analyst, daily_digest=True, language="pl")
    assert not digest_send(user_id=analyst.pk)
    editor = world.user("catalogue_editor")
    editor.email = "editor@example.org"
    editor.save()
    preference_set(actor=editor, daily_digest=True, language="pl")
    assert not digest_send(user_id=editor.pk)
    assert mail.outbox == []
