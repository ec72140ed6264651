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

register_help(
    "accounts:password-change",
    purpose=_("A new password for your account, checked against the rules of a safe password."),
    next_steps=_(
        "Give your current password and the new one twice. You stay signed in here; every other place where "
        "you were signed in with the old password is signed out."
    ),
    guide="logowanie-i-wylogowanie",
)
