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
from kooperacja.accounts.rules import MANAGING_ROLES, REACH_ROLES, grantable_roles, role_allowed_in
from kooperacja.registry.models import ReachChangeKind
from kooperacja.registry.services import reach_change_record, reason_clean

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


def _reach_reason(*, actor, role: str, reason: str) -> str:
    """A role that reaches beyond the organisation is granted and revoked with a reason on record."""
    if role not in REACH_ROLES:
        return (reason or "").strip()
    if actor is None:
        return (reason or "").strip()
    return reason_clean(reason)


@transaction.atomic
def membership_grant(*, organisation, user, role: Role | str, actor=None, reason: str = "") -> Membership:
    """Give ``user`` the ``role`` in ``organisation``; granting a role already held changes nothing.

    ``actor`` is the user who grants it, or None for the system itself (the demo loader, imports), which
    is not limited by the managing rules but still by the rules of the roles themselves. No one grants a role
    to themselves. A role that reaches beyond the organisation (:data:`REACH_ROLES`) needs a reason and leaves
    a record of who granted it and why.
    """
    role = str(role)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if not role_allowed_in(role, organisation):
        raise ValidationError(
            {"role": _("An organisation of this kind cannot hold the role “%(role)s”.") % {"role": Role(role).label}}
        )
    if not user.is_active:
        raise ValidationError({"username": _("This user account is not active.")})
    if actor is not None:
        _check_may_handle(actor=actor, organisation=organisation, role=role)
        if actor.pk == user.pk:
            raise ValidationError(
                {"username": _("No one grants a role to themselves: ask another manager or an administrator.")}
            )
    text = _reach_reason(actor=actor, role=role, reason=reason)
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if created:
        forget_cached_roles(user)
        if role in REACH_ROLES:
            reach_change_record(
                actor=actor,
                organisation=organisation,
                kind=ReachChangeKind.ROLE_GRANTED,
                changes={"role": role},
                reason=text,
                subject_user=user,
            )
    return membership


@transaction.atomic
def membership_revoke(*, actor, membership: Membership, reason: str = "") -> None:
    """Take a role away. A manager may revoke only roles they could grant, and never their own last
    managing role in the organisation, so that no one locks themselves out by accident; administrators
    may revoke anything. A role that reaches beyond the organisation needs a reason on record."""
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
    text = _reach_reason(actor=actor, role=membership.role, reason=reason)
    membership.delete()
    if membership.role in REACH_ROLES:
        reach_change_record(
            actor=actor,
            organisation=organisation,
            kind=ReachChangeKind.ROLE_REVOKED,
            changes={"role": membership.role},
            reason=text,
            subject_user=membership.user,
        )
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
