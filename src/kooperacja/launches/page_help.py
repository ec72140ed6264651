"""The help shown on the pages of `launches` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

GUIDE = "uruchomienie-pakietu-uslug-spolecznych-sfera-2"

register_help(
    "launches:index",
    purpose=_("Sphere 2: a municipality launches a package of social services to be run by a new social cooperative."),
    next_steps=_(
        "Open the launches you may see, or launch a package if you work for a municipality office, an OPS or a CUS."
    ),
    guide=GUIDE,
)
register_help(
    "launches:launch-list",
    purpose=_("The launches you may see: your institution's, those you were invited to and those of your area."),
    next_steps=_("Filter by state, area or service and open a launch to see its partners, call and timeline."),
    guide=GUIDE,
)
register_help(
    "launches:detail",
    purpose=_("One launch: its services, budget, partners and their commitments, the call and the timeline of states."),
    next_steps=_(
        "The launching institution moves it on: announce (partners are invited), publish the call, prepare the "
        "candidates, select the founding group. An invited partner commits or declines here."
    ),
    guide=GUIDE,
)
register_help(
    "launches:launch-create",
    purpose=_("A new launch of a package of social services of the catalogue for your municipality."),
    next_steps=_(
        "Choose the services with their planned volume and timeline, the form and the budget; save the draft."
    ),
    guide=GUIDE,
)
register_help(
    "launches:applications",
    purpose=_(
        "The applications to the call: names for the launching institution and the CIS/KIS that put them forward."
    ),
    next_steps=_("Enter a paper application or put a participant forward while the call is open; withdraw if asked."),
    guide=GUIDE,
)
register_help(
    "launches:sessions",
    purpose=_("The preparation of the candidates: training modules of the services' programme and workshops."),
    next_steps=_(
        "Add a session and record each candidate's attendance and result; assessors may take them into account."
    ),
    guide=GUIDE,
)
