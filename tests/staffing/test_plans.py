"""Diagnosis rounds, directions and staffing plans: aggregation, sign-off and amendments."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kooperacja.accounts.roles import Role
from kooperacja.registry.models import OrganisationKind
from kooperacja.staffing import services
from kooperacja.staffing.models import (
    DiagnosisRound,
    NeedStatus,
    PlanEvent,
    PlanLine,
    PlanSignoff,
    PlanStatus,
    RoundNeed,
    RoundPartner,
    StaffingPlan,
)
from tests.factories import GRUDZIADZ, JANOW_LUBELSKI, MembershipFactory, OrganisationFactory
from tests.staffing.factories import NeedFactory, make_card

pytestmark = pytest.mark.django_db


class Setup:
    """A round for the city of Grudziądz coordinated by MOPS, with two provider partners."""

    def __init__(self, world):
        self.coordinator = world.user("coordinator")
        self.ops = OrganisationFactory(name="MOPS Grudziądz", kind=OrganisationKind.OPS, municipality_id=GRUDZIADZ)
        MembershipFactory(user=self.coordinator, organisation=self.ops, role=Role.COORDINATOR)
        self.p1 = world.org_a  # CIS Grudziądz: the role personas of A act for it
        self.p1_user = world.user("pes_manager")
        self.p2 = OrganisationFactory(name="Spółdzielnia Opiekun", kind=OrganisationKind.SOCIAL_COOPERATIVE)
        self.p2_user = world.user("member_b")
        MembershipFactory(user=self.p2_user, organisation=self.p2, role=Role.PES_MANAGER)
        self.round = services.round_open(
            actor=self.coordinator,
            data={
                "title": "Diagnoza 2027",
                "territory": "0462",
                "period_start": date(2027, 1, 1),
                "period_end": date(2027, 12, 31),
                "coordinator_organisation": self.ops,
                "partners": [self.p1, self.p2],
            },
        )
        self.card = make_card(code="test-opieka")
        self.card2 = make_card(
            code="test-asystencja", name="Asystencja (test)", qualifications=(("AS-1", "Asystent", True),)
        )


@pytest.fixture
def s(world):
    return Setup(world)


def _codes(exc: ValidationError) -> dict:
    return {field: [error.code for error in errors] for field, errors in exc.error_dict.items()}


def test_it_opens_a_round_with_partners(s):
    assert set(RoundPartner.objects.filter(round=s.round).values_list("organisation", flat=True)) == {s.p1.pk, s.p2.pk}


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"territory": "04"}, "territory", "wrong_level"),
        ({"territory": ""}, "territory", "required"),
        ({"period_end": date(2026, 1, 1)}, "period_end", "period_order"),
        ({"title": " "}, "title", "required"),
    ],
)
def test_it_refuses_a_bad_round(s, changes, field, code):
    data = {
        "title": "X",
        "territory": "0462",
        "period_start": date(2027, 1, 1),
        "period_end": date(2027, 12, 31),
        "coordinator_organisation": s.ops,
        **changes,
    }
    with pytest.raises(ValidationError) as caught:
        services.round_open(actor=s.coordinator, data=data)
    assert code in _codes(caught.value)[field]
    assert DiagnosisRound.objects.count() == 1


def test_it_refuses_a_round_for_an_organisation_the_user_does_not_coordinate(world, s):
    with pytest.raises(ValidationError) as caught:
        services.round_open(
            actor=s.coordinator,
            data={
                "title": "X",
                "territory": "0462",
                "period_start": date(2027, 1, 1),
                "period_end": date(2027, 2, 1),
                "coordinator_organisation": world.org_b,
            },
        )
    assert _codes(caught.value) == {"coordinator_organisation": ["not_coordinator"]}


def test_it_refuses_partners_from_another_voivodeship(world, s):
    with pytest.raises(ValidationError) as caught:
        services.round_invite_partner(actor=s.coordinator, diagnosis_round=s.round, organisation=world.org_b)
    assert "Janów" in caught.value.message_dict["organisation"][0]


def test_it_refuses_inviting_a_partner_twice(s):
    with pytest.raises(ValidationError) as caught:
        services.round_invite_partner(actor=s.coordinator, diagnosis_round=s.round, organisation=s.p1)
    assert _codes(caught.value) == {"organisation": ["duplicate"]}


def test_it_lets_only_the_coordinator_invite(s):
    other = OrganisationFactory(municipality_id=GRUDZIADZ)
    with pytest.raises(PermissionDenied):
        services.round_invite_partner(actor=s.p1_user, diagnosis_round=s.round, organisation=other)


def test_it_records_a_partners_contribution(s):
    need = NeedFactory(provider=s.p2)
    services.round_contribute_need(actor=s.p2_user, diagnosis_round=s.round, need=need)
    partner = RoundPartner.objects.get(round=s.round, organisation=s.p2)
    assert partner.contributed_at is not None
    assert RoundNeed.objects.get(round=s.round).contributed_by == s.p2_user


def test_it_refuses_bad_contributions(world, s):
    outsider_need = NeedFactory()  # provider not a partner
    with pytest.raises(ValidationError) as caught:
        services.round_contribute_need(actor=world.user("admin"), diagnosis_round=s.round, need=outsider_need)
    assert caught.value.code == "not_a_partner"
    far_need = NeedFactory(provider=s.p2, municipality_id=JANOW_LUBELSKI)
    with pytest.raises(ValidationError) as caught:
        services.round_contribute_need(actor=s.p2_user, diagnosis_round=s.round, need=far_need)
    assert caught.value.code == "need_outside"
    closed = NeedFactory(provider=s.p2, status=NeedStatus.WITHDRAWN)
    with pytest.raises(ValidationError) as caught:
        services.round_contribute_need(actor=s.p2_user, diagnosis_round=s.round, need=closed)
    assert caught.value.code == "need_closed"
    need = NeedFactory(provider=s.p2)
    with pytest.raises(PermissionDenied):  # a partner's member cannot contribute another partner's need
        services.round_contribute_need(actor=s.p1_user, diagnosis_round=s.round, need=need)
    services.round_contribute_need(actor=s.p2_user, diagnosis_round=s.round, need=need)
    with pytest.raises(ValidationError) as caught:
        services.round_contribute_need(actor=s.p2_user, diagnosis_round=s.round, need=need)
    assert caught.value.code == "duplicate"
    assert RoundNeed.objects.count() == 1


def test_it_contributes_several_needs_all_or_nothing(s):
    good = NeedFactory(provider=s.p2)
    bad = NeedFactory(provider=s.p2, status=NeedStatus.EXPIRED)
    with pytest.raises(ValidationError):
        services.round_contribute_needs(actor=s.p2_user, diagnosis_round=s.round, needs=[good, bad])
    assert not RoundNeed.objects.exists()
    assert RoundPartner.objects.get(round=s.round, organisation=s.p2).contributed_at is None


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"quarter": "2027-Q5"}, "quarter", "invalid_quarter"),
        ({"quarter": "2027Q1"}, "quarter", "invalid_quarter"),
        ({"quarter": "2029-Q1"}, "quarter", "quarter_outside"),
        ({"additional_staff": -1}, "additional_staff", "invalid"),
        ({"description": ""}, "description", "required"),
        ({"service_type": None}, "service_type", "required"),
    ],
)
def test_it_refuses_a_bad_direction(s, changes, field, code):
    data = {
        "service_type": s.card.service_type,
        "description": "Więcej usług",
        "additional_staff": 2,
        "quarter": "2027-Q2",
    }
    with pytest.raises(ValidationError) as caught:
        services.direction_add(actor=s.coordinator, diagnosis_round=s.round, data={**data, **changes})
    assert code in _codes(caught.value)[field]


def _contribute(s, need, user=None):
    services.round_contribute_need(actor=user or s.p2_user, diagnosis_round=s.round, need=need)


def _example(s):
    """Two needs of care (one partly filled) in Q1 and Q2, one assistance need, and a direction for care in Q2."""
    _contribute(
        s,
        NeedFactory(
            provider=s.p2,
            card_version=s.card,
            headcount=3,
            start_date=date(2027, 2, 1),
            qualifications=["TQ-1", "TQ-2"],
        ),
    )
    _contribute(
        s,
        NeedFactory(
            provider=s.p2,
            card_version=s.card,
            headcount=4,
            filled_count=1,
            status=NeedStatus.PARTLY_FILLED,
            start_date=date(2027, 3, 15),
            qualifications=["TQ-1"],
        ),
    )
    _contribute(
        s,
        NeedFactory(
            provider=s.p2, card_version=s.card, headcount=2, start_date=date(2027, 5, 1), qualifications=["TQ-1"]
        ),
    )
    _contribute(
        s, NeedFactory(provider=s.p2, card_version=s.card2, headcount=1, start_date=date(2027, 5, 1))
    )  # no quals
    filled = NeedFactory(
        provider=s.p2,
        card_version=s.card,
        headcount=1,
        filled_count=1,
        status=NeedStatus.OPEN,
        start_date=date(2027, 2, 1),
        qualifications=["TQ-1"],
    )
    RoundNeed.objects.create(round=s.round, need=filled)  # no open position: contributes nothing
    services.direction_add(
        actor=s.coordinator,
        diagnosis_round=s.round,
        data={
            "service_type": s.card.service_type,
            "description": "Rozwój usług opiekuńczych",
            "additional_staff": 5,
            "quarter": "2027-q2",
        },
    )


def _lines(plan):
    return sorted(
        plan.lines.values_list("service_type__code", "qualification_code", "quarter", "needed"),
    )


def test_it_aggregates_needs_and_directions_into_plan_lines(s):
    _example(s)
    plan = services.plan_generate(actor=s.coordinator, diagnosis_round=s.round)
    assert (plan.number, plan.status) == (1, PlanStatus.DRAFT)
    assert _lines(plan) == [
        ("test-asystencja", "AS-1", "2027-Q2", 1),
        ("test-opieka", "TQ-1", "2027-Q1", 6),  # 3 + (4 - 1)
        ("test-opieka", "TQ-1", "2027-Q2", 7),  # 2 + direction 5 (first mandatory qualification)
        ("test-opieka", "TQ-2", "2027-Q1", 3),
    ]
    assert plan.lines.get(qualification_code="TQ-2").qualification_name == "Pierwsza pomoc"
    assert PlanEvent.objects.filter(plan=plan).count() == 1


def test_it_refuses_an_empty_plan_and_a_second_plan(s):
    with pytest.raises(ValidationError) as caught:
        services.plan_generate(actor=s.coordinator, diagnosis_round=s.round)
    assert caught.value.code == "nothing_to_plan"
    _example(s)
    services.plan_generate(actor=s.coordinator, diagnosis_round=s.round)
    with pytest.raises(ValidationError) as caught:
        services.plan_generate(actor=s.coordinator, diagnosis_round=s.round)
    assert caught.value.code == "plan_exists"
    assert StaffingPlan.objects.count() == 1


def test_it_lets_only_the_coordinator_generate(s):
    _example(s)
    with pytest.raises(PermissionDenied):
        services.plan_generate(actor=s.p2_user, diagnosis_round=s.round)


def _sign_all(s, plan):
    services.plan_sign(actor=s.p1_user, plan=plan, organisation=s.p1)
    services.plan_sign(actor=s.p2_user, plan=plan, organisation=s.p2)
    return services.plan_sign(actor=s.coordinator, plan=plan, organisation=s.ops)


def test_it_locks_the_plan_when_every_partner_and_the_coordinator_signed(s):
    _example(s)
    plan = services.plan_generate(actor=s.coordinator, diagnosis_round=s.round)
    services.plan_sign(actor=s.p1_user, plan=plan, organisation=s.p1)
    services.plan_sign(actor=s.p2_user, plan=plan, organisation=s.p2)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    plan = services.plan_sign(actor=s.coordinator, plan=plan, organisation=s.ops)
    assert plan.status == PlanStatus.SIGNED
    assert PlanEvent.objects.filter(plan=plan, from_state="draft", to_state="signed").count() == 1


def test_it_refuses_a_second_signoff_and_signing_for_others(world, s):
    _example(s)
    plan = services.plan_generate(actor=s.coordinator, diagnosis_round=s.round)
    services.plan_sign(actor=s.p2_user, plan=plan, organisation=s.p2)
    with pytest.raises(ValidationError) as caught:
        services.plan_sign(actor=s.p2_user, plan=plan, organisation=s.p2)
    assert caught.value.code == "already_signed_by_organisation"
    with pytest.raises(PermissionDenied):
        services.plan_sign(actor=s.p2_user, plan=plan, organisation=s.p1)
    with pytest.raises(PermissionDenied):  # an analyst of a partner does not sign for it
        services.plan_sign(actor=world.user("analyst"), plan=plan, organisation=s.p1)
    with pytest.raises(ValidationError) as caught:
        services.plan_sign(actor=world.user("admin"), plan=plan, organisation=world.org_b)
    assert caught.value.code == "not_a_partner"
    assert PlanSignoff.objects.count() == 1


def test_it_keeps_both_signoffs_when_partners_sign_at_once(s):
    """The last two signers each read the plan before the other's sign-off: both rows stay and the plan is signed."""
    _example(s)
    plan = services.plan_generate(actor=s.coordinator, diagnosis_round=s.round)
    services.plan_sign(actor=s.coordinator, plan=plan, organisation=s.ops)
    first_view = StaffingPlan.objects.get(pk=plan.pk)
    second_view = StaffingPlan.objects.get(pk=plan.pk)
    services.plan_sign(actor=s.p1_user, plan=first_view, organisation=s.p1)
    signed = services.plan_sign(actor=s.p2_user, plan=second_view, organisation=s.p2)
    assert signed.status == PlanStatus.SIGNED
    assert PlanSignoff.objects.filter(plan=plan).count() == 3


