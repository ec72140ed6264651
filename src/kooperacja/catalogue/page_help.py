"""The help shown on the pages of `catalogue` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

register_help(
    "catalogue:list",
    purpose=_(
        "The public catalogue of unified social service cards: standards, qualifications, training "
        "courses and readiness criteria."
    ),
    next_steps=_(
        "Search or filter by form of delivery and target group, then open a card. Staffing needs and "
        "training programmes are built on these cards."
    ),
    guide="katalog-uslug-spolecznych",
)
register_help(
    "catalogue:detail",
    purpose=_(
        "One service card: legal basis, standard, required qualifications and how each is met, the CIS "
        "and KIS course and its modules."
    ),
    next_steps=_(
        "Compare it with earlier versions in the history of the card. Catalogue editors change a card by "
        "publishing a new version with a description of the change."
    ),
    guide="katalog-uslug-spolecznych",
)
