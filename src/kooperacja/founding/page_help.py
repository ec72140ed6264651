"""The help shown on the pages of `founding` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

GUIDE = "zakladanie-spoldzielni-socjalnej"

register_help(
    "founding:group",
    purpose=_(
        "The founding group of a launch: its founders, the cooperative model chosen, the business plan's state "
        "and the registration steps."
    ),
    next_steps=_(
        "Choose the model, prepare the business plan with the OWES advisor, then record the registration steps "
        "up to the KRS entry; the registered cooperative then starts its readiness assessment."
    ),
    guide=GUIDE,
)
register_help(
    "founding:model",
    purpose=_("The cooperative model the group chose, from the published models for its kind of founders."),
    next_steps=_("Say why the group chose it; the choice is kept with who recorded it and when."),
    guide=GUIDE,
)
register_help(
    "founding:member-add",
    purpose=_("A legal person of the registry (a municipality, an NGO, a church legal person) joins as a founder."),
    next_steps=_("A cooperative of legal persons needs at least two founders."),
    guide=GUIDE,
)
register_help(
    "founding:member-leave",
    purpose=_("A founder leaves the group: the date and the reason are kept."),
    next_steps=_("A group smaller than the law allows cannot record the registration steps."),
    guide=GUIDE,
)
register_help(
    "founding:steps",
    purpose=_("The registration steps in their order: statute, founding meeting, KRS application, KRS entry."),
    next_steps=_(
        "Record each step with its date once it happened; the KRS entry registers the cooperative in the registry "
        "and makes the launch operating."
    ),
    guide=GUIDE,
)
register_help(
    "founding:plan",
    purpose=_("The business plan with its totals per year and the OWES advisor's comments per section."),
    next_steps=_(
        "The coordinator edits and submits the plan; the advisor comments and sends it back; once every comment "
        "is resolved the plan is made final."
    ),
    guide=GUIDE,
)
register_help(
    "founding:plan-edit",
    purpose=_("The figures of the business plan: services, clients, staff, costs and revenue for 3 years, funding."),
    next_steps=_("Amounts are in PLN and cannot be negative; the totals are computed when the plan is saved."),
    guide=GUIDE,
)
