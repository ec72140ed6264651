"""The help shown on the pages of `placement` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

register_help(
    "placement:index",
    purpose=_("Matching of participants ready for work with open positions in a territory."),
    next_steps=_(
        "Choose the territory (and a staffing plan if you wish) and start a matching run; open a "
        "finished run to accept, reject or swap its proposals."
    ),
    guide="dobor-kandydatow-do-miejsc-pracy",
)
register_help(
    "placement:run-detail",
    purpose=_(
        "One matching run: the proposed pairs with their score and reasons, and the people left without "
        "a position with the cause."
    ),
    next_steps=_("Accept a proposal to send the candidate to the employer, reject it, or swap it with another row."),
    guide="dobor-kandydatow-do-miejsc-pracy",
)
register_help(
    "placement:referral-list",
    purpose=_(
        "Candidates put forward to employers (service providers) for their staffing needs, and where each one stands."
    ),
    next_steps=_("Open a referral to move it on: sent, interview, hired or declined."),
    guide="zgloszenia-kandydatow-do-pracodawcow",
)
register_help(
    "placement:referral-detail",
    purpose=_(
        "One candidate's referral to a position: the person, the position, the next step and the "
        "follow-ups after hiring."
    ),
    next_steps=_(
        "Record the next step with a note. After a hire, record 3 and 6 months later whether the person "
        "is still employed."
    ),
    guide="zgloszenia-kandydatow-do-pracodawcow",
)
register_help(
    "placement:provider-candidates",
    purpose=_(
        "People put forward to your organisation's staffing needs, with only the data needed for hiring "
        "and only with their consent."
    ),
    next_steps=_(
        "Open a hiring profile, invite the person to an interview and record the hire or decline on the referral."
    ),
    guide="zgloszenia-kandydatow-do-pracodawcow",
)
register_help(
    "placement:candidate",
    purpose=_(
        "A candidate's hiring profile: contact, completed courses and qualifications, shown while the "
        "referral to you is under way."
    ),
    next_steps=_("Contact the person and record the result on the referral. Viewing this page is recorded."),
    guide="zgloszenia-kandydatow-do-pracodawcow",
)
