"""The help shown on the pages of `reporting` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

register_help(
    "reporting:report-list",
    purpose=_("The yearly reports of CIS and KIS: drafts, approved and submitted ones."),
    next_steps=_(
        "Prepare the report for a finished year; open it to check the figures, approve it and mark it as submitted."
    ),
    guide="sprawozdanie-roczne-cis-i-sprawozdanie-kis",
)
register_help(
    "reporting:report-detail",
    purpose=_(
        "One yearly report with every figure counted from your records; each figure links to the records behind it."
    ),
    next_steps=_(
        "Check the figures, approve the report (this freezes them), download it as PDF or XLSX and mark "
        "it as submitted on the day you sent it."
    ),
    guide="sprawozdanie-roczne-cis-i-sprawozdanie-kis",
)
