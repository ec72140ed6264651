"""Referrals to providers: the state machine, who may move it, the hire and the follow-ups."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kooperacja.core.errors import ConflictError
from kooperacja.placement import services
from kooperacja.placement.models import FollowUp, Referral, ReferralEvent, ReferralStatus
from kooperacja.placement.selectors import placed_counts
from kooperacja.staffing.models import DiagnosisRound, NeedStatus, PlanLine, StaffingPlan
from kooperacja.training.models import ParticipationStatus
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.placement import factories


@pytest.fixture
def card(db):
    return factories.card(codes=("OPK", "PP"))


@pytest.fixture
def provider(world):
    """A social cooperative in Grudziądz with its own manager."""
    organisation = OrganisationFactory(name="Spółdzielnia Socjalna Opieka", kind="social_cooperative")
    manager = MembershipFactory(
        user=UserFactory(username="provider-manager"), organisation=organisation, role="pes_manager"
    )
    organisation.manager = manager.user
    return organisation


@pytest.fixture
def referral(world, card, provider):
    need = factories.need(provider=provider, card_version=card, codes=("OPK",), headcount=2)
    participation = factories.participant(organisation=world.org_a, codes=("OPK",))
    return factories.referral(participation=participation, need_row=need, referred_on=date(2025, 8, 1))


def test_it_walks_a_referral_from_proposed_to_hired(world, referral, provider):
    coordinator, manager = world.user("coordinator"), provider.manager
    services.referral_send(actor=coordinator, referral=referral, note="Wysłano CV")
    services.referral_interview(actor=manager, referral=referral)
    services.referral_hire(actor=manager, referral=referral, hired_on=date(2025, 8, 31))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.HIRED and referral.hired_on == date(2025, 8, 31)
    steps = list(ReferralEvent.objects.filter(referral=referral).values_list("from_state", "to_state"))
    assert steps == [("proposed", "sent"), ("sent", "interview"), ("interview", "hired")]


def test_it_fills_the_need_marks_the_person_placed_and_schedules_follow_ups(world, referral, provider):
    services.referral_send(actor=world.user("coordinator"), referral=referral)
    services.referral_interview(actor=provider.manager, referral=referral)
    services.referral_hire(actor=provider.manager, referral=referral, hired_on=date(2025, 8, 31))
    referral.need.refresh_from_db()
    referral.participation.refresh_from_db()
    assert (referral.need.filled_count, referral.need.status) == (1, NeedStatus.PARTLY_FILLED)
    assert referral.participation.status == ParticipationStatus.PLACED
    due = dict(FollowUp.objects.filter(referral=referral).values_list("months_after", "due_on"))
    assert due == {3: date(2025, 11, 30), 6: date(2026, 2, 28)}


def test_it_fills_the_need_completely_with_the_last_hire(world, card, provider):
    need = factories.need(provider=provider, card_version=card, headcount=1)
    referral = factories.referral(
        participation=factories.participant(organisation=world.org_a), need_row=need, status=ReferralStatus.INTERVIEW
    )
    services.referral_hire(actor=world.user("coordinator"), referral=referral)
    need.refresh_from_db()
    assert (need.filled_count, need.status) == (1, NeedStatus.FILLED)
    assert Referral.objects.get(pk=referral.pk).hired_on == timezone.localdate()


def test_it_keeps_nothing_of_a_hire_the_need_cannot_take(world, card, provider):
    need = factories.need(provider=provider, card_version=card, headcount=1, filled=1, status=NeedStatus.FILLED)
    referral = factories.referral(
        participation=factories.participant(organisation=world.org_a), need_row=need, status=ReferralStatus.INTERVIEW
    )
    with pytest.raises(ValidationError):
        services.referral_hire(actor=world.user("coordinator"), referral=referral)
    referral.refresh_from_db()
    referral.participation.refresh_from_db()
    assert referral.status == ReferralStatus.INTERVIEW and referral.hired_on is None
    assert referral.participation.status == ParticipationStatus.READY
    assert not FollowUp.objects.exists() and not ReferralEvent.objects.exists()


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (ReferralStatus.PROPOSED, ReferralStatus.HIRED),
        (ReferralStatus.PROPOSED, ReferralStatus.INTERVIEW),
        (ReferralStatus.SENT, ReferralStatus.HIRED),
        (ReferralStatus.HIRED, ReferralStatus.WITHDRAWN),
        (ReferralStatus.DECLINED, ReferralStatus.SENT),
        (ReferralStatus.WITHDRAWN, ReferralStatus.SENT),
    ],
)
def test_it_refuses_transitions_the_state_machine_does_not_allow(world, card, provider, start, target):
    need = factories.need(provider=provider, card_version=card)
    referral = factories.referral(
        participation=factories.participant(organisation=world.org_a), need_row=need, status=start
    )
    with pytest.raises(ValidationError):
        services.referral_transition(actor=world.user("coordinator"), referral=referral, to=target)
    assert Referral.objects.get(pk=referral.pk).status == start


def test_it_refuses_an_unknown_target_state(world, referral):
    with pytest.raises(ValidationError):
        services.referral_transition(actor=world.user("coordinator"), referral=referral, to="proposed")


def test_it_detects_a_referral_moved_by_someone_else(world, referral):
    stale = Referral.objects.get(pk=referral.pk)
    services.referral_withdraw(actor=world.user("coordinator"), referral=referral)
    with pytest.raises(ConflictError):
        services.referral_send(actor=world.user("coordinator"), referral=stale)


def test_it_lets_only_the_coordinator_send_and_withdraw(world, referral, provider):
    with pytest.raises(PermissionDenied):
        services.referral_send(actor=provider.manager, referral=referral)
    services.referral_send(actor=world.user("coordinator"), referral=referral)
    with pytest.raises(PermissionDenied):
        services.referral_withdraw(actor=provider.manager, referral=referral)


def test_it_lets_only_the_needs_provider_record_interviews_and_hires(world, referral, provider):
    services.referral_send(actor=world.user("coordinator"), referral=referral)
    for outsider in (world.user("member_b"), world.user("pzs_staff"), world.user("analyst")):
        with pytest.raises(PermissionDenied):
            services.referral_interview(actor=outsider, referral=referral)
    services.referral_decline(actor=provider.manager, referral=referral, note="Brak prawa jazdy")
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.DECLINED


def _hired(world, card, provider, hired_on):
    need = factories.need(provider=provider, card_version=card, headcount=3)
    referral = factories.referral(
        participation=factories.participant(organisation=world.org_a),
        need_row=need,
        status=ReferralStatus.HIRED,
        hired_on=hired_on,
    )
    factories.follow_ups(referral, hired_on)
    return referral


def test_it_records_a_follow_up_by_the_cis_staff(world, card, provider):
    referral = _hired(world, card, provider, timezone.localdate() - timedelta(days=200))
    follow_up = FollowUp.objects.get(referral=referral, months_after=3)
    services.follow_up_record(actor=world.user("pzs_staff"), follow_up=follow_up, still_employed=True, note="OK")
    follow_up.refresh_from_db()
    assert follow_up.still_employed is True and follow_up.recorded_by == world.user("pzs_staff")
    with pytest.raises(PermissionDenied):
        services.follow_up_record(actor=provider.manager, follow_up=follow_up, still_employed=False)


def test_it_refuses_a_follow_up_before_it_is_due(world, card, provider):
    referral = _hired(world, card, provider, timezone.localdate() - timedelta(days=10))
    follow_up = FollowUp.objects.get(referral=referral, months_after=3)
    with pytest.raises(ValidationError, match="cannot be recorded earlier"):
        services.follow_up_record(actor=world.user("coordinator"), follow_up=follow_up, still_employed=True)


def test_it_adds_calendar_months_to_the_last_day_of_shorter_months():
    assert services.add_months(date(2025, 1, 31), 3) == date(2025, 4, 30)
    assert services.add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert services.add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)


def test_it_counts_hires_per_plan_line(world, card, provider):
    service_type = card.service_type
    diagnosis = DiagnosisRound.objects.create(
        title="Diagnoza 2025",
        territory_id="0462",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        coordinator_organisation=world.org_a,
    )
    plan = StaffingPlan.objects.create(round=diagnosis, number=1)
    line = PlanLine.objects.create(
        plan=plan,
        service_type=service_type,
        qualification_code="OPK",
        qualification_name="O",
        quarter="2025-Q3",
        needed=3,
    )
    other_quarter = PlanLine.objects.create(
        plan=plan,
        service_type=service_type,
        qualification_code="OPK",
        qualification_name="O",
        quarter="2025-Q4",
        needed=1,
    )
    other_code = PlanLine.objects.create(
        plan=plan,
        service_type=service_type,
        qualification_code="PP",
        qualification_name="P",
        quarter="2025-Q3",
        needed=1,
    )
    for municipality, status in (("0462011", "hired"), ("0462011", "hired"), ("0462011", "sent"), ("0461011", "hired")):
        need = factories.need(
            provider=provider, card_version=card, codes=("OPK",), municipality=municipality, start=date(2025, 8, 1)
        )
        factories.referral(participation=factories.participant(organisation=world.org_a), need_row=need, status=status)
    assert placed_counts(lines=[line, other_quarter, other_code]) == {line.pk: 2, other_quarter.pk: 0, other_code.pk: 0}
    assert placed_counts(lines=[]) == {}


def test_it_refuses_a_hire_before_the_referral_naming_its_date(world, card, provider, polish):
    need = factories.need(provider=provider, card_version=card, headcount=1)
    referral = factories.referral(
        participation=factories.participant(organisation=world.org_a),
        need_row=need,
        status=ReferralStatus.INTERVIEW,
        referred_on=date(2026, 3, 12),
    )
    with pytest.raises(ValidationError) as caught:
        services.referral_hire(actor=world.user("coordinator"), referral=referral, hired_on=date(2026, 3, 11))
    assert caught.value.message_dict == {
        "hired_on": ["Data zatrudnienia nie może być wcześniejsza niż data skierowania (12.03.2026)."]
    }
    far = timezone.localdate() + timedelta(days=400)
    with pytest.raises(ValidationError) as caught:
        services.referral_hire(actor=world.user("coordinator"), referral=referral, hired_on=far)
    assert "nie może być późniejsza niż" in caught.value.message_dict["hired_on"][0]
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.INTERVIEW and not FollowUp.objects.exists()
