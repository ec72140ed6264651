"""The help shown on the pages of `notifications` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

register_help(
    "notifications:list",
    purpose=_(
        "Notices of what happened to your work: a referral issued to your centre, a candidate sent or answered, "
        "a matching run that ended, an import that was not taken."
    ),
    next_steps=_(
        "Open a notice to go to its record (it is then marked read), or mark all read. Tick the daily e-mail "
        "summary if you want the count of what waits for you each morning."
    ),
    guide="co-czeka-na-ciebie-powiadomienia-i-codzienne-podsumowanie",
)
