"""Builders for the training tests. Other apps' rows (catalogue cards, plans, needs, referrals) are made
directly through their models so that these tests do not depend on code being written elsewhere."""

import itertools
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from kooperacja.accounts.roles import Role
from kooperacja.catalogue.models import ServiceCardVersion
from kooperacja.demo.builders import pesel_for, service_card
from kooperacja.registry.models import OrganisationKind
from kooperacja.training import services
from kooperacja.training.models import Cohort, TrainingProgramme
from tests.factories import GRUDZIADZ, MembershipFactory, OrganisationFactory, UserFactory

_serials = itertools.count(1)
_cards = itertools.count(1)


def make_pesel(birth: date = date(1985, 3, 14), serial: int | None = None, female: bool = False) -> str:
    """A valid PESEL for ``birth``; each call without ``serial`` gives a new number."""
    return pesel_for(birth, next(_serials) if serial is None else serial, female)


def make_card(*, qualifications=("TST-OP",), code: str | None = None) -> ServiceCardVersion:
    """A service card with CIS and KIS course modules and the given qualification codes (mandatory)."""
    return service_card(code=code or f"test-service-{next(_cards)}", qualifications=qualifications)


def make_kis(name="KIS Grudziądz", municipality=GRUDZIADZ):
    return OrganisationFactory(name=name, kind=OrganisationKind.KIS, municipality_id=municipality)


def make_staff(organisation, role=Role.PZS_STAFF, username=None):
    user = UserFactory(username=username) if username else UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def make_programme(*, actor, organisation, card=None) -> TrainingProgramme:
    return services.programme_create_from_card(actor=actor, organisation=organisation, card_version=card or make_card())


def make_cohort(*, actor, programme, seats=10, start=None, end=None, name="Grupa 1") -> Cohort:
    start = start or timezone.localdate()
    return services.cohort_create(
        actor=actor,
        programme=programme,
        data={
            "name": name,
            "start_date": start,
            "end_date": end or start + timedelta(days=90),
            "seats": seats,
            "municipality": GRUDZIADZ,
            "address": "ul. Testowa 1",
        },
    )


def person_data(**overrides) -> dict:
    data = {
        "pesel": make_pesel(),
        "first_name": "Jan",
        "last_name": "Testowy",
        "home_municipality": GRUDZIADZ,
        "phone": "500 600 700",
        "email": "jan@example.org",
    }
    data.update(overrides)
    return data


def participation_data(start: date | None = None, **overrides) -> dict:
    start = start or date(2025, 3, 3)
    data = {
        "categories": ["long_term_unemployed"],
        "exclusions_none": True,
        "referral_date": start - timedelta(days=14),
        "plan_reference": "IPZS/1/2025",
        "plan_signed_on": start - timedelta(days=3),
        "start_date": start,
        "planned_end_date": start + timedelta(days=300),
        "commute_limit_km": 30,
        "working_time": "full_time",
    }
    data.update(overrides)
    return data


def enrol(*, actor, organisation, person=None, start=None, **overrides):
    """Enrol a new person (or, given ``person``, one the organisation already holds) through the services. A
    CIS stay planned beyond its base period is enrolled up to the base period's end and then extended to the
    planned end by a decision of the CIS (as staff would do it)."""
    try:
        return _enrol(actor=actor, organisation=organisation, person=person, start=start, **overrides)
    except ValidationError as exc:
        problems = getattr(exc, "error_dict", {}).get("planned_end_date", [])
        if len(exc.error_dict) != 1 or [p.code for p in problems] != ["beyond_base_period"]:
            raise
        wanted = overrides["planned_end_date"]
        base_end = problems[0].params["base_end"]
        participation = _enrol(
            actor=actor,
            organisation=organisation,
            person=person,
            start=start,
            **{**overrides, "planned_end_date": base_end},
        )
        services.participation_extend(
            actor=None,
            participation=participation,
            decided_on=participation.start_date,
            new_planned_end=wanted,
            justification="Przedłużenie w danych testowych.",
        )
        return participation


def _enrol(*, actor, organisation, person=None, start=None, **overrides):
    if person is None:
        return services.participant_enrol(
            actor=actor,
            organisation=organisation,
            person_data=person_data(),
            participation_data=participation_data(start, **overrides),
        )
    return services.participation_enrol(
        actor=actor, organisation=organisation, person=person, data=participation_data(start, **overrides)
    )


def make_plan_line(*, service_type, qualification_code="TST-OP", territory=GRUDZIADZ, status="draft", coordinator_org):
    from kooperacja.staffing.models import DiagnosisRound, PlanLine, StaffingPlan

    diagnosis = DiagnosisRound.objects.create(
        title="Diagnoza testowa",
        territory_id=territory,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        coordinator_organisation=coordinator_org,
    )
    plan = StaffingPlan.objects.create(round=diagnosis, number=1, status=status)
    return PlanLine.objects.create(
        plan=plan,
        service_type=service_type,
        qualification_code=qualification_code,
        qualification_name="Kwalifikacja",
        quarter="2026-Q2",
        needed=5,
    )


def make_referral(*, participation, provider, card=None):
    from kooperacja.placement.models import Referral
    from kooperacja.staffing.models import StaffingNeed

    need = StaffingNeed.objects.create(
        provider=provider,
        card_version=card or make_card(),
        position="Opiekunka",
        headcount=2,
        working_time="full_time",
        start_date=date(2026, 6, 1),
        municipality_id=provider.municipality_id,
        status="open",
    )
    return Referral.objects.create(participation=participation, need=need, status="sent")
