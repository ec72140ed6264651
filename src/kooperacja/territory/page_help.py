"""The help shown on the pages of `territory` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

register_help(
    "territory:index",
    purpose=_("Every voivodeship, county and municipality of Poland from the TERYT register, with its population."),
    next_steps=_(
        "Type a name or a part of it (Polish letters are optional) and open a unit; below you can "
        "measure the distance between two municipalities."
    ),
    guide="terytorium",
)
register_help(
    "territory:detail",
    purpose=_(
        "One unit of the territorial division: its TERYT code, kind, the units above and below it and its population."
    ),
    next_steps=_("Follow the links to the units above or below, or go back to the search."),
    guide="terytorium",
)
