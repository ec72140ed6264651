import logging
import secrets
from importlib import import_module

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kooperacja.accounts import throttle
from kooperacja.accounts.models import AccountEvent, AccountEventKind, ApiToken, Membership

logger = logging.getLogger(__name__)


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; return it with its secret, which is never stored in clear."""
    secret = "koop_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=secret[5 : 5 + ApiToken.PREFIX_LENGTH],
        key_hash=ApiToken.hash_key(secret),
    )
    return token, secret


def api_token_revoke(*, user: User, token: ApiToken) -> None:
    updated = ApiToken.objects.filter(pk=token.pk, user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if updated:
        token.refresh_from_db(fields=["revoked_at"])


def api_token_authenticate(secret: str):
    """Return the user owning an active token with this secret, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Touch at most once a minute: a busy integration should not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def password_reset_request(*, email: str, language: str, domain: str, scheme: str) -> None:
    """Ask for a password-reset e-mail to ``email``.

    Whether any account uses the address is decided by the background task, never here, so that the
    request is answered the same way, in the same time, for any address.
    """
    from kooperacja.accounts.tasks import password_reset_mail_send

    arguments = {"email": email.strip(), "language": language, "domain": domain, "scheme": scheme}
    transaction.on_commit(lambda: password_reset_mail_send.enqueue(**arguments))


def password_reset_mail_send(*, email: str, language: str, domain: str, scheme: str, now=None) -> int:
    """Send a link to choose a new password to each active user with this e-mail address and a usable
    password, within the hourly limit of e-mails to the address. Return how many were sent."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        language = settings.LANGUAGE_CODE
    if scheme not in {"http", "https"}:
        scheme = "https"
    users = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).order_by("pk")
    sent = 0
    for user in users:
        if not user.has_usable_password():
            continue
        if not throttle.password_reset_mail_claim(email=email, now=now):
            logger.warning("Password-reset e-mail not sent: the address received its hourly limit already")
            break
        uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        path = reverse("accounts:password-reset-confirm", kwargs={"uidb64": uidb64, "token": token})
        context = {"link": f"{scheme}://{domain}{path}", "hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)}
        with translation.override(language):
            subject = " ".join(render_to_string("accounts/email/password_reset_subject.txt", context).split())
            body = render_to_string("accounts/email/password_reset.txt", context)
        send_mail(subject, body, None, [user.email])
        sent += 1
    return sent


@transaction.atomic
def user_password_reset(*, user: User, password: str) -> None:
    """Set the password chosen through a reset link (already validated by AUTH_PASSWORD_VALIDATORS) and
    forget the user's sign-in devices and failure counters. Other sessions of the user end, as the
    session hash changes with the password."""
    user.set_password(password)
    user.save(update_fields=["password"])
    throttle.sign_in_records_clear(user=user)


@transaction.atomic
def user_password_change(*, user: User, password: str) -> None:
    """Set the password the user chose on the account page (the old one checked and the new one validated by
    AUTH_PASSWORD_VALIDATORS in the form) and record it. The user's other sessions end, as the session hash
    changes with the password; the view keeps the current one with ``update_session_auth_hash``."""
    user.set_password(password)
    user.save(update_fields=["password"])
    throttle.sign_in_records_clear(user=user)
    AccountEvent.objects.create(user=user, kind=AccountEventKind.PASSWORD_CHANGED)


SESSION_SCAN_BATCH = 500


def user_sessions_end_others(*, user: User, keep: str | None) -> int:
    """End every session of ``user`` but the one whose key is ``keep`` (the browser asking), and record it.
    Returns how many sessions were ended. The database keeps sessions without their user's id in a column, so
    the sessions still valid (at most SESSION_COOKIE_AGE old) are read in batches and decoded. API tokens are
    not sessions: they stay valid until revoked."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    live = Session.objects.filter(expire_date__gt=timezone.now()).exclude(session_key=keep or "")
    for key, data in live.values_list("session_key", "session_data").iterator(chunk_size=SESSION_SCAN_BATCH):
        decoded = store().decode(data)
        if decoded.get(SESSION_KEY) == str(user.pk) and decoded.get(HASH_SESSION_KEY):
            store(session_key=key).delete()
            ended += 1
    AccountEvent.objects.create(user=user, kind=AccountEventKind.SIGNED_OUT_EVERYWHERE, sessions_ended=ended)
    return ended


def membership_add(*, user: User, organisation, role: str) -> tuple[Membership, bool]:
    """Store that ``user`` holds ``role`` in ``organisation`` (already held: nothing changes). Who may grant what,
    and the record of it, is the registry's business: see ``registry.services.membership_grant``."""
    return Membership.objects.get_or_create(user=user, organisation=organisation, role=str(role))


def membership_remove(*, membership: Membership) -> None:
    """Delete a membership; see ``registry.services.membership_revoke`` for who may."""
    membership.delete()
