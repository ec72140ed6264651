"""Who may report delivery, decide reports and watch delivery.

The provider's side: the social-economy managers and CIS/KIS staff of the organisation a contract was awarded to
report its delivery and submit the reports. The commissioner's side: the coordinators of the office, OPS or CUS
that commissioned the service accept or return reports, set the drift threshold and handle alerts. Each side sees
the contracts it is party to; nobody else sees a report. Administrators see and do everything."""

import rules

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.predicates import has_role
from kooperacja.accounts.roles import Role
from kooperacja.core.predicates import is_admin

PROVIDER_ROLES = (Role.PES_MANAGER, Role.PZS_STAFF)
COMMISSIONER_ROLES = (Role.COORDINATOR,)


def provider_organisation_ids(user) -> frozenset[int]:
    """The organisations where the user reports delivery."""
    return actor_of(user).organisations_with(*PROVIDER_ROLES)


def commissioner_organisation_ids(user) -> frozenset[int]:
    """The organisations where the user watches delivery and decides reports."""
    return actor_of(user).organisations_with(*COMMISSIONER_ROLES)


@rules.predicate
def reports_for(user, record) -> bool:
    return record is not None and record.provider_id in provider_organisation_ids(user)


@rules.predicate
def commissions(user, record) -> bool:
    return record is not None and record.commissioner_id in commissioner_organisation_ids(user)


# Route level (the selectors decide which record; 404 otherwise).
rules.add_perm("delivery.view", is_admin | has_role(*PROVIDER_ROLES, *COMMISSIONER_ROLES))
rules.add_perm("delivery.report", is_admin | has_role(*PROVIDER_ROLES))
rules.add_perm("delivery.commission", is_admin | has_role(*COMMISSIONER_ROLES))
# Object level: a report (its moves in REPORT_MACHINE), a contract's threshold, an alert (ALERT_MACHINE).
rules.add_perm("delivery.submit_report", is_admin | reports_for)
rules.add_perm("delivery.decide_report", is_admin | commissions)
rules.add_perm("delivery.set_rule", is_admin | commissions)
rules.add_perm("delivery.handle_alert", is_admin | commissions)
