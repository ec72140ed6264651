"""Who may see and manage the members of an organisation, and which roles they may hand out."""

import rules

from kooperacja.accounts.predicates import has_role, is_admin, user_organisation_ids, user_roles_in
from kooperacja.accounts.roles import Role
from kooperacja.registry.models import OrganisationKind

# Members with one of these roles manage the memberships of their own organisation.
MANAGING_ROLES = frozenset({Role.COORDINATOR, Role.PZS_STAFF, Role.PES_MANAGER})
# Regional and national powers: handed out by administrators only.
ADMIN_ONLY_ROLES = frozenset({Role.CATALOGUE_EDITOR, Role.ANALYST})
# Powers that reach beyond one's own organisation (a coordinator looks after a whole county, a register
# officer confirms register entries of a voivodeship). A manager of a provider (PZS staff, PES manager)
# does not hold them, so may not hand them out either; the coordinator of the organisation may.
COORDINATOR_ONLY_ROLES = frozenset({Role.COORDINATOR, Role.REGISTER_OFFICER}) | ADMIN_ONLY_ROLES
# The register officer acts for the voivode: the role exists only in a voivode's office.
VOIVODE_OFFICE_ROLES = frozenset({Role.REGISTER_OFFICER})


@rules.predicate
def is_member_somewhere(user) -> bool:
    return bool(user_organisation_ids(user))


@rules.predicate
def is_member_of(user, organisation) -> bool:
    return organisation is not None and organisation.pk in user_organisation_ids(user)


@rules.predicate
def manages_members_of(user, organisation) -> bool:
    return organisation is not None and bool(user_roles_in(user, organisation.pk) & MANAGING_ROLES)


def role_allowed_in(role: Role | str, organisation) -> bool:
    """Whether the role may exist in this organisation at all, whoever grants it."""
    return role not in VOIVODE_OFFICE_ROLES or organisation.kind == OrganisationKind.VOIVODE_OFFICE


def grantable_roles(user, organisation) -> list[Role]:
    """The roles ``user`` may grant (or revoke) in ``organisation``, in the order of :class:`Role`.

    Administrators: every role. The organisation's coordinator: every role but the regional and national
    ones reserved to administrators. Its PZS staff or PES manager: only the roles of the organisation's
    own daily work, never one with powers beyond it. Everyone else: none.
    """
    if user.is_superuser:
        allowed = set(Role)
    else:
        held = user_roles_in(user, organisation.pk)
        if Role.COORDINATOR in held:
            allowed = set(Role) - ADMIN_ONLY_ROLES
        elif held & {Role.PZS_STAFF, Role.PES_MANAGER}:
            allowed = set(Role) - COORDINATOR_ONLY_ROLES
        else:
            allowed = set()
    return [role for role in Role if role in allowed and role_allowed_in(role, organisation)]


# Route level: may the user see (manage) the members of any organisation? Object level: of this one?
rules.add_perm("accounts.view_members", is_admin | is_member_somewhere)
rules.add_perm("accounts.manage_members", is_admin | has_role(*MANAGING_ROLES))
rules.add_perm("accounts.view_organisation_members", is_admin | is_member_of)
rules.add_perm("accounts.change_organisation_members", is_admin | manages_members_of)
