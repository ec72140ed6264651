from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kooperacja.accounts.roles import Role
from kooperacja.training import services
from kooperacja.training.models import Participation, ParticipationEvent, ParticipationStatus
from tests.factories import MembershipFactory
from tests.training.factories import enrol, make_kis, make_staff, participation_data, person_data

pytestmark = pytest.mark.django_db


def test_it_enrols_a_cis_participant_with_the_trial_month_defaulting_to_the_first_month(world):
    participation = enrol(actor=world.user("pzs_staff"), organisation=world.org_a, start=date(2025, 3, 3))
    assert participation.kind == "cis"
    assert participation.status == ParticipationStatus.REFERRED
    assert (participation.trial_start, participation.trial_end) == (date(2025, 3, 3), date(2025, 4, 2))
    assert participation.events.get().to_state == ParticipationStatus.REFERRED


def test_it_asks_a_cis_for_the_ipzs_and_a_kis_for_the_social_contract(world):
    staff = world.user("pzs_staff")
    with pytest.raises(ValidationError) as cis_error:
        services.participant_enrol(
            actor=staff,
            organisation=world.org_a,
            person_data=person_data(),
            participation_data=participation_data(plan_reference=""),
        )
    assert "IPZS" in cis_error.value.message_dict["plan_reference"][0]
    kis = make_kis()
    MembershipFactory(user=staff, organisation=kis, role=Role.PZS_STAFF)
    with pytest.raises(ValidationError) as kis_error:
        services.participant_enrol(
            actor=staff,
            organisation=kis,
            person_data=person_data(),
            participation_data=participation_data(plan_reference="", plan_signed_on=None),
        )
    assert "social contract" in kis_error.value.message_dict["plan_reference"][0]
    assert "social contract" in kis_error.value.message_dict["plan_signed_on"][0]
    participation = services.participant_enrol(
        actor=staff,
        organisation=kis,
        person_data=person_data(),
        participation_data=participation_data(plan_reference="KS/7/2025"),
    )
    assert participation.kind == "kis" and participation.trial_start is None


def test_it_refuses_an_organisation_that_is_not_a_cis_or_kis(world):
    with pytest.raises(ValidationError) as caught:
        enrol(actor=world.user("member_b"), organisation=world.org_b)
    assert "organisation" in caught.value.message_dict


def test_it_refuses_overlapping_stays_in_the_same_cis_and_saves_nothing(world):
    staff = world.user("pzs_staff")
    first = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    with pytest.raises(ValidationError) as caught:
        enrol(actor=staff, organisation=world.org_a, person=first.person, start=date(2025, 6, 2))
    assert "cannot overlap" in caught.value.message_dict["start_date"][0]
    assert Participation.objects.count() == 1
    # After the first one ends, a new stay may start.
    later = enrol(
        actor=staff, organisation=world.org_a, person=first.person, start=first.planned_end_date + timedelta(days=1)
    )
    assert later.pk and later.person == first.person


def test_it_enrols_only_persons_of_the_organisations_own_records(world):
    staff = world.user("pzs_staff")
    first = enrol(actor=staff, organisation=world.org_a)
    kis = make_kis()
    with pytest.raises(ValidationError) as caught:
        enrol(actor=staff, organisation=kis, person=first.person, start=date(2026, 6, 1))
    assert "person" in caught.value.message_dict


def test_it_limits_a_cis_stay_to_the_statutory_maximum_on_the_start_date(world):
    staff = world.user("pzs_staff")
    # Since 15 Feb 2022: 24 months from the end of the trial month (2 Jan - 1 Feb 2023), with an extension.
    enrol(actor=staff, organisation=world.org_a, start=date(2023, 1, 2), planned_end_date=date(2025, 2, 1))
    with pytest.raises(ValidationError) as caught:
        enrol(actor=staff, organisation=world.org_a, start=date(2023, 1, 2), planned_end_date=date(2025, 2, 2))
    assert "24 months" in caught.value.message_dict["planned_end_date"][0]
    # Before: 18 months.
    with pytest.raises(ValidationError) as before:
        enrol(actor=staff, organisation=world.org_a, start=date(2020, 1, 6), planned_end_date=date(2021, 12, 1))
    assert "18 months" in before.value.message_dict["planned_end_date"][0]


def test_it_moves_through_the_workflow_with_event_rows(world):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a)
    services.participation_start_trial(actor=staff, participation=participation)
    services.participation_activate(actor=staff, participation=participation)
    services.participation_confirm_ready(actor=staff, participation=participation, note="gotowa")
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.READY
    assert participation.ready_confirmed_by == staff and participation.ready_confirmed_at
    services.participation_back_to_active(actor=staff, participation=participation)
    services.participation_confirm_ready(actor=staff, participation=participation)
    services.participation_mark_placed(actor=world.user("coordinator"), participation=participation)
    services.participation_exit(
        actor=staff, participation=participation, reason="employment", exit_date=date(2025, 9, 1)
    )
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.COMPLETED
    assert participation.exit_reason == "employment"
    states = list(ParticipationEvent.objects.filter(participation=participation).values_list("to_state", flat=True))
    assert states == ["referred", "trial", "active", "ready", "active", "ready", "placed", "completed"]


def test_it_terminates_for_a_breach_and_refuses_impossible_moves(world):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a)
    with pytest.raises(ValidationError):
        services.participation_mark_placed(actor=staff, participation=participation)
    services.participation_exit(actor=staff, participation=participation, reason="breach", exit_date=date(2025, 4, 1))
    assert participation.status == ParticipationStatus.TERMINATED
    with pytest.raises(ValidationError):
        services.participation_activate(actor=staff, participation=participation)


def test_it_lets_only_cis_kis_staff_confirm_readiness(world):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a)
    services.participation_activate(actor=staff, participation=participation)
    with pytest.raises(PermissionDenied):
        services.participation_confirm_ready(actor=world.user("social_worker"), participation=participation)
    other_staff = make_staff(make_kis(), role=Role.PZS_STAFF)
    with pytest.raises(PermissionDenied):
        services.participation_confirm_ready(actor=other_staff, participation=participation)


def test_it_records_and_withdraws_consent_with_timestamps(world):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a)
    services.consent_record(actor=staff, participation=participation)
    participation.refresh_from_db()
    assert participation.consent_to_share and participation.consent_recorded_at
    recorded_at = participation.consent_recorded_at
    services.consent_withdraw(actor=staff, participation=participation)
    participation.refresh_from_db()
    assert not participation.consent_to_share and participation.consent_recorded_at >= recorded_at
