"""The help shown on the pages of `accounts` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

register_help(
    "accounts:profile",
    purpose=_("Your account: your organisations and roles, and the API tokens that let a program work in your name."),
    next_steps=_(
        "Check that your roles are right (a missing role is granted by the person who manages your "
        "organisation). Create a token only for a program you trust, and revoke a token you no longer "
        "need."
    ),
    guide="moje-konto-i-tokeny-api",
)
