import logging
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from kooperacja.accounts import throttle
from kooperacja.accounts.models import ApiToken, Membership
from kooperacja.accounts.predicates import forget_cached_roles
from kooperacja.accounts.roles import Role
from kooperacja.accounts.rules import MANAGING_ROLES, grantable_roles, role_allowed_in

logger = logging.getLogger(__name__)


def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """Create a token; return it with its secret, which is never stored in clear."""
    secret = "koop_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=secret[5 : 5 + ApiToken.PREFIX_LENGTH],
        key_hash=ApiToken.hash_key(secret),
    )
    return token, secret


def api_token_revoke(*, user, token: ApiToken) -> None:
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


def _check_may_handle(*, actor, organisation, role: str) -> None:
    if role not in grantable_roles(actor, organisation):
        raise PermissionDenied


@transaction.atomic
def membership_grant(*, organisation, user, role: Role | str, actor=None) -> Membership:
    """Give ``user`` the ``role`` in ``organisation``; granting a role already held changes nothing.

    ``actor`` is the user who grants it, or None for the system itself (the demo loader, imports), which
    is not limited by the managing rules but still by the rules of the roles themselves.
    """
    role = str(role)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if not role_allowed_in(role, organisation):
        raise ValidationError({"role": _("The register officer role exists only in a voivode's office.")})
    if not user.is_active:
        raise ValidationError({"username": _("This user account is not active.")})
    if actor is not None:
        _check_may_handle(actor=actor, organisation=organisation, role=role)
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if created:
        forget_cached_roles(user)
    return membership


@transaction.atomic
def membership_revoke(*, actor, membership: Membership) -> None:
    """Take a role away. A manager may revoke only roles they could grant, and never their own last
    managing role in the organisation, so that no one locks themselves out by accident; administrators
    may revoke anything."""
    organisation = membership.organisation
    _check_may_handle(actor=actor, organisation=organisation, role=membership.role)
    if not actor.is_superuser and membership.user_id == actor.pk and membership.role in MANAGING_ROLES:
        other_managing = (
            Membership.objects.select_for_update()
            .filter(user=actor, organisation=organisation, role__in=MANAGING_ROLES)
            .exclude(pk=membership.pk)
        )
        if not other_managing.exists():
            raise ValidationError(
                _("You cannot revoke your own last managing role in this organisation; ask another manager.")
            )
    membership.delete()
    forget_cached_roles(membership.user)
    if membership.user_id == actor.pk:
        forget_cached_roles(actor)


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
def user_password_reset(*, user, password: str) -> None:
    """Set the password chosen through a reset link (already validated by AUTH_PASSWORD_VALIDATORS) and
    forget the user's sign-in devices and failure counters. Other sessions of the user end, as the
    session hash changes with the password."""
    user.set_password(password)
    user.save(update_fields=["password"])
    throttle.sign_in_records_clear(user=user)
