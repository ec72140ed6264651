"""Who may see and move the integration benefit lists: the staff of the CIS (not its social workers)."""

import rules

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.predicates import has_role
from kooperacja.accounts.roles import Role
from kooperacja.core.predicates import is_admin

rules.add_perm("benefits.view_benefits", is_admin | has_role(Role.PZS_STAFF))


@rules.predicate
def is_staff_of_month_cis(user, benefit_month) -> bool:
    return benefit_month is not None and benefit_month.organisation_id in actor_of(user).organisations_with(
        Role.PZS_STAFF
    )


# Object level (a BenefitMonth): the moves of its state machine.
rules.add_perm("benefits.manage_month", is_admin | is_staff_of_month_cis)
