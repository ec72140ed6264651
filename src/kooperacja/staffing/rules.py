"""Who may do what with staffing needs, diagnosis rounds and plans.

Route-level rules decide by role; object-level rules (this need, this round) are checked by the
fetch helpers in ``selectors`` and by the services.
"""

import rules

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.predicates import has_role, is_member_somewhere
from kooperacja.accounts.roles import Role
from kooperacja.core.predicates import is_admin, is_signed_in

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


@rules.predicate
def manages_need_provider(user, need) -> bool:
    return need is not None and need.provider_id in actor_of(user).organisations_with(*NEED_MANAGER_ROLES)


@rules.predicate
def coordinates_round(user, diagnosis_round) -> bool:
    if diagnosis_round is None:
        return False
    return diagnosis_round.coordinator_organisation_id in actor_of(user).organisations_with(Role.COORDINATOR)


may_manage_needs = is_admin | has_role(*NEED_MANAGER_ROLES)
may_coordinate = is_admin | has_role(Role.COORDINATOR)
may_act_as_partner = is_admin | has_role(*PARTNER_ROLES)

rules.add_perm("staffing.view_needs", is_signed_in)
# Route level: may the user manage some provider's needs? Object level: this need?
rules.add_perm("staffing.manage_needs", may_manage_needs)
rules.add_perm("staffing.change_need", is_admin | manages_need_provider)
# Rounds and plans are seen by members of the institutions taking part (scoped by the selectors).
rules.add_perm("staffing.view_rounds", is_admin | is_member_somewhere)
rules.add_perm("staffing.coordinate_rounds", may_coordinate)
rules.add_perm("staffing.coordinate_round", is_admin | coordinates_round)
rules.add_perm("staffing.act_as_partner", may_act_as_partner)
