"""The help shown on the pages of `commissioning` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

GUIDE = "zlecanie-uslug-spolecznych-sfera-3"

register_help(
    "commissioning:index",
    purpose=_("Sphere 3: commissioning social services of the catalogue from providers confirmed ready for them."),
    next_steps=_(
        "A commissioner opens an order in one of the modes; a provider reads the open orders and bids; both sides "
        "find their contracts here."
    ),
    guide=GUIDE,
)
register_help(
    "commissioning:order-list",
    purpose=_("Orders open for offers now, with whether each of your organisations may bid and why not."),
    next_steps=_(
        "Open an order to read its specification and criteria and submit an offer before the deadline (the "
        "server's clock decides)."
    ),
    guide=GUIDE,
)
register_help(
    "commissioning:my-order-list",
    purpose=_("The orders of your municipality office, OPS or CUS in every state, drafts included."),
    next_steps=_(
        "Start a new order from a catalogue card, publish it, score the offers after the deadline, award it and "
        "prepare the contract."
    ),
    guide=GUIDE,
)
register_help(
    "commissioning:order",
    purpose=_("One order: its specification, mode, criteria, the offers, the ranking and the contract."),
    next_steps=_(
        "The commissioner publishes, closes the offers, scores, closes the evaluation and awards; a provider "
        "submits or withdraws its offer before the deadline."
    ),
    guide=GUIDE,
)
register_help(
    "commissioning:offer-list",
    purpose=_("The offers of your organisation with their status, score and place in the ranking."),
    next_steps=_("Open the order to withdraw an offer before the deadline or to read the result."),
    guide=GUIDE,
)
register_help(
    "commissioning:contract-list",
    purpose=_("Contracts your organisations are party to, as commissioner or as provider."),
    next_steps=_("Open a contract to read its schedule, download it as PDF, sign it or record its end."),
    guide=GUIDE,
)
register_help(
    "commissioning:contract",
    purpose=_("One contract: the parties, the service, the value and the schedule of periods."),
    next_steps=_(
        "The provider signs the contract prepared for it; the commissioner records it completed or terminates it "
        "with a reason."
    ),
    guide=GUIDE,
)
