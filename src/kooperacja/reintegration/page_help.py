"""The help shown on the pages of `reintegration` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

register_help(
    "reintegration:programme",
    purpose=_(
        "The participant's individual programme: in a CIS the IPZS, in a KIS the social contract or "
        "individual programme, with its goals and actions."
    ),
    next_steps=_(
        "Start the programme, add goals and actions, sign it; later record changes, completed actions "
        "and its end. Documents are available as PDF."
    ),
    guide="program-indywidualny-uczestnika-ipzs-kontrakt-socjalny",
)
register_help(
    "reintegration:classes",
    purpose=_("The participant's classes in one month: kind, instructor, hours and place."),
    next_steps=_(
        "Add classes for the month; hours over the statutory limit and instructors over their number of "
        "participants are refused. Download the month as PDF to sign."
    ),
    guide="miesieczny-program-zajec-i-instruktorzy",
)
register_help(
    "reintegration:instructors",
    purpose=_("The instructors of your CIS or KIS with their participants and hours in a chosen month."),
    next_steps=_("Choose the month, or add an instructor before planning classes with them."),
    guide="miesieczny-program-zajec-i-instruktorzy",
)
