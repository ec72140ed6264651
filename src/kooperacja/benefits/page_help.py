"""The help shown on the pages of `benefits` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

register_help(
    "benefits:month-list",
    purpose=_("The monthly lists of integration benefits of your CIS, calculated from daily attendance."),
    next_steps=_(
        "Calculate a month (after its attendance is complete), check the calculation of each person, "
        "approve the list and mark it as paid."
    ),
    guide="swiadczenie-integracyjne-cis",
)
register_help(
    "benefits:month-detail",
    purpose=_(
        "One month's list of integration benefits: each participant's benefit, deductions, bonus and "
        "contributions, step by step."
    ),
    next_steps=_(
        "In a draft, enter motivation bonuses and recalculate; then approve and mark as paid. A paid "
        "list changes only by a correction (a new version)."
    ),
    guide="swiadczenie-integracyjne-cis",
)
register_help(
    "benefits:refund",
    purpose=_(
        "The summary for the refund claim: for each month of the year, the last paid list's benefits, "
        "bonuses and contributions."
    ),
    next_steps=_("Choose the CIS and the year and copy the amounts to the claim."),
    guide="swiadczenie-integracyjne-cis",
)
