"""Sign-in throttling with device cookies, and the limit on password-reset e-mails.

After a successful sign-in the browser receives a signed, HttpOnly device cookie naming random device
ids, each of which belongs to one user (a ``SignInDevice`` row). An attempt for a user name with a
device of that user in the cookie is throttled only by that device's own failures. Any other attempt
comes from an untrusted client and is throttled by a counter per user name for untrusted clients and by
a counter per client address. Someone without the user's device cookie can therefore lock only untrusted
sign-ins to the account; the user still signs in from their own browser. Why this replaced django-axes:
docs/decisions/0003-sign-in-throttling-with-device-cookies.md.

Counters are ``ThrottleCounter`` rows changed only with conditional updates, so that several server
processes agree; a user name that does not exist is counted exactly like one that does.
"""

import logging
import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from kooperacja.accounts.models import SignInDevice, ThrottleCounter, ThrottleScope

logger = logging.getLogger(__name__)

DEVICE_COOKIE_NAME = "kooperacja_device"
DEVICE_COOKIE_SALT = "kooperacja.accounts.device-cookie"
# Several people may share one office computer: the cookie keeps the devices of the last few of them.
DEVICES_PER_COOKIE = 5
RESET_MAIL_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class SignInClient:
    """Who tries to sign in: the user name as typed, the client address and the device cookie's ids."""

    user_name: str
    address: str
    device_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class SignInResult:
    user: User | None = None
    locked_minutes: int = 0  # more than 0: refused without checking the password
    device_ids: tuple[str, ...] = ()  # for the device cookie after a successful sign-in


def _window() -> timedelta:
    return timedelta(minutes=settings.SIGNIN_LOCKOUT_MINUTES)


def _limit(scope: str) -> int:
    if scope == ThrottleScope.ADDRESS:
        return settings.SIGNIN_ADDRESS_FAILURE_LIMIT
    return settings.SIGNIN_FAILURE_LIMIT


def _key(scope: str, value: str) -> str:
    """A keyed hash: the table holds neither user names nor addresses nor device ids."""
    return salted_hmac(f"kooperacja.accounts.throttle.{scope}", value, algorithm="sha256").hexdigest()


def _user_name_key(user_name: str) -> str:
    return _key(ThrottleScope.USER_NAME, user_name.strip().casefold())


# Request and cookie --------------------------------------------------------------------------------


