import logging
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from kooperacja.accounts import throttle
from kooperacja.accounts.models import SignInDevice, ThrottleCounter, ThrottleScope

pytestmark = pytest.mark.django_db

PASSWORD = "test-password-123"
PROXY = "10.20.30.40"  # the shared address of a municipality's proxy


def _client(address: str = PROXY) -> Client:
    return Client(REMOTE_ADDR=address)


def _sign_in(client: Client, username: str, password: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def _signed_in(client: Client) -> bool:
    return client.get(reverse("accounts:profile")).status_code == 200


def _own_device(username: str) -> Client:
    """A browser in which the user signed in once (it holds their device cookie), then signed out."""
    client = _client()
    assert _sign_in(client, username, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    assert throttle.DEVICE_COOKIE_NAME in client.cookies
    return client


def _without_csrf(body: bytes) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", body.decode())


def test_it_lets_the_user_sign_in_from_their_device_while_an_attacker_locks_the_account_from_the_proxy(world):
    device = _own_device("coordinator")
    attacker = _client()
    for _attempt in range(60):
        _sign_in(attacker, "coordinator", "guess")

    assert _sign_in(attacker, "coordinator", PASSWORD).status_code == 429
    colleague = _client()  # untrusted: another browser behind the same proxy
    response = _sign_in(colleague, "coordinator", PASSWORD)
    assert response.status_code == 429 and not _signed_in(colleague)

    response = _sign_in(device, "coordinator", PASSWORD)
    assert response.status_code == 302 and _signed_in(device)


def test_it_locks_untrusted_sign_ins_from_one_address_after_many_failures_for_any_user_names(world):
    attacker = _client()
    for number in range(50):
        _sign_in(attacker, f"someone{number}", "guess")

    assert _sign_in(_client(), "social_worker", PASSWORD).status_code == 429
    elsewhere = _client("192.0.2.7")
    assert _sign_in(elsewhere, "social_worker", PASSWORD).status_code == 302 and _signed_in(elsewhere)
    laptop = _client("192.0.2.8")
    assert _sign_in(laptop, "pzs_staff", PASSWORD).status_code == 302
    laptop.post(reverse("accounts:logout"))
    laptop.defaults["REMOTE_ADDR"] = PROXY  # the same laptop, now behind the locked proxy
    assert _sign_in(laptop, "pzs_staff", PASSWORD).status_code == 302


def test_it_locks_a_device_after_its_own_failures_without_locking_the_user_elsewhere(world):
    device = _own_device("coordinator")
    for _attempt in range(4):
        assert _sign_in(device, "coordinator", "wrong").status_code == 200
    response = _sign_in(device, "coordinator", "wrong")
    assert response.status_code == 429

    response = _sign_in(device, "coordinator", PASSWORD)
    assert response.status_code == 429 and not _signed_in(device)
    assert "Try again in 15 minutes." in response.content.decode()
    other_browser = _client()
    assert _sign_in(other_browser, "coordinator", PASSWORD).status_code == 302


def test_it_counts_a_device_cookie_only_for_its_own_user(world):
    shared_computer = _own_device("coordinator")
    for _attempt in range(5):
        _sign_in(shared_computer, "social_worker", "wrong")
    assert _sign_in(shared_computer, "social_worker", PASSWORD).status_code == 429
    assert _sign_in(shared_computer, "coordinator", PASSWORD).status_code == 302


def test_it_keeps_the_devices_of_several_people_sharing_a_computer(world):
    shared_computer = _own_device("coordinator")
    assert _sign_in(shared_computer, "social_worker", PASSWORD).status_code == 302
    shared_computer.post(reverse("accounts:logout"))
    for _attempt in range(60):
        _sign_in(_client(), "coordinator", "guess")
    assert _sign_in(shared_computer, "coordinator", PASSWORD).status_code == 302


def test_it_treats_a_forged_device_cookie_as_no_cookie(world):
    device = _own_device("coordinator")
    value = device.cookies[throttle.DEVICE_COOKIE_NAME].value
    device.cookies[throttle.DEVICE_COOKIE_NAME] = value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB")
    for _attempt in range(5):
        _sign_in(_client(), "coordinator", "guess")
    assert _sign_in(device, "coordinator", PASSWORD).status_code == 429


def test_it_gives_a_signed_http_only_device_cookie_sent_only_to_the_sign_in_page(world):
    client = _client()
    _sign_in(client, "coordinator", PASSWORD)
    cookie = client.cookies[throttle.DEVICE_COOKIE_NAME]
    assert cookie["httponly"] and cookie["path"] == reverse("accounts:login")
    assert cookie["max-age"] == 180 * 24 * 3600
    device = SignInDevice.objects.get(user=world.user("coordinator"))
    request = RequestFactory().get("/")
    request.COOKIES[cookie.key] = cookie.value
    assert throttle.device_ids_from_request(request) == (device.device_id,)
    request.COOKIES[cookie.key] = signing.dumps([device.device_id], salt="another-purpose")
    assert throttle.device_ids_from_request(request) == ()


def test_it_answers_for_a_user_name_that_does_not_exist_exactly_as_for_one_that_does(world):
    responses = {}
    for username in ("coordinator", "nobody-here"):
        client = _client()
        first = _sign_in(client, username, "wrong")
        for _attempt in range(4):
            _sign_in(client, username, "wrong")
        locked = _sign_in(client, username, PASSWORD if username == "coordinator" else "wrong")
        responses[username] = (first, locked)

    (known_first, known_locked), (unknown_first, unknown_locked) = responses["coordinator"], responses["nobody-here"]
    assert known_first.status_code == unknown_first.status_code == 200
    assert "Please enter a correct username and password." in known_first.content.decode()
    assert _without_csrf(known_first.content).replace("coordinator", "nobody-here") == _without_csrf(
        unknown_first.content
    )
    assert known_locked.status_code == unknown_locked.status_code == 429
    assert _without_csrf(known_locked.content) == _without_csrf(unknown_locked.content)
    assert ThrottleCounter.objects.filter(scope=ThrottleScope.USER_NAME, locked_until__isnull=False).count() == 2


def test_it_lifts_a_lockout_after_the_lockout_time(world):
    now = timezone.now()
    client = throttle.SignInClient(user_name="coordinator", address=PROXY)
    for _attempt in range(4):
        result = throttle.sign_in_attempt(request=None, client=client, password="wrong", now=now)
        assert result.user is None and not result.locked_minutes
    fifth = throttle.sign_in_attempt(request=None, client=client, password="wrong", now=now)
    assert fifth.user is None and fifth.locked_minutes == 15

    locked = throttle.sign_in_attempt(request=None, client=client, password=PASSWORD, now=now + timedelta(minutes=1))
    assert locked.user is None and locked.locked_minutes == 14
    later = throttle.sign_in_attempt(request=None, client=client, password=PASSWORD, now=now + timedelta(minutes=15))
    assert later.user == world.user("coordinator") and later.device_ids


def test_it_starts_counting_again_after_the_window(world):
    now = timezone.now()
    client = throttle.SignInClient(user_name="coordinator", address=PROXY)
    for _attempt in range(4):
        throttle.sign_in_attempt(request=None, client=client, password="wrong", now=now)
    for _attempt in range(4):
        throttle.sign_in_attempt(request=None, client=client, password="wrong", now=now + timedelta(minutes=16))
    result = throttle.sign_in_attempt(request=None, client=client, password=PASSWORD, now=now + timedelta(minutes=16))
    assert result.user == world.user("coordinator")


def test_it_logs_a_lockout_without_the_password(world, caplog):
    client = _client()
    with caplog.at_level(logging.WARNING, logger="kooperacja.accounts.throttle"):
        for _attempt in range(5):
            _sign_in(client, "coordinator", "Secret-guess-77")
    lockouts = [record.getMessage() for record in caplog.records if "Sign-in locked" in record.getMessage()]
    assert len(lockouts) == 1
    assert "'coordinator'" in lockouts[0] and PROXY in lockouts[0]
    assert "Secret-guess-77" not in caplog.text


def test_it_does_not_accept_passwords_on_the_admin_sign_in_page(client, world):
    response = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert client.get("/admin/").status_code == 302


def test_it_purges_finished_counters_and_unused_devices(world):
    now = timezone.now()
    user = world.user("coordinator")
    old = now - timedelta(hours=2)
    ThrottleCounter.objects.create(scope=ThrottleScope.ADDRESS, key="old", window_started_at=old, count=3)
    ThrottleCounter.objects.create(scope=ThrottleScope.ADDRESS, key="current", window_started_at=now, count=3)
    ThrottleCounter.objects.create(
        scope=ThrottleScope.DEVICE, key="locked", window_started_at=old, locked_until=now + timedelta(minutes=5)
    )
    SignInDevice.objects.create(user=user, device_id="stale", created_at=old, last_used_at=now - timedelta(days=181))
    SignInDevice.objects.create(user=user, device_id="fresh", created_at=old, last_used_at=now - timedelta(days=2))

    assert throttle.sign_in_records_purge(now=now) == (1, 1)
    assert set(ThrottleCounter.objects.values_list("key", flat=True)) == {"current", "locked"}
    assert list(SignInDevice.objects.values_list("device_id", flat=True)) == ["fresh"]
