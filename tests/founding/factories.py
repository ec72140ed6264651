"""Founding groups of the test world. The OPS of Grudziądz (the world's coordinator) launched a package of care
services; five candidates were selected; an OWES in Toruń (the same voivodeship) advises. Org B (a cooperative in
Janów Lubelski, another voivodeship) is a stranger to all of it."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from kooperacja.accounts.roles import Role
from kooperacja.catalogue import selectors as catalogue
from kooperacja.cooperatives.models import CooperativeModel, FoundersKind, ModelStatus
from kooperacja.core.crypto import blind_index, encrypt
from kooperacja.founding import services
from kooperacja.founding.models import StepKind
from kooperacja.launches.models import (
    Application,
    ApplicationSource,
    ApplicationState,
    Call,
    Launch,
    LaunchService,
    LaunchState,
    OrganisationalForm,
)
from kooperacja.registry.models import OrganisationKind
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

CARE = "opieka-wytchnieniowa"
GRUDZIADZ = "0462011"
TORUN = "0463011"
NAMES = [("Anna", "Nowak"), ("Jan", "Wiśniewski"), ("Ewa", "Lewandowska"), ("Piotr", "Zieliński"), ("Maria", "Wójcik")]


def advisor(world):
    """An OWES advisor of an OWES in the launch's voivodeship (kujawsko-pomorskie)."""
    cached = getattr(world, "_founding_advisor", None)
    if cached is None:
        owes = OrganisationFactory(name="OWES Toruń", kind=OrganisationKind.OWES, municipality_id=TORUN)
        cached = MembershipFactory(
            user=UserFactory(username="owes_torun"), organisation=owes, role=Role.OWES_ADVISOR
        ).user
        world._founding_advisor = cached
    return cached


def launch(world, *, form=OrganisationalForm.COOPERATIVE_NATURAL, state=LaunchState.FOUNDING, selected=5) -> Launch:
    """A launch of the OPS of Grudziądz with a call and ``selected`` selected applications (stand-in data: the
    launch's own workflow is tested in tests/launches)."""
    now = timezone.now()
    made = Launch.objects.create(
        title="Opieka wytchnieniowa w Grudziądzu",
        owner=world.ops,
        municipality_id=GRUDZIADZ,
        form=form,
        description="Pakiet usług opiekuńczych.",
        state=state,
    )
    service_type = catalogue.service_type_find(code=CARE)
    LaunchService.objects.create(
        launch=made,
        service_type=service_type,
        card_version=service_type.current_version,
        unit="h",
        planned_volume=Decimal(1000),
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=365),
    )
    call = Call.objects.create(
        launch=made, opens_at=now - timedelta(days=60), deadline=now - timedelta(days=30), places=selected
    )
    for number, (first, last) in enumerate(NAMES[:selected], start=1):
        pesel = f"9001011234{number}"
        Application.objects.create(
            call=call,
            source=ApplicationSource.DIRECT,
            first_name=first,
            last_name=last,
            pesel_encrypted=encrypt(pesel),
            pesel_index=blind_index(pesel),
            birth_date=timezone.localdate() - timedelta(days=365 * 30),
            residence_id=GRUDZIADZ,
            categories=["unemployed"],
            consent_version="1",
            consent_recorded_at=now,
            state=ApplicationState.SELECTED,
            entry_code=f"K-{number:03d}",
            rank=number,
            submitted_at=now - timedelta(days=40),
        )
    return made


def selected_applications(launch: Launch) -> list[Application]:
    return list(Application.objects.filter(call__launch=launch, state=ApplicationState.SELECTED).order_by("rank"))


def group(world, **kwargs):
    made = launch(world, **kwargs)
    return services.group_create_for_launch(launch=made, applications=selected_applications(made))


def model(founders=FoundersKind.NATURAL_PERSONS) -> CooperativeModel:
    return CooperativeModel.objects.filter(founders=founders, status=ModelStatus.PUBLISHED).order_by("code").first()


def with_model(world, **kwargs):
    made = group(world, **kwargs)
    services.model_choose(
        actor=world.user("coordinator"), group=made, cooperative_model=model(made.founders), reason="Pasuje."
    )
    return made


def plan_data(**overrides) -> services.PlanInput:
    values = {
        "services": [CARE],
        "services_text": "Opieka wytchnieniowa w domu.",
        "clients": "MOPS Grudziądz, mieszkańcy.",
        "staff": [{"position": "Opiekun", "fte": "1", "monthly_pay": "5000"}],
        "costs": {"wages": ["60000", "62000", "64000"], "premises": ["12000", "12000", "12000"]},
        "revenue": {"public_contracts": ["70000", "80000", "90000"]},
        "funding": {"labour_fund": "100000", "own": "5000"},
        "labour_fund_workplaces": 3,
        "average_wage": Decimal("8000"),
    }
    values.update(overrides)
    return services.PlanInput(**values)


def final_plan(world, made):
    coordinator = world.user("coordinator")
    plan = made.plan
    services.plan_update(actor=coordinator, plan=plan, data=plan_data(), version=plan.version)
    services.plan_submit(actor=coordinator, plan=plan, version=plan.version)
    services.plan_comment_add(actor=advisor(world), plan=plan, section="costs", text="Za niskie koszty lokalu.")
    services.plan_comments_done(actor=advisor(world), plan=plan, version=plan.version)
    for comment in plan.comments.all():
        services.plan_comment_resolve(actor=coordinator, comment=comment)
    services.plan_finalise(actor=coordinator, plan=plan, version=plan.version)
    return plan


def step(world, made, kind, *, days_ago=10, **extra):
    data = {"kind": kind, "done_on": timezone.localdate() - timedelta(days=days_ago)}
    if kind == StepKind.MEETING and "present" not in extra:
        extra["present"] = services.active_members(made)
    if kind == StepKind.KRS_APPLICATION and "court" not in extra:
        extra["court"] = "Sąd Rejonowy w Toruniu, VII Wydział Gospodarczy KRS"
    if kind == StepKind.KRS_ENTRY:
        extra.setdefault("krs_number", "0000999001")
        extra.setdefault("name", "Spółdzielnia Socjalna Opieka Grudziądz")
    return services.step_record(actor=world.user("coordinator"), group=made, data=services.StepInput(**data, **extra))


def registered(world):
    made = with_model(world)
    final_plan(world, made)
    for days_ago, kind in zip(
        (40, 30, 20, 10),
        (StepKind.STATUTE, StepKind.MEETING, StepKind.KRS_APPLICATION, StepKind.KRS_ENTRY),
        strict=True,
    ):
        step(world, made, kind, days_ago=days_ago)
    made.refresh_from_db()
    return made