def client_address(request: HttpRequest) -> str:
    """The client's address. Behind the TLS proxy (``BEHIND_TLS_PROXY``) it is the last address the
    proxy appended to X-Forwarded-For; the application servers are then reachable only through it."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded[:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def device_ids_from_request(request: HttpRequest) -> tuple[str, ...]:
    """The device ids of a valid (signed, not expired) device cookie; none otherwise."""
    value = request.COOKIES.get(DEVICE_COOKIE_NAME)
    if not value:
        return ()
    try:
        ids = signing.loads(value, salt=DEVICE_COOKIE_SALT, max_age=timedelta(days=settings.SIGNIN_DEVICE_COOKIE_DAYS))
    except signing.BadSignature:
        return ()
    if not isinstance(ids, list):
        return ()
    return tuple(item for item in ids if isinstance(item, str))[:DEVICES_PER_COOKIE]


def sign_in_client(request: HttpRequest, user_name: str) -> SignInClient:
    return SignInClient(
        user_name=user_name, address=client_address(request), device_ids=device_ids_from_request(request)
    )


def device_cookie_set(response: HttpResponse, device_ids: tuple[str, ...]) -> None:
    """Give the browser its device cookie: long-lived, HttpOnly, sent only to the sign-in page."""
    response.set_cookie(
        DEVICE_COOKIE_NAME,
        signing.dumps(list(device_ids), salt=DEVICE_COOKIE_SALT),
        max_age=settings.SIGNIN_DEVICE_COOKIE_DAYS * 24 * 3600,
        path=reverse("accounts:login"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


# Counters -------------------------------------------------------------------------------------------


def _counter_add(*, scope: str, key: str, now: datetime, window: timedelta) -> int:
    """Count one event in the current window (a window older than ``window`` starts again at 1);
    return the count afterwards."""
    rows = ThrottleCounter.objects.filter(scope=scope, key=key)
    start = now - window
    for _attempt in range(3):
        if rows.filter(window_started_at__gt=start).update(count=F("count") + 1):
            break
        if rows.filter(window_started_at__lte=start).update(count=1, window_started_at=now):
            break
        try:
            with transaction.atomic():
                ThrottleCounter.objects.create(scope=scope, key=key, count=1, window_started_at=now)
            break
        except IntegrityError:
            continue  # another process created the row meanwhile: count on it
    return rows.values_list("count", flat=True).first() or 0


def _counter_claim(*, scope: str, key: str, now: datetime, window: timedelta, limit: int) -> bool:
    """Count one event if fewer than ``limit`` were counted in the current window; say whether it was."""
    rows = ThrottleCounter.objects.filter(scope=scope, key=key)
    start = now - window
    for _attempt in range(3):
        if rows.filter(window_started_at__gt=start, count__lt=limit).update(count=F("count") + 1):
            return True
        if rows.filter(window_started_at__lte=start).update(count=1, window_started_at=now):
            return True
        if rows.exists():
            return False
        try:
            with transaction.atomic():
                ThrottleCounter.objects.create(scope=scope, key=key, count=1, window_started_at=now)
            return True
        except IntegrityError:
            continue
    return False


def _locked_until(keys: Sequence[tuple[str, str]], now: datetime) -> datetime | None:
    condition = Q()
    for scope, key in keys:
        condition |= Q(scope=scope, key=key)
    return ThrottleCounter.objects.filter(condition, locked_until__gt=now).aggregate(until=Max("locked_until"))["until"]


def _failure_record(*, scope: str, key: str, now: datetime, client: SignInClient) -> bool:
    """Count a failed attempt; say whether it reached the limit and locked this scope."""
    limit = _limit(scope)
    if _counter_add(scope=scope, key=key, now=now, window=_window()) < limit:
        return False
    # One process wins the lock; the count starts again when it ends.
    locked = ThrottleCounter.objects.filter(scope=scope, key=key, count__gte=limit).update(
        locked_until=now + _window(), count=0, window_started_at=now
    )
    if locked:
        logger.warning(
            "Sign-in locked for %d minutes after %d failures: %s (user name %r, address %s)",
            settings.SIGNIN_LOCKOUT_MINUTES,
            limit,
            ThrottleScope(scope).label,
            client.user_name[:150],
            client.address,
        )
    return True


# Sign-in --------------------------------------------------------------------------------------------


def _trusted_device(client: SignInClient) -> SignInDevice | None:
    """The device in the cookie that belongs to the user name typed, if any."""
    if not client.device_ids:
        return None
    wanted = client.user_name.strip().casefold()
    devices = SignInDevice.objects.filter(device_id__in=client.device_ids, user__is_active=True).select_related("user")
    for device in devices:
        if device.user.get_username().casefold() == wanted:
            return device
    return None


def sign_in_attempt(*, request: HttpRequest | None, client: SignInClient, password: str, now=None) -> SignInResult:
    """Check the password unless the client is locked out; count a failure; remember the device of a
    success. The same work is done whether or not the user name exists."""
    now = now or timezone.now()
    device = _trusted_device(client)
    if device is not None:
        keys = [(ThrottleScope.DEVICE, _key(ThrottleScope.DEVICE, device.device_id))]
    else:
        keys = [
            (ThrottleScope.USER_NAME, _user_name_key(client.user_name)),
            (ThrottleScope.ADDRESS, _key(ThrottleScope.ADDRESS, client.address)),
        ]
    locked_until = _locked_until(keys, now)
    if locked_until is not None:
        return SignInResult(locked_minutes=max(1, math.ceil((locked_until - now).total_seconds() / 60)))
    user = authenticate(request, username=client.user_name, password=password)
    if user is None:
        locked = [_failure_record(scope=scope, key=key, now=now, client=client) for scope, key in keys]
        return SignInResult(locked_minutes=settings.SIGNIN_LOCKOUT_MINUTES if any(locked) else 0)
    if device is not None:
        SignInDevice.objects.filter(pk=device.pk).update(last_used_at=now)
        ThrottleCounter.objects.filter(scope=ThrottleScope.DEVICE, key=keys[0][1]).delete()
        device_id = device.device_id
    else:
        device_id = secrets.token_urlsafe(32)
        SignInDevice.objects.create(user=user, device_id=device_id, created_at=now, last_used_at=now)
    others = tuple(item for item in client.device_ids if item != device_id)
    return SignInResult(user=user, device_ids=(device_id, *others)[:DEVICES_PER_COOKIE])


@transaction.atomic
def sign_in_records_clear(*, user) -> None:
    """Forget the user's devices and their failure counters, and the failures counted against the user
    name from untrusted clients (after the password was reset)."""
    devices = SignInDevice.objects.filter(user=user)
    device_keys = [_key(ThrottleScope.DEVICE, device_id) for device_id in devices.values_list("device_id", flat=True)]
    ThrottleCounter.objects.filter(
        Q(scope=ThrottleScope.DEVICE, key__in=device_keys)
        | Q(scope=ThrottleScope.USER_NAME, key=_user_name_key(user.get_username()))
    ).delete()
    devices.delete()


def sign_in_records_purge(*, now=None) -> tuple[int, int]:
    """Delete counters whose window and lock are over and devices unused for longer than their cookie
    lives; return how many of each."""
    now = now or timezone.now()
    oldest_window = now - max(_window(), RESET_MAIL_WINDOW)
    counters, _by_model = (
        ThrottleCounter.objects.filter(window_started_at__lt=oldest_window)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .delete()
    )
    devices, _by_model = SignInDevice.objects.filter(
        last_used_at__lt=now - timedelta(days=settings.SIGNIN_DEVICE_COOKIE_DAYS)
    ).delete()
    return counters, devices


# Password-reset e-mails -----------------------------------------------------------------------------


def password_reset_mail_claim(*, email: str, now=None) -> bool:
    """Count one reset e-mail to this address unless it received its hourly limit already."""
    return _counter_claim(
        scope=ThrottleScope.RESET_MAIL,
        key=_key(ThrottleScope.RESET_MAIL, email.strip().casefold()),
        now=now or timezone.now(),
        window=RESET_MAIL_WINDOW,
        limit=settings.PASSWORD_RESET_MAILS_PER_HOUR,
    )
