"""My account: the password changed with Django's validators (this browser stays signed in on a new session key,
every other session ends), the memberships with their territory, and signing out everywhere else."""

import pytest
from django.test import Client
from django.urls import reverse

from kooperacja.accounts.models import AccountEvent, AccountEventKind
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "test-password-123"
NEW_PASSWORD = "Zielone-jabłko-2024"


def _signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _is_signed_in(client: Client) -> bool:
    return client.get(reverse("accounts:profile")).status_code == 200


def test_the_new_password_must_pass_the_validators_and_the_old_one_must_be_right():
    user = UserFactory()
    client = _signed_in(user)
    url = reverse("accounts:password-change")
    response = client.post(url, {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert "Your old password was entered incorrectly" in response.content.decode()
    response = client.post(url, {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"})
    body = response.content.decode()
    assert "This password is too short" in body and 'aria-invalid="true"' in body
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and not AccountEvent.objects.exists()


def test_the_validators_speak_polish(polish):
    client = _signed_in(UserFactory())
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": "password123", "new_password2": "password123"},
    )
    assert "To hasło jest zbyt powszechne" in response.content.decode()


def test_changing_the_password_keeps_this_session_on_a_new_key_and_ends_the_others():
    user = UserFactory()
    here, elsewhere = _signed_in(user), _signed_in(user)
    key_before = here.session.session_key
    response = here.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("accounts:profile"), 302)]
    assert "Your password was changed" in response.content.decode()
    assert here.session.session_key != key_before and _is_signed_in(here)
    assert not _is_signed_in(elsewhere)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert AccountEvent.objects.get(user=user).kind == AccountEventKind.PASSWORD_CHANGED


def test_signing_out_everywhere_ends_only_the_users_other_sessions_and_is_recorded():
    user, someone = UserFactory(), UserFactory()
    here, laptop, phone, other_user = _signed_in(user), _signed_in(user), _signed_in(user), _signed_in(someone)
    key_before = here.session.session_key
    assert here.get(reverse("accounts:sign-out-everywhere")).status_code == 405  # a GET changes nothing
    response = here.post(reverse("accounts:sign-out-everywhere"), follow=True)
    body = response.content.decode()
    assert "2 other sessions ended" in body
    assert _is_signed_in(here) and here.session.session_key != key_before
    assert not _is_signed_in(laptop) and not _is_signed_in(phone)
    assert _is_signed_in(other_user)
    event = AccountEvent.objects.get(user=user)
    assert event.kind == AccountEventKind.SIGNED_OUT_EVERYWHERE and event.sessions_ended == 2
    assert "signed out everywhere else (2 sessions ended)" in body
    assert "API tokens are not sessions" in body


def test_my_account_lists_each_membership_with_its_organisation_role_and_territory(world, client_for):
    user = world.user("coordinator")
    second = OrganisationFactory(name="GOPS Grudziądz", municipality_id="0406012")
    MembershipFactory(user=user, organisation=second, role="social_worker")
    body = client_for("coordinator").get(reverse("accounts:profile")).content.decode()
    assert "GOPS Grudziądz" in body and "Social worker" in body
    assert "rural municipality, county grudziądzki, kujawsko-pomorskie" in body
    assert 'href="/territory/0406012/"' in body
