"""The help shown on the pages of `audit` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

register_help(
    "audit:log",
    purpose=_(
        "The audit trail: who read personal data (when, which record, which fields and why) and who "
        "changed which record."
    ),
    next_steps=_(
        "Narrow the list with the filters, for example to one person's reads in a given period, when you "
        "need to answer a question about access to someone's data."
    ),
    guide="dziennik-dostepu-do-danych",
)
