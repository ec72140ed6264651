"""The help shown on the pages of `selection` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

GUIDE = "nabor-z-kryteriami-i-rankingiem"

register_help(
    "selection:overview",
    purpose=_("One selection: its terms, criteria with weights, tie rule, assessors, entries and history."),
    next_steps=_(
        "The organisation running it adds criteria and assessors, publishes it, starts the scoring, ranks the "
        "entries and confirms the selection after the time for appeals."
    ),
    guide=GUIDE,
)
register_help(
    "selection:score",
    purpose=_("Your own scoring sheet: your points for each entry on each criterion; others cannot see them."),
    next_steps=_("Enter the points of an entry on every criterion and save its row; the sheet shows what is missing."),
    guide=GUIDE,
)
register_help(
    "selection:ranking",
    purpose=_("The ranking: totals, means per criterion, who is selected and how each tie was decided."),
    next_steps=_("Download it as PDF or XLSX; earlier versions (after an upheld appeal) stay listed below."),
    guide=GUIDE,
)
register_help(
    "selection:appeals",
    purpose=_("The candidates' appeals against the ranking, submitted before the deadline."),
    next_steps=_("Decide each appeal: uphold it (the entries are re-scored and ranked again) or dismiss it."),
    guide=GUIDE,
)
register_help(
    "selection:result",
    purpose=_("A candidate's own result: enter the access code of your entry to see its position and total."),
    next_steps=_("Until the deadline you may appeal against the ranking here; you need no account."),
    guide=GUIDE,
)
