"""Demo of founding social cooperatives (sphere 2, F2.4): two launches of the MOPS of Grudziądz walked through the
services from the draft to a confirmed founding group, then

- one in state "founding": model chosen, business plan commented by the OWES advisor, statute and founding meeting
  recorded;
- one "operating": a registered cooperative in the registry (KRS entry), linked to its launch.

The server's clock decides the call's deadline and the time for appeals; the demo moves those two dates into the
past (as the browser walk does with its server shell) instead of waiting, and nothing else.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from kooperacja.cooperatives import selectors as cooperatives
from kooperacja.demo.builders import pesel_for
from kooperacja.founding import selectors as founding
from kooperacja.founding import services
from kooperacja.founding.models import FoundersKind, StepKind
from kooperacja.launches import calls as launch_calls
from kooperacja.launches import selectors as launches
from kooperacja.launches import services as launch_services
from kooperacja.launches.models import Call
from kooperacja.selection import selectors as selection_selectors
from kooperacja.selection import services as selection_services
from kooperacja.selection.models import Selection

GRUDZIADZ = "0462011"
CARE = "opieka-wytchnieniowa"
FOUNDING_TITLE = "Opieka wytchnieniowa — spółdzielnia socjalna „Razem w Domu” (demo)"
OPERATING_TITLE = "Usługi opiekuńcze — spółdzielnia socjalna „Pomocna Dłoń” (demo)"
CANDIDATES = [
    ("Halina", "Kurek", True),
    ("Stanisław", "Pietrzak", False),
    ("Renata", "Głowacka", True),
    ("Zbigniew", "Marczak", False),
    ("Iwona", "Szulc", True),
]


def _user(username):
    return get_user_model().objects.get(username=username)


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _launch_to_founding(*, owner, title: str, coordinator, serial: int):
    """A launch through its states up to a confirmed founding group of five (the selection's hook creates the
    group)."""
    today = timezone.localdate()
    launch = launch_services.launch_create(
        actor=coordinator,
        data={
            "owner": owner,
            "title": title,
            "description": "Pakiet usług opiekuńczych dla mieszkańców Grudziądza, realizowany przez nową "
            "spółdzielnię socjalną uczestników CIS i KIS.",
            "form": "cooperative_natural",
            "services": [
                {
                    "service_type": CARE,
                    "unit": "hours",
                    "planned_volume": Decimal(2400),
                    "starts_on": today + timedelta(days=60),
                    "ends_on": today + timedelta(days=425),
                }
            ],
            "budget_lines": [{"source": "municipality", "amount": Decimal(180000), "note": "Budżet gminy"}],
        },
    )
    launch_services.launch_announce(actor=coordinator, launch=launch, version=launch.version)
    launch_calls.call_save(
        actor=coordinator,
        launch=launch,
        data={
            "opens_at": timezone.now() - timedelta(hours=1),
            "deadline": timezone.now() + timedelta(days=14),
            "places": 5,
            "categories": ["unemployed", "social_employment", "disabled"],
            "residence": "county",
            "criteria": [
                {"name": "Motywacja", "weight": "2", "max_points": 10},
                {"name": "Doświadczenie w opiece", "weight": "1", "max_points": 10},
            ],
            "tie_rule": "criteria_order",
            "appeal_days": 7,
        },
        expected_version=launch.version,
    )
    launch.refresh_from_db()
    launch_services.launch_start_recruiting(actor=coordinator, launch=launch, version=launch.version)
    for number, (first, last, female) in enumerate(CANDIDATES):
        birth = date(1975 + number * 3, 3 + number, 10 + number)
        launch_calls.application_add_direct(
            actor=coordinator,
            launch=launch,
            data={
                "first_name": first,
                "last_name": last,
                "pesel": pesel_for(birth, serial + number, female=female),
                "birth_date": birth,
                "residence": GRUDZIADZ,
                "phone": f"600 100 {serial + number:03d}",
                "categories": ["unemployed"],
                "evidence_note": "Zaświadczenie z PUP.",
                "consent": True,
            },
        )
    launch.refresh_from_db()
    launch_services.launch_start_training(actor=coordinator, launch=launch, version=launch.version)
    Call.objects.filter(launch=launch).update(deadline=timezone.now() - timedelta(minutes=1))  # the demo's clock
    launch.refresh_from_db()
    launch_services.launch_start_selection(actor=coordinator, launch=launch, version=launch.version)
    selection = launch_calls.selection_of(launches.call_of(launch))
    selection_services.assessor_add(actor=coordinator, selection=selection, user=coordinator)
    selection.refresh_from_db()
    selection_services.selection_start_scoring(actor=coordinator, selection=selection, version=selection.version)
    criteria = selection_selectors.criteria_of(selection)
    for position, entry in enumerate(selection_selectors.entries_of(selection)):
        for criterion in criteria:
            points = max(1, criterion.max_points - position - criterion.position)
            selection_services.score_set(actor=coordinator, entry=entry, criterion=criterion, points=points)
    selection.refresh_from_db()
    selection_services.selection_rank(actor=coordinator, selection=selection, version=selection.version)
    Selection.objects.filter(pk=selection.pk).update(appeal_deadline=timezone.now() - timedelta(minutes=1))
    selection.refresh_from_db()
    selection_services.selection_confirm(actor=coordinator, selection=selection, version=selection.version)
    launch.refresh_from_db()
    return founding.groups_visible(coordinator).get(launch=launch)


def _model():
    return next(model for model in cooperatives.models_for_choice() if model.founders == FoundersKind.NATURAL_PERSONS)


def _plan(group, *, coordinator, advisor, final: bool) -> None:
    plan = group.plan
    services.plan_update(
        actor=coordinator,
        plan=plan,
        data=services.PlanInput(
            services=[CARE],
            services_text="Opieka wytchnieniowa w domu podopiecznego i dzienna w lokalu spółdzielni.",
            clients="MOPR w Grudziądzu (zlecenie usług), rodziny opiekunów osób zależnych.",
            staff=[
                {"position": "Opiekunka / opiekun", "fte": "4", "monthly_pay": "5200"},
                {"position": "Koordynatorka usług", "fte": "1", "monthly_pay": "6000"},
            ],
            costs={
                "wages": ["380000", "395000", "410000"],
                "premises": ["24000", "24500", "25000"],
                "transport": ["18000", "18500", "19000"],
                "services": ["9000", "9000", "9500"],
            },
            revenue={
                "public_contracts": ["360000", "400000", "430000"],
                "sales": ["30000", "45000", "60000"],
                "subsidies": ["40000", "20000", "0"],
            },
            funding={"labour_fund": "150000", "pfron": "30000", "own": "5000"},
            labour_fund_workplaces=5,
            average_wage=Decimal("8500.00"),
        ),
        version=plan.version,
    )
    services.plan_submit(actor=coordinator, plan=plan, version=plan.version)
    services.plan_comment_add(
        actor=advisor, plan=plan, section="costs", text="Koszty lokalu w 2. i 3. roku są niedoszacowane (waloryzacja)."
    )
    services.plan_comment_add(
        actor=advisor, plan=plan, section="funding", text="Warto rozważyć pożyczkę z funduszu OWES na start."
    )
    services.plan_comments_done(actor=advisor, plan=plan, version=plan.version, note="Uwagi do kosztów i źródeł.")
    if final:
        for comment in plan.comments.all():
            services.plan_comment_resolve(actor=coordinator, comment=comment)
        services.plan_finalise(actor=coordinator, plan=plan, version=plan.version)


def _step(group, kind, *, coordinator, days_ago: int, **extra) -> None:
    if kind == StepKind.MEETING:
        extra["present"] = services.active_members(group)
    services.step_record(
        actor=coordinator,
        group=group,
        data=services.StepInput(kind=kind, done_on=timezone.localdate() - timedelta(days=days_ago), **extra),
    )


def demo_founding_load(organisations) -> None:
    """Idempotent: launches already made (by title) are left as they are."""
    owner = organisations["mops-grudziadz"]
    coordinator, advisor = _user("koordynator"), _user("doradca.owes")
    existing = founding.launch_titles_with_groups(owner=owner)
    if FOUNDING_TITLE not in existing:
        group = _launch_to_founding(owner=owner, title=FOUNDING_TITLE, coordinator=coordinator, serial=700)
        services.model_choose(
            actor=coordinator, group=group, cooperative_model=_model(), reason="Usługi opiekuńcze, których brakuje."
        )
        _plan(group, coordinator=coordinator, advisor=advisor, final=False)
        _step(group, StepKind.STATUTE, coordinator=coordinator, days_ago=0)
        _step(group, StepKind.MEETING, coordinator=coordinator, days_ago=0)
    if OPERATING_TITLE not in existing:
        group = _launch_to_founding(owner=owner, title=OPERATING_TITLE, coordinator=coordinator, serial=720)
        member = services.active_members(group)[-1]
        services.member_leave(
            actor=coordinator, member=member, left_on=timezone.localdate(), reason="Podjęcie pracy u innego pracodawcy."
        )
        services.model_choose(
            actor=advisor, group=group, cooperative_model=_model(), reason="Model sprawdzony w regionie (franczyza)."
        )
        _plan(group, coordinator=coordinator, advisor=advisor, final=True)
        for kind in (StepKind.STATUTE, StepKind.MEETING):
            _step(group, kind, coordinator=coordinator, days_ago=0)
        _step(group, StepKind.KRS_APPLICATION, coordinator=coordinator, days_ago=0, court="Sąd Rejonowy w Toruniu")
        _step(
            group,
            StepKind.KRS_ENTRY,
            coordinator=coordinator,
            days_ago=0,
            krs_number="0000987654",
            name="Spółdzielnia Socjalna „Pomocna Dłoń” (demo)",
        )
