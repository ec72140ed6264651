"""The help shown on the pages of `cooperatives` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

GUIDE = "modele-spoldzielni-socjalnych-i-franczyza-spoleczna"

register_help(
    "cooperatives:model-list",
    purpose=_(
        "Models of social cooperatives delivering public-utility services: the problem each answers, its target "
        "groups, service areas and founders."
    ),
    next_steps=_(
        "Filter by target group, service area or founders and open a model; the catalogue editor adds and "
        "publishes models."
    ),
    guide=GUIDE,
)
register_help(
    "cooperatives:model-detail",
    purpose=_(
        "One model: what it answers, who founds it, the catalogue services it delivers, what it needs to start, "
        "its replication package and where it runs as a social franchise."
    ),
    next_steps=_(
        "The franchisor's manager or the catalogue editor records franchisees; the editor edits, publishes or "
        "withdraws the model."
    ),
    guide=GUIDE,
)
register_help(
    "cooperatives:model-edit",
    purpose=_("Edit a model's content, its catalogue services, replication package and franchisor."),
    next_steps=_("Save; a model edited here is no longer refreshed from the shipped catalogue."),
    guide=GUIDE,
)
register_help(
    "cooperatives:franchisee-create",
    purpose=_("Record an organisation that negotiates to run the model in a municipality."),
    next_steps=_("Once the franchise is agreed, mark it active on its page; end it when it stops."),
    guide=GUIDE,
)
register_help(
    "cooperatives:franchisee-detail",
    purpose=_("One franchisee of a model: where it runs the model, since when and in which state."),
    next_steps=_("The franchisor's manager or the catalogue editor activates, corrects or ends the franchise."),
    guide=GUIDE,
)
register_help(
    "cooperatives:franchisee-edit",
    purpose=_("Correct the dates and note of a franchise."),
    next_steps=_("Save; an ended franchise is kept as it was."),
    guide=GUIDE,
)
register_help(
    "cooperatives:replication-map",
    purpose=_("Where the models run: franchisees per voivodeship and municipality, by model."),
    next_steps=_("Choose a voivodeship or a franchise state; open a model to see its franchisees."),
    guide=GUIDE,
)
register_help(
    "cooperatives:recommend",
    purpose=_(
        "Which models a municipality or county needs most, with the reasons: the problems stated, services "
        "without a ready provider, open staffing needs, where the model already runs, population."
    ),
    next_steps=_("Choose a unit and the problems to answer; open a model to read it and find its franchisor."),
    guide=GUIDE,
)
