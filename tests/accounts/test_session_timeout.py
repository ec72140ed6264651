import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kooperacja.accounts.middleware import LAST_ACTIVITY_AT, POLL_HEADER, SIGNED_IN_AT
from kooperacja.accounts.services import api_token_create

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")
LOGIN = reverse("accounts:login")


def _now() -> int:
    return int(timezone.now().timestamp())


def _set_session(client: Client, *, idle_minutes: float, signed_in_minutes_ago: float | None = None) -> None:
    session = client.session
    session[LAST_ACTIVITY_AT] = _now() - int(idle_minutes * 60)
    session[SIGNED_IN_AT] = _now() - int((signed_in_minutes_ago or idle_minutes) * 60)
    session.save()


def _signed_out_with(client: Client, response, text: str) -> bool:
    if response.status_code != 302 or not response["Location"].startswith(LOGIN):
        return False
    page = client.get(response["Location"]).content.decode()
    return text in page and client.get(PROFILE).status_code == 302


def test_it_starts_the_clock_when_the_user_signs_in(client, world):
    client.post(LOGIN, {"username": "coordinator", "password": "test-password-123"})
    session = client.session
    assert abs(session[SIGNED_IN_AT] - _now()) <= 2 and session[LAST_ACTIVITY_AT] == session[SIGNED_IN_AT]


def test_it_signs_out_a_user_who_sees_personal_data_after_30_idle_minutes(client_for, world):
    client = client_for("coordinator")
    _set_session(client, idle_minutes=29)
    assert client.get(PROFILE).status_code == 200

    _set_session(client, idle_minutes=31)
    response = client.get(PROFILE)
    assert response["Location"] == f"{LOGIN}?next={PROFILE}"
    assert _signed_out_with(client, response, "Your session ended after 30 minutes of inactivity.")


@pytest.mark.parametrize("persona", ["analyst", "catalogue_editor", "no_membership"])
def test_it_gives_users_who_see_no_personal_data_the_longer_idle_limit(client_for, world, persona):
    client = client_for(persona)
    _set_session(client, idle_minutes=31)
    assert client.get(PROFILE).status_code == 200

    _set_session(client, idle_minutes=121)
    response = client.get(PROFILE)
    assert _signed_out_with(client, response, "Your session ended after 120 minutes of inactivity.")


@pytest.mark.parametrize("persona", ["admin", "pes_manager"])
def test_it_counts_staff_and_every_other_role_as_seeing_personal_data(client_for, world, persona):
    client = client_for(persona)
    _set_session(client, idle_minutes=31)
    assert _signed_out_with(client, client.get(PROFILE), "30 minutes of inactivity")


def test_it_ends_an_active_session_eight_hours_after_signing_in(client_for, world):
    client = client_for("analyst")
    _set_session(client, idle_minutes=1, signed_in_minutes_ago=8 * 60 - 1)
    assert client.get(PROFILE).status_code == 200

    _set_session(client, idle_minutes=1, signed_in_minutes_ago=8 * 60 + 1)
    response = client.get(PROFILE)
    assert _signed_out_with(client, response, "Your session ended 8 hours after you signed in.")


def test_it_records_activity_at_most_once_a_minute(client_for, world):
    client = client_for("coordinator")
    _set_session(client, idle_minutes=0.5)
    before = client.session[LAST_ACTIVITY_AT]
    client.get(PROFILE)
    assert client.session[LAST_ACTIVITY_AT] == before

    _set_session(client, idle_minutes=20)
    client.get(PROFILE)
    assert abs(client.session[LAST_ACTIVITY_AT] - _now()) <= 2


def test_it_does_not_count_polling_as_activity(client_for, world):
    client = client_for("coordinator")
    poll = {POLL_HEADER: "1", "HX-Request": "true", "HX-Current-URL": "http://testserver/training/"}
    _set_session(client, idle_minutes=20)
    before = client.session[LAST_ACTIVITY_AT]
    assert client.get(PROFILE, headers=poll).status_code == 200
    assert client.session[LAST_ACTIVITY_AT] == before

    _set_session(client, idle_minutes=31)
    response = client.get(PROFILE, headers=poll)
    assert response.status_code == 200 and response["HX-Redirect"] == f"{LOGIN}?next=/training/"
    assert client.get(PROFILE).status_code == 302


def test_it_marks_every_polling_element_so_that_polling_is_not_activity():
    templates = Path(__file__).resolve().parents[2] / "src" / "kooperacja"
    polling = []
    for path in templates.rglob("*.html"):
        for tag in re.findall(r"<[^<>]*hx-trigger=\"every [^<>]*>", path.read_text()):
            polling.append((path.name, POLL_HEADER in tag))
    assert {"import_detail.html", "run_detail.html"} <= {name for name, _marked in polling}
    assert all(marked for _name, marked in polling), polling


def test_it_leaves_requests_with_an_api_token_alone(client_for, world):
    _token, secret = api_token_create(user=world.user("coordinator"), name="skrypt")
    client = client_for("coordinator")
    _set_session(client, idle_minutes=31)
    response = client.get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200 and response.json()["username"] == "coordinator"
    assert client.session[LAST_ACTIVITY_AT] < _now() - 30 * 60  # the session was neither ended nor renewed

    response = client.get("/api/v1/accounts/me")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_it_starts_the_clock_for_a_session_from_before_the_limits(client_for, world):
    client = client_for("coordinator")
    session = client.session
    del session[SIGNED_IN_AT], session[LAST_ACTIVITY_AT]
    session.save()
    assert client.get(PROFILE).status_code == 200
    assert abs(client.session[SIGNED_IN_AT] - _now()) <= 2
