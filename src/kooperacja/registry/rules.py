import rules

from kooperacja.accounts.predicates import (
    has_role,
    is_admin,
    is_signed_in,
    user_organisation_ids,
    user_role_municipalities,
)
from kooperacja.accounts.roles import Role
from kooperacja.registry.models import PUBLIC_BODY_KINDS, OrganisationKind

MEMBER_EDITOR_ROLES = (
    Role.COORDINATOR,
    Role.PZS_STAFF,
    Role.PES_MANAGER,
    Role.OWES_ADVISOR,
    Role.SOCIAL_WORKER,
)


@rules.predicate
def is_member_editor(user, organisation) -> bool:
    if organisation is None or organisation.pk not in user_organisation_ids(user):
        return False
    return user.memberships.filter(organisation=organisation, role__in=MEMBER_EDITOR_ROLES).exists()


@rules.predicate
def is_coordinator_in_county(user, organisation) -> bool:
    """Coordinators look after the organisations of their own county (powiat)."""
    if organisation is None:
        return False
    counties = {code[:4] for code in user_role_municipalities(user, Role.COORDINATOR)}
    return organisation.municipality_id[:4] in counties


@rules.predicate
def is_register_officer_in_voivodeship(user, organisation) -> bool:
    if organisation is None:
        return False
    voivodeships = {code[:2] for code in user_role_municipalities(user, Role.REGISTER_OFFICER)}
    return organisation.municipality_id[:2] in voivodeships


@rules.predicate
def is_member(user, organisation) -> bool:
    return organisation is not None and organisation.pk in user_organisation_ids(user)


@rules.predicate
def is_register_officer_over_public_body(user, organisation) -> bool:
    """The voivode's register officer stands above the public bodies of the voivodeship (but not above a
    voivode's office, which only an administrator changes)."""
    if organisation is None or organisation.kind not in PUBLIC_BODY_KINDS:
        return False
    return organisation.kind != OrganisationKind.VOIVODE_OFFICE and is_register_officer_in_voivodeship(
        user, organisation
    )


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
rules.add_perm("registry.change_register_entry", is_admin | is_register_officer_in_voivodeship)
rules.add_perm("registry.confirm_register_entries", is_admin | has_role(Role.REGISTER_OFFICER))
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
