import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kooperacja.accounts import services, throttle
from kooperacja.accounts.models import SignInDevice, ThrottleCounter, ThrottleScope
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "test-password-123"
NEW_PASSWORD = "Zielone-jabłko-2024"


def _without_csrf(body: bytes) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", body.decode())


def _request_reset(client: Client, email: str, capture):
    with capture(execute=True):
        return client.post(reverse("accounts:password-reset"), {"email": email}, follow=True)


def _link(message) -> str:
    match = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_it_offers_a_password_reset_on_the_sign_in_page(client):
    body = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse("accounts:password-reset")}"' in body and "Forgot your password?" in body


def test_it_answers_the_same_for_a_known_and_an_unknown_address_and_mails_only_the_known(
    client, world, django_capture_on_commit_callbacks
):
    known = _request_reset(client, "Coordinator@example.org", django_capture_on_commit_callbacks)
    unknown = _request_reset(client, "nobody@example.org", django_capture_on_commit_callbacks)

    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain == [(reverse("accounts:password-reset-sent"), 302)]
    assert [t.name for t in known.templates] == [t.name for t in unknown.templates]
    assert "accounts/password_reset_sent.html" in [t.name for t in known.templates]
    assert _without_csrf(known.content) == _without_csrf(unknown.content)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["coordinator@example.org"]
    assert "choosing a new password" in message.subject
    user = world.user("coordinator")
    for personal in (user.username, user.first_name, user.last_name):
        assert personal not in message.body
    response = client.get(_link(message), follow=True)
    assert response.status_code == 200 and 'name="new_password1"' in response.content.decode()


def test_it_only_enqueues_the_mail_in_the_request_doing_the_same_work_for_any_address(
    client, world, django_capture_on_commit_callbacks
):
    counts = []
    for email in ("coordinator@example.org", "nobody@example.org"):
        with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks() as callbacks:
            response = client.post(reverse("accounts:password-reset"), {"email": email})
        assert response.status_code == 302 and len(callbacks) == 1
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert mail.outbox == []


def test_it_sends_at_most_three_reset_mails_to_an_address_an_hour(client, world, django_capture_on_commit_callbacks):
    for _request in range(5):
        response = _request_reset(client, "coordinator@example.org", django_capture_on_commit_callbacks)
        assert response.status_code == 200
    _request_reset(client, "social_worker@example.org", django_capture_on_commit_callbacks)

    assert [message.to[0] for message in mail.outbox] == ["coordinator@example.org"] * 3 + ["social_worker@example.org"]
    later = timezone.now() + timedelta(minutes=61)
    sent = services.password_reset_mail_send(
        email="coordinator@example.org", language="en", domain="testserver", scheme="http", now=later
    )
    assert sent == 1


def test_it_mails_no_inactive_user(client, django_capture_on_commit_callbacks):
    UserFactory(username="former", email="former@example.org", is_active=False)
    _request_reset(client, "former@example.org", django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_it_changes_the_password_through_the_link_and_clears_the_sign_in_records(
    client, world, django_capture_on_commit_callbacks
):
    user = world.user("coordinator")
    device = Client()
    device.post(reverse("accounts:login"), {"username": "coordinator", "password": PASSWORD})
    for _attempt in range(5):
        Client().post(reverse("accounts:login"), {"username": "coordinator", "password": "guess"})
    assert SignInDevice.objects.filter(user=user).exists()
    assert ThrottleCounter.objects.filter(scope=ThrottleScope.USER_NAME, locked_until__gt=timezone.now()).exists()

    _request_reset(client, "coordinator@example.org", django_capture_on_commit_callbacks)
    form_page = client.get(_link(mail.outbox[0]), follow=True)
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302 and response["Location"] == reverse("accounts:password-reset-complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not SignInDevice.objects.filter(user=user).exists()
    assert not ThrottleCounter.objects.filter(scope=ThrottleScope.USER_NAME).exists()
    assert device.get(reverse("accounts:profile")).status_code == 302  # the old session ended
    fresh = Client()
    response = fresh.post(reverse("accounts:login"), {"username": "coordinator", "password": NEW_PASSWORD})
    assert response.status_code == 302 and throttle.DEVICE_COOKIE_NAME in fresh.cookies
    assert client.get(_link(mail.outbox[0]), follow=True).context["validlink"] is False


def test_it_checks_the_new_password_with_the_password_validators(client, world, django_capture_on_commit_callbacks):
    _request_reset(client, "coordinator@example.org", django_capture_on_commit_callbacks)
    set_password_url = client.get(_link(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    response = client.post(set_password_url, {"new_password1": "12345678", "new_password2": "12345678"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "This password is too short." in body and "This password is entirely numeric." in body
    assert world.user("coordinator").check_password(PASSWORD)


def test_it_refuses_a_forged_link(client, world):
    response = client.get(reverse("accounts:password-reset-confirm", kwargs={"uidb64": "MQ", "token": "x-y"}))
    assert response.status_code == 200 and response.context["validlink"] is False
    assert "This link does not work" in response.content.decode()
