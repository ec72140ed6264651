"""Who may see and move yearly reports.

The staff (``pzs_staff``) of a CIS or KIS prepare its reports, approve them (the manager's act: the staff of the
organisation stand for its manager, as there is no separate manager role) and mark them submitted; an
administrator may do everything. The voivode's register officer sees the submitted reports of CIS and KIS in
their voivodeship — the figures, not the lists of records behind them. Everyone else: 404.
"""

import rules

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.predicates import has_role
from kooperacja.accounts.roles import Role
from kooperacja.core.predicates import is_admin

# Route level.
rules.add_perm("reporting.view_reports", is_admin | has_role(Role.PZS_STAFF, Role.REGISTER_OFFICER))
rules.add_perm("reporting.manage_reports", is_admin | has_role(Role.PZS_STAFF))


@rules.predicate
def is_staff_of_report_organisation(user, report) -> bool:
    return report is not None and report.organisation_id in actor_of(user).organisations_with(Role.PZS_STAFF)


# Object level (an AnnualReport): the moves of its state machine and its lists of records.
rules.add_perm("reporting.approve_report", is_admin | is_staff_of_report_organisation)
rules.add_perm("reporting.submit_report", is_admin | is_staff_of_report_organisation)
rules.add_perm("reporting.view_records", is_admin | is_staff_of_report_organisation)
