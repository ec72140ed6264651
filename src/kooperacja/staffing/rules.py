"""Who may do what with staffing needs, diagnosis rounds and plans.

Route-level rules decide by role; object-level rules (this need, this round) are checked by the
fetch helpers in ``selectors`` and by the services.
"""

import rules

from kooperacja.accounts.predicates import has_role, is_admin, is_signed_in, user_organisation_ids
from kooperacja.accounts.roles import Role

# Roles that manage a provider's staffing needs.
NEED_MANAGER_ROLES = (Role.PES_MANAGER, Role.PZS_STAFF)
# Roles that act for their organisation in a diagnosis round: contribute needs and sign the plan.
PARTNER_ROLES = (
    Role.COORDINATOR,
    Role.PES_MANAGER,
    Role.PZS_STAFF,
    Role.SOCIAL_WORKER,
    Role.PARTNER_WORKER,
    Role.OWES_ADVISOR,
)


def organisation_ids_with_roles(user, roles) -> frozenset[int]:
    """Organisations where the user holds one of ``roles`` (cached per request on the user object)."""
    if not user.is_authenticated:
        return frozenset()
    cache = getattr(user, "_staffing_role_orgs", None)
    if cache is None:
        cache = {}
        for role, organisation_id in user.memberships.values_list("role", "organisation_id"):
            cache.setdefault(role, set()).add(organisation_id)
        user._staffing_role_orgs = cache
    wanted = {str(role) for role in roles}
    return frozenset(org for role, orgs in cache.items() if role in wanted for org in orgs)


@rules.predicate
def has_membership(user) -> bool:
    return bool(user_organisation_ids(user))


@rules.predicate
def manages_need_provider(user, need) -> bool:
    return need is not None and need.provider_id in organisation_ids_with_roles(user, NEED_MANAGER_ROLES)


@rules.predicate
def coordinates_round(user, diagnosis_round) -> bool:
    if diagnosis_round is None:
        return False
    return diagnosis_round.coordinator_organisation_id in organisation_ids_with_roles(user, (Role.COORDINATOR,))


may_manage_needs = is_admin | has_role(*NEED_MANAGER_ROLES)
may_coordinate = is_admin | has_role(Role.COORDINATOR)
may_act_as_partner = is_admin | has_role(*PARTNER_ROLES)

rules.add_perm("staffing.view_needs", is_signed_in)
# Route level: may the user manage some provider's needs? Object level: this need?
rules.add_perm("staffing.manage_needs", may_manage_needs)
rules.add_perm("staffing.change_need", is_admin | manages_need_provider)
# Rounds and plans are seen by members of the institutions taking part (scoped by the selectors).
rules.add_perm("staffing.view_rounds", is_admin | has_membership)
rules.add_perm("staffing.coordinate_rounds", may_coordinate)
rules.add_perm("staffing.coordinate_round", is_admin | coordinates_round)
rules.add_perm("staffing.act_as_partner", may_act_as_partner)
