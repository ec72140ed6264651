"""The help shown on the pages of `admission` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

register_help(
    "admission:sent",
    purpose=_(
        "Referrals to a CIS or KIS that your OPS, CUS or PUP prepared or issued, and the progress of "
        "each person's stay."
    ),
    next_steps=_(
        "Start a new referral, complete the social worker's opinion and issue it; after acceptance you "
        "see only the stay's status, dates and outcome."
    ),
    guide="skierowanie-do-cis-lub-kis",
)
register_help(
    "admission:incoming",
    purpose=_("Referrals issued to your CIS or KIS by OPS, CUS or PUP."),
    next_steps=_(
        "Open a referral and accept it (the admission form is filled in from the referral) or refuse it with a reason."
    ),
    guide="skierowanie-do-cis-lub-kis",
)
register_help(
    "admission:detail",
    purpose=_(
        "One referral to a CIS or KIS: the person, who applied, the categories, the social worker's "
        "opinion and what happened to it."
    ),
    next_steps=_(
        "The referring institution edits, issues or withdraws it; the CIS or KIS accepts or refuses it. "
        "The referral can be downloaded as PDF."
    ),
    guide="skierowanie-do-cis-lub-kis",
)
