"""The help shown on the pages of `agreements` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

GUIDE = "oferty-i-porozumienia-o-wspolpracy"

register_help(
    "agreements:offer-list",
    purpose=_("Programme offers of CIS, KIS and social-economy entities per catalogue service and area served."),
    next_steps=_(
        "Filter by service and municipality or county, open an offer and send a contact request; a CIS, KIS or "
        "PES publishes its own offers here."
    ),
    guide=GUIDE,
)
register_help(
    "agreements:offer-detail",
    purpose=_("One offer: what the organisation can train for and deliver, its capacity, area and validity."),
    next_steps=_("Send a contact request; the offering organisation edits, publishes or withdraws its offer."),
    guide=GUIDE,
)
register_help(
    "agreements:request-list",
    purpose=_("Contact requests your organisations sent and those about your offers."),
    next_steps=_("Answer a request: accepting it starts the draft of a cooperation agreement."),
    guide=GUIDE,
)
register_help(
    "agreements:request-detail",
    purpose=_("One contact request about an offer and its answer."),
    next_steps=_("The offering organisation accepts it (a draft agreement is started) or declines it with reasons."),
    guide=GUIDE,
)
register_help(
    "agreements:agreement-list",
    purpose=_("Cooperation agreements of your organisations, with their open obligations and review dates."),
    next_steps=_(
        "Open an agreement to add obligations and signatories, sign it for your party or mark obligations done."
    ),
    guide=GUIDE,
)
register_help(
    "agreements:agreement-detail",
    purpose=_("One cooperation agreement: parties, obligations, signatories, validity, amendments and history."),
    next_steps=_(
        "Each party signs for itself; when all have, a party puts it in force. Later changes are amendments. "
        "The agreement can be downloaded as PDF."
    ),
    guide=GUIDE,
)
