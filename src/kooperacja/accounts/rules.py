"""Who may see and manage the members of an organisation, and which roles they may hand out."""

import rules

from kooperacja.accounts.predicates import has_role, is_admin, user_organisation_ids, user_roles_in
from kooperacja.accounts.roles import Role
from kooperacja.registry.models import kind_may_hold_role
from kooperacja.registry.rules import is_register_officer_over_public_body

# Members with one of these roles manage the memberships of their own organisation.
MANAGING_ROLES = frozenset({Role.COORDINATOR, Role.PZS_STAFF, Role.PES_MANAGER})
# Roles whose powers reach beyond the organisation that holds them: a coordinator looks after a whole
# county, a register officer confirms the register entries of a voivodeship, an analyst and a catalogue
# editor work for a region or the country. They are granted and revoked only from above the organisation:
# by an administrator, or — a coordinator in a public body — by the register officer of its voivodeship.
REACH_ROLES = frozenset({Role.COORDINATOR, Role.REGISTER_OFFICER, Role.ANALYST, Role.CATALOGUE_EDITOR})
REGISTER_OFFICER_GRANTS = frozenset({Role.COORDINATOR})


@rules.predicate
def is_member_somewhere(user) -> bool:
    return bool(user_organisation_ids(user))


@rules.predicate
def is_member_of(user, organisation) -> bool:
    return organisation is not None and organisation.pk in user_organisation_ids(user)


@rules.predicate
def manages_members_of(user, organisation) -> bool:
    return organisation is not None and bool(grantable_roles(user, organisation))


def role_allowed_in(role: Role | str, organisation) -> bool:
    """Whether the role may exist in this organisation at all, whoever grants it."""
    return kind_may_hold_role(organisation.kind, role)


def grantable_roles(user, organisation) -> list[Role]:
    """The roles ``user`` may grant (or revoke) in ``organisation``, in the order of :class:`Role`.

    Administrators: every role. A member who manages the organisation (its coordinator, PZS staff or PES
    manager): the roles of the organisation's own work, never one that reaches beyond it. The register
    officer of the voivodeship: the coordinator role in its public bodies. Everyone else: none. Only roles
    that may exist in an organisation of this kind are offered.
    """
    if user.is_superuser:
        allowed = set(Role)
    else:
        allowed = set()
        if user_roles_in(user, organisation.pk) & MANAGING_ROLES:
            allowed |= set(Role) - REACH_ROLES
        if is_register_officer_over_public_body(user, organisation):
            allowed |= REGISTER_OFFICER_GRANTS
    return [role for role in Role if role in allowed and role_allowed_in(role, organisation)]


# Route level: may the user see (manage) the members of any organisation? Object level: of this one?
rules.add_perm("accounts.view_members", is_admin | is_member_somewhere | has_role(Role.REGISTER_OFFICER))
rules.add_perm("accounts.manage_members", is_admin | has_role(*MANAGING_ROLES, Role.REGISTER_OFFICER))
rules.add_perm("accounts.view_organisation_members", is_admin | is_member_of | is_register_officer_over_public_body)
rules.add_perm("accounts.change_organisation_members", is_admin | manages_members_of)
