"""Writes of sphere 1 staffing: needs, diagnosis rounds, directions and staffing plans, grouped by topic in the
modules of this package.

Web views, the API, tasks and management commands all call these functions. Every state change goes
through :func:`kooperacja.core.fsm.transition`, which settles races in the database and writes the event row.
"""

from kooperacja.core.dates import quarter_of  # the quarter of a plan line, as callers of these services know it
from kooperacja.staffing.services.needs import (
    MAX_HOURS_PER_WEEK,
    NEED_CONFLICT_MESSAGE,
    NEED_CONTRIBUTABLE_STATES,
    NEED_EDITABLE_STATES,
    NEED_FIELDS,
    need_create,
    need_expire,
    need_publish,
    need_record_hire,
    need_update,
    need_withdraw,
    needs_expire_due,
)
from kooperacja.staffing.services.plans import (
    plan_amend,
    plan_generate,
    plan_lines_compute,
    plan_sign,
    plan_signer_ids,
)
from kooperacja.staffing.services.rounds import (
    direction_add,
    quarter_bounds,
    round_contribute_need,
    round_contribute_needs,
    round_invite_partner,
    round_open,
)

__all__ = [
    "MAX_HOURS_PER_WEEK",
    "NEED_CONFLICT_MESSAGE",
    "NEED_CONTRIBUTABLE_STATES",
    "NEED_EDITABLE_STATES",
    "NEED_FIELDS",
    "direction_add",
    "need_create",
    "need_expire",
    "need_publish",
    "need_record_hire",
    "need_update",
    "need_withdraw",
    "needs_expire_due",
    "plan_amend",
    "plan_generate",
    "plan_lines_compute",
    "plan_sign",
    "plan_signer_ids",
    "quarter_bounds",
    "quarter_of",
    "round_contribute_need",
    "round_contribute_needs",
    "round_invite_partner",
    "round_open",
]
