"""The help shown on the pages of `registry` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

register_help(
    "registry:list",
    purpose=_("The shared register of CIS, KIS, social cooperatives, OPS, CUS, PUP, OWES and other partners."),
    next_steps=_(
        "Search by name, town or NIP/REGON/KRS number and narrow the list with the filters; the address "
        "of the page keeps them, so you can send it to someone. Open an organisation to see its details."
    ),
    guide="wyszukiwanie-i-filtry",
)
register_help(
    "registry:detail",
    purpose=_(
        "One organisation: address and identifiers, the voivode's register entry, workshops, places of "
        "activity and contact persons."
    ),
    next_steps=_(
        "If you work with this organisation, the buttons on the page let you correct its data, contacts "
        "and workshops and manage its members and roles. Viewing contact persons is recorded."
    ),
    guide="strona-organizacji",
)