def test_it_refuses_a_signoff_on_a_plan_already_signed(s):
    _example(s)
    plan = services.plan_generate(actor=s.coordinator, diagnosis_round=s.round)
    stale = StaffingPlan.objects.get(pk=plan.pk)
    _sign_all(s, plan)
    with pytest.raises(ValidationError) as caught:
        services.plan_sign(actor=s.p2_user, plan=stale, organisation=s.p2)
    assert caught.value.code == "already_signed"


def test_it_amends_a_signed_plan_and_refuses_signing_the_old_version(s):
    _example(s)
    plan = services.plan_generate(actor=s.coordinator, diagnosis_round=s.round)
    _sign_all(s, plan)
    stale = StaffingPlan.objects.get(pk=plan.pk)  # a partner's page still shows version 1
    _contribute(
        s,
        NeedFactory(
            provider=s.p2, card_version=s.card2, headcount=2, start_date=date(2027, 8, 1), qualifications=["AS-1"]
        ),
    )
    amendment = services.plan_amend(actor=s.coordinator, plan=plan, reason="Nowe potrzeby asystencji")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUPERSEDED
    assert (amendment.number, amendment.status, amendment.amends_id) == (2, PlanStatus.DRAFT, plan.pk)
    assert amendment.amendment_reason == "Nowe potrzeby asystencji"
    assert ("test-asystencja", "AS-1", "2027-Q3", 2) in _lines(amendment)
    assert not amendment.signoffs.exists()
    signoffs_before = PlanSignoff.objects.count()
    events_before = PlanEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.plan_sign(actor=s.p2_user, plan=stale, organisation=s.p2)
    assert caught.value.code == "superseded"
    assert "2" in caught.value.messages[0]
    assert (PlanSignoff.objects.count(), PlanEvent.objects.count()) == (signoffs_before, events_before)
    _sign_all(s, amendment)
    amendment.refresh_from_db()
    assert amendment.status == PlanStatus.SIGNED


