"""Members of an organisation: granting and revoking roles, and the record of roles that reach beyond it."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kooperacja.accounts import selectors as accounts_selectors
from kooperacja.accounts import services as accounts
from kooperacja.accounts.models import Membership
from kooperacja.accounts.roles import Role
from kooperacja.registry.models import ReachChangeKind
from kooperacja.registry.rules import MANAGING_ROLES, REACH_ROLES, grantable_roles, role_allowed_in
from kooperacja.registry.services.common import reach_change_record, reason_clean


def _check_may_handle(*, actor: User, organisation, role: str) -> None:
    if role not in grantable_roles(actor, organisation):
        raise PermissionDenied


def _reach_reason(*, actor: User | None, role: str, reason: str) -> str:
    """A role that reaches beyond the organisation is granted and revoked with a reason on record."""
    if role not in REACH_ROLES:
        return (reason or "").strip()
    if actor is None:
        return (reason or "").strip()
    return reason_clean(reason)


@transaction.atomic
def membership_grant(
    *, organisation, user: User, role: Role | str, actor: User | None = None, reason: str = ""
) -> Membership:
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
    membership, created = accounts.membership_add(user=user, organisation=organisation, role=role)
    if created and role in REACH_ROLES:
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
def membership_revoke(*, actor: User, membership: Membership, reason: str = "") -> None:
    """Take a role away. A manager may revoke only roles they could grant, and never their own last
    managing role in the organisation, so that no one locks themselves out by accident; administrators
    may revoke anything. A role that reaches beyond the organisation needs a reason on record."""
    organisation = membership.organisation
    _check_may_handle(actor=actor, organisation=organisation, role=membership.role)
    own_last_managing_role = (
        not actor.is_superuser
        and membership.user_id == actor.pk
        and membership.role in MANAGING_ROLES
        and not accounts_selectors.membership_holds_other(
            user_id=actor.pk, organisation_id=organisation.pk, roles=MANAGING_ROLES, besides=membership
        )
    )
    if own_last_managing_role:
        raise ValidationError(
            _("You cannot revoke your own last managing role in this organisation; ask another manager.")
        )
    text = _reach_reason(actor=actor, role=membership.role, reason=reason)
    accounts.membership_remove(membership=membership)
    if membership.role in REACH_ROLES:
        reach_change_record(
            actor=actor,
            organisation=organisation,
            kind=ReachChangeKind.ROLE_REVOKED,
            changes={"role": membership.role},
            reason=text,
            subject_user=membership.user,
        )
