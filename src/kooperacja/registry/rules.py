"""Who may see and change organisations, their reach and their members."""

import rules

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.predicates import has_role, is_member_somewhere
from kooperacja.accounts.roles import Role
from kooperacja.core.predicates import is_admin, is_signed_in
from kooperacja.registry.models import PUBLIC_BODY_KINDS, OrganisationKind, kind_may_hold_role

MEMBER_EDITOR_ROLES = (
    Role.COORDINATOR,
    Role.PZS_STAFF,
    Role.PES_MANAGER,
    Role.OWES_ADVISOR,
    Role.SOCIAL_WORKER,
)
# Members with one of these roles manage the memberships of their own organisation.
MANAGING_ROLES = frozenset({Role.COORDINATOR, Role.PZS_STAFF, Role.PES_MANAGER})
# Roles whose powers reach beyond the organisation that holds them: a coordinator looks after a whole
# county, a register officer confirms the register entries of a voivodeship, an analyst and a catalogue
# editor work for a region or the country. They are granted and revoked only from above the organisation:
# by an administrator, or — a coordinator in a public body — by the register officer of its voivodeship.
REACH_ROLES = frozenset({Role.COORDINATOR, Role.REGISTER_OFFICER, Role.ANALYST, Role.CATALOGUE_EDITOR})
REGISTER_OFFICER_GRANTS = frozenset({Role.COORDINATOR})


@rules.predicate
def is_member_editor(user, organisation) -> bool:
    return organisation is not None and bool(actor_of(user).roles_in(organisation.pk) & set(MEMBER_EDITOR_ROLES))


@rules.predicate
def is_coordinator_in_county(user, organisation) -> bool:
    """Coordinators look after the organisations of their own county (powiat)."""
    return organisation is not None and organisation.municipality_id[:4] in actor_of(user).counties_with(
        Role.COORDINATOR
    )


@rules.predicate
def is_register_officer_in_voivodeship(user, organisation) -> bool:
    return organisation is not None and organisation.municipality_id[:2] in actor_of(user).voivodeships_with(
        Role.REGISTER_OFFICER
    )


@rules.predicate
def is_register_officer_of(user, record) -> bool:
    """The register officer of the voivodeship of an organisation, or of the organisation of a register term or
    a social-enterprise status (the state machines check their permission on those records)."""
    organisation = getattr(record, "organisation", record)
    return is_register_officer_in_voivodeship(user, organisation)


@rules.predicate
def is_member(user, organisation) -> bool:
    return organisation is not None and actor_of(user).is_member_of(organisation.pk)


@rules.predicate
def is_register_officer_over_public_body(user, organisation) -> bool:
    """The voivode's register officer stands above the public bodies of the voivodeship (but not above a
    voivode's office, which only an administrator changes)."""
    if organisation is None or organisation.kind not in PUBLIC_BODY_KINDS:
        return False
    return organisation.kind != OrganisationKind.VOIVODE_OFFICE and is_register_officer_in_voivodeship(
        user, organisation
    )


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
        if actor_of(user).roles_in(organisation.pk) & MANAGING_ROLES:
            allowed |= set(Role) - REACH_ROLES
        if is_register_officer_over_public_body(user, organisation):
            allowed |= REGISTER_OFFICER_GRANTS
    return [role for role in Role if role in allowed and role_allowed_in(role, organisation)]


@rules.predicate
def manages_members_of(user, organisation) -> bool:
    return organisation is not None and bool(grantable_roles(user, organisation))


# Those who work with an organisation: its members, the coordinators of its county, the register officers of
# its voivodeship, administrators. They see its non-public contacts and the history of its reach.
works_with = is_admin | is_member | is_coordinator_in_county | is_register_officer_in_voivodeship

may_create = is_admin | has_role(Role.COORDINATOR, Role.REGISTER_OFFICER, Role.OWES_ADVISOR)
may_edit_some = is_admin | has_role(Role.COORDINATOR, Role.REGISTER_OFFICER, *MEMBER_EDITOR_ROLES)

rules.add_perm("registry.view_organisation", is_signed_in)
rules.add_perm("registry.add_organisation", may_create)
# Route level: may this user edit any organisation at all? Object level: this one?
rules.add_perm("registry.edit_organisations", may_edit_some)
rules.add_perm(
    "registry.change_organisation",
    is_admin | is_member_editor | is_coordinator_in_county | is_register_officer_in_voivodeship,
)
# The voivode's decisions in the register (a CIS status granted, extended or withdrawn, a KIS entered or struck
# off, a social-enterprise status granted or revoked) are taken from above the organisation, never by it. Route
# level: may the user decide anywhere? Object level: for this organisation (or its term or status)?
rules.add_perm("registry.decide_registers", is_admin | has_role(Role.REGISTER_OFFICER))
rules.add_perm("registry.decide_register", is_admin | is_register_officer_of)
rules.add_perm("registry.view_contacts", is_signed_in)
# Object level: people of an organisation beyond its public face (non-public contacts, staff named in its
# records and timelines, the history of its reach) are shown to those who work with it.
rules.add_perm("registry.works_with", works_with)
rules.add_perm("registry.view_private_contacts", works_with)
rules.add_perm("registry.view_reach_history", works_with)
# What decides someone's reach (an organisation's territory and kind) is changed only from above the
# organisation. Route level: may the user change it anywhere? Object level: for this organisation?
rules.add_perm("registry.change_reaches", is_admin | has_role(Role.REGISTER_OFFICER))
rules.add_perm("registry.change_reach", is_admin | is_register_officer_over_public_body)

# Members and roles. Route level: may the user see (manage) the members of any organisation? Object level: of
# this one?
rules.add_perm("registry.view_members", is_admin | is_member_somewhere | has_role(Role.REGISTER_OFFICER))
rules.add_perm("registry.manage_members", is_admin | has_role(*MANAGING_ROLES, Role.REGISTER_OFFICER))
rules.add_perm("registry.view_organisation_members", is_admin | is_member | is_register_officer_over_public_body)
rules.add_perm("registry.change_organisation_members", is_admin | manages_members_of)