def test_it_copies_lines_when_asked(s):
    _example(s)
    plan = services.plan_generate(actor=s.coordinator, diagnosis_round=s.round)
    _sign_all(s, plan)
    amendment = services.plan_amend(actor=s.coordinator, plan=plan, reason="Korekta", regenerate=False)
    assert _lines(amendment) == _lines(plan)


def test_it_refuses_bad_amendments(s):
    _example(s)
    plan = services.plan_generate(actor=s.coordinator, diagnosis_round=s.round)
    with pytest.raises(ValidationError) as caught:
        services.plan_amend(actor=s.coordinator, plan=plan, reason="Za wcześnie")
    assert caught.value.code == "not_signed"
    _sign_all(s, plan)
    with pytest.raises(ValidationError) as caught:
        services.plan_amend(actor=s.coordinator, plan=plan, reason="  ")
    assert "reason" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        services.plan_amend(actor=s.p2_user, plan=plan, reason="Zmiana")
    services.plan_amend(actor=s.coordinator, plan=plan, reason="Zmiana")
    with pytest.raises(ValidationError) as caught:
        services.plan_amend(actor=s.coordinator, plan=plan, reason="Jeszcze raz")
    assert caught.value.code == "superseded"
    assert StaffingPlan.objects.count() == 2
    assert PlanLine.objects.filter(plan__number=2).exists()


def test_it_computes_quarters():
    assert services.quarter_of(date(2027, 1, 1)) == "2027-Q1"
    assert services.quarter_of(date(2027, 12, 31)) == "2027-Q4"
    assert services.quarter_bounds("2027-Q4") == (date(2027, 10, 1), date(2027, 12, 31))
    assert services.quarter_bounds("2027-Q0") is None


def test_it_offers_open_needs_for_matching(s):
    from kooperacja.staffing.selectors import open_needs_for_matching

    open_need = NeedFactory(provider=s.p2)
    partly = NeedFactory(provider=s.p2, status=NeedStatus.PARTLY_FILLED, filled_count=1)
    NeedFactory(provider=s.p2, status=NeedStatus.DRAFT)
    NeedFactory(provider=s.p2, municipality_id=JANOW_LUBELSKI)
    assert set(open_needs_for_matching(territory_code="04")) == {open_need, partly}
    _contribute(s, open_need)
    plan = StaffingPlan.objects.create(round=s.round, number=1)
    assert list(open_needs_for_matching(territory_code="", plan=plan)) == [open_need]
