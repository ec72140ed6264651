"""Launches built through the services: a draft of the OPS of Grudziądz for respite care, its call, the
announcement (the CIS of Grudziądz and an OWES of the voivodeship invited), the CIS's commitment and recruitment."""

from datetime import date, timedelta

from django.utils import timezone

from kooperacja.accounts.roles import Role
from kooperacja.demo.builders import pesel_for
from kooperacja.launches import calls, partners, services
from kooperacja.launches.models import Eligibility, Launch, LaunchState, PartnerState
from kooperacja.registry.models import OrganisationKind
from tests.commissioning.factories import service_type
from tests.factories import GRUDZIADZ, MembershipFactory, OrganisationFactory, UserFactory

SERVICE = "opieka-wytchnieniowa"
_serial = iter(range(1, 5000))


def launch_data(world, **overrides) -> dict:
    today = timezone.localdate()
    data = {
        "owner": world.ops,
        "title": "Opieka wytchnieniowa w Grudziądzu",
        "description": "Pakiet usług opieki wytchnieniowej dla rodzin osób z niepełnosprawnościami.",
        "form": "cooperative_natural",
        "services": [
            {
                "service_type": service_type(SERVICE),
                "unit": "hours",
                "planned_volume": "2000",
                "starts_on": today + timedelta(days=120),
                "ends_on": today + timedelta(days=485),
            }
        ],
        "budget_lines": [{"source": "municipality", "amount": "120000", "note": ""}],
    }
    data.update(overrides)
    return data


def call_data(**overrides) -> dict:
    now = timezone.now()
    data = {
        "opens_at": now - timedelta(hours=1),
        "deadline": now + timedelta(days=14),
        "places": 5,
        "categories": [Eligibility.UNEMPLOYED, Eligibility.DISABLED, Eligibility.SOCIAL_EMPLOYMENT, Eligibility.OTHER],
        "min_age": 18,
        "residence": "county",
        "information": "",
        "criteria": [
            {"name": "Motywacja", "weight": "2", "max_points": 10},
            {"name": "Doświadczenie w opiece", "weight": "1", "max_points": 10},
        ],
        "tie_rule": "criteria_order",
        "appeal_days": 7,
    }
    data.update(overrides)
    return data


def coordinator(world):
    return world.user("coordinator")


def draft(world, **overrides) -> Launch:
    return services.launch_create(actor=coordinator(world), data=launch_data(world, **overrides))


def owes(name="OWES Kujawy"):
    organisation = OrganisationFactory(name=name, kind=OrganisationKind.OWES, municipality_id="0461011")
    advisor = UserFactory()
    MembershipFactory(user=advisor, organisation=organisation, role=Role.OWES_ADVISOR)
    return organisation, advisor


def announced(world, *, call=True) -> Launch:
    launch = draft(world)
    if call:
        calls.call_save(actor=coordinator(world), launch=launch, data=call_data(), expected_version=launch.version)
        launch.refresh_from_db()
    services.launch_announce(actor=coordinator(world), launch=launch, version=launch.version)
    launch.refresh_from_db()
    return launch


def partner_of(launch, organisation):
    return launch.partners.get(organisation=organisation)


def commit_cis(world, launch) -> None:
    partner = partner_of(launch, world.org_a)
    module = partners.modules_for(launch)[0]
    due = timezone.localdate() + timedelta(days=60)
    partners.partner_commit(
        actor=world.user("pzs_staff"),
        partner=partner,
        version=partner.version,
        items=[
            {"kind": "recruitment", "candidates": 6, "due_on": due},
            {"kind": "training", "module": module.pk, "due_on": due},
        ],
    )


def recruiting(world) -> Launch:
    launch = announced(world)
    commit_cis(world, launch)
    launch.refresh_from_db()
    services.launch_start_recruiting(actor=coordinator(world), launch=launch, version=launch.version)
    launch.refresh_from_db()
    return launch


def direct_data(**overrides) -> dict:
    born = date(1985, 3, 14)
    data = {
        "first_name": "Anna",
        "last_name": "Kowalska",
        "pesel": pesel_for(born, next(_serial), female=True),
        "birth_date": born,
        "phone": "600100200",
        "email": "",
        "residence": GRUDZIADZ,
        "categories": [Eligibility.UNEMPLOYED],
        "evidence_note": "Zaświadczenie z PUP",
        "other_justification": "",
        "consent": True,
    }
    data.update(overrides)
    return data


def apply_direct(world, launch, **overrides):
    return calls.application_add_direct(actor=coordinator(world), launch=launch, data=direct_data(**overrides))


def is_committed(launch, organisation) -> bool:
    return launch.partners.filter(organisation=organisation, state=PartnerState.COMMITTED).exists()


__all__ = ["LaunchState"]


def close_call(launch) -> None:
    """The deadline passes (the server's clock decides: the call's dates are moved into the past)."""
    from kooperacja.launches.models import Call

    now = timezone.now()
    Call.objects.filter(launch=launch).update(opens_at=now - timedelta(days=20), deadline=now - timedelta(minutes=1))


def in_selection(world, *, applicants=3) -> tuple[Launch, list]:
    launch = recruiting(world)
    made = [apply_direct(world, launch, first_name=f"Osoba{index}") for index in range(applicants)]
    services.launch_start_training(actor=coordinator(world), launch=launch, version=launch.version)
    launch.refresh_from_db()
    close_call(launch)
    services.launch_start_selection(actor=coordinator(world), launch=launch, version=launch.version)
    launch.refresh_from_db()
    return launch, made


def ranked_launch(world, points=((8, 3), (9, 5), (4, 1))):
    from kooperacja.selection import services as selection_services

    launch, made = in_selection(world, applicants=len(points))
    selection = calls.selection_of(calls.Call.objects.get(launch=launch))
    user = coordinator(world)
    selection_services.assessor_add(actor=user, selection=selection, user=user)
    selection.refresh_from_db()
    selection_services.selection_start_scoring(actor=user, selection=selection, version=selection.version)
    criteria = list(selection.criteria.all())
    entries = {entry.code: entry for entry in selection.entries.all()}
    for (application, _code), values in zip(made, points, strict=True):
        for criterion, value in zip(criteria, values, strict=True):
            selection_services.score_set(
                actor=user, entry=entries[application.entry_code], criterion=criterion, points=value
            )
    selection.refresh_from_db()
    selection_services.selection_rank(actor=user, selection=selection, version=selection.version)
    selection.refresh_from_db()
    return launch, selection, made


def other_coordinator():
    """A coordinator of an OPS in Lublin: reads launches (of their own area), none of Grudziądz."""
    ops = OrganisationFactory(name="MOPR Lublin", kind=OrganisationKind.OPS, municipality_id="0663011")
    user = UserFactory()
    MembershipFactory(user=user, organisation=ops, role=Role.COORDINATOR)
    return user
