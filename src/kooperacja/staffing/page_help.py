"""The help shown on the pages of `staffing` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

register_help(
    "staffing:index",
    purpose=_(
        "Sphere 1 at a glance: for a chosen territory, the open positions by service and the people in "
        "training, ready for work and placed."
    ),
    next_steps=_(
        "Choose a voivodeship, county or municipality. The tabs above lead to each step of the work: "
        "needs, diagnosis and plans, programmes, referrals, participants, matching and reports."
    ),
    guide="sfera-1-krok-po-kroku-kto-co-robi",
)
register_help(
    "staffing:need-list",
    purpose=_("The published staffing needs of service providers: positions, services, places, pay and working time."),
    next_steps=_("Filter the list and open a need. A provider declares its own needs under “My needs”."),
    guide="zapotrzebowania-kadrowe-wynagrodzenie-i-czas-pracy",
)
register_help(
    "staffing:my-needs",
    purpose=_("The staffing needs of your organisation, drafts included."),
    next_steps=_(
        "Declare a new need, complete a draft and publish it: only published needs are matched with "
        "candidates. Withdraw a need you no longer have."
    ),
    guide="zapotrzebowania-kadrowe-wynagrodzenie-i-czas-pracy",
)
register_help(
    "staffing:need-detail",
    purpose=_(
        "One staffing need: the position, the service, the qualifications required, the place, start "
        "date, pay and working time."
    ),
    next_steps=_(
        "The provider edits, publishes or withdraws it here. Pay below the minimum wage on the start date is refused."
    ),
    guide="zapotrzebowania-kadrowe-wynagrodzenie-i-czas-pracy",
)
register_help(
    "staffing:round-list",
    purpose=_(
        "Joint diagnoses of staffing needs (rounds) that your organisation coordinates or takes part in, "
        "each with its staffing plan."
    ),
    next_steps=_(
        "A coordinator opens a round for a municipality or county and a period; partners open the round "
        "to contribute their needs."
    ),
    guide="diagnoza-potrzeb-kadrowych-i-plan-kadrowy",
)
register_help(
    "staffing:round-detail",
    purpose=_("One diagnosis round: its partners, the needs they contributed and the directions of development."),
    next_steps=_(
        "Partners contribute their needs; the coordinator invites partners, adds directions of "
        "development and generates the staffing plan, which the partners then sign."
    ),
    guide="diagnoza-potrzeb-kadrowych-i-plan-kadrowy",
)
register_help(
    "staffing:plan-detail",
    purpose=_(
        "One version of a staffing plan: how many people are needed for which service, qualification and "
        "quarter, and who has signed it."
    ),
    next_steps=_(
        "Each partner signs the plan for its organisation. A plan signed by everyone is locked; the "
        "coordinator changes it only by an amendment, which creates a new version."
    ),
    guide="diagnoza-potrzeb-kadrowych-i-plan-kadrowy",
)
register_help(
    "staffing:plan-history",
    purpose=_("Every version of the staffing plan of a round, with what each one amended."),
    next_steps=_("Open a version to see its lines and sign-offs; the newest signed version is the one in force."),
    guide="diagnoza-potrzeb-kadrowych-i-plan-kadrowy",
)
