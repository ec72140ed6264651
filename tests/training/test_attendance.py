from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kooperacja.core.errors import ConflictError
from kooperacja.training import services
from kooperacja.training.models import Attendance, ModuleCompletion, QualificationGained
from tests.training.factories import enrol, make_card, make_cohort, make_programme

pytestmark = pytest.mark.django_db


def test_it_records_hours_for_the_monday_of_the_week(world):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    row = services.attendance_record(actor=staff, participation=participation, week_start=date(2025, 3, 6), hours=32)
    assert row.week_start == date(2025, 3, 3) and row.hours == Decimal("32")


def test_it_refuses_hours_over_the_weekly_limit_in_force_that_week(world):
    staff = world.user("pzs_staff")
    participation = enrol(
        actor=staff, organisation=world.org_a, start=date(2021, 11, 2), planned_end_date=date(2022, 12, 31)
    )
    with pytest.raises(ValidationError) as before:
        services.attendance_record(actor=staff, participation=participation, week_start=date(2022, 2, 7), hours=32)
    assert "30 h" in before.value.message_dict["hours"][0]
    # The week of 14 Feb 2022 starts before the change: still 30 h.
    with pytest.raises(ValidationError):
        services.attendance_record(actor=staff, participation=participation, week_start=date(2022, 2, 14), hours=32)
    services.attendance_record(actor=staff, participation=participation, week_start=date(2022, 2, 21), hours=32)
    with pytest.raises(ValidationError) as after:
        services.attendance_record(actor=staff, participation=participation, week_start=date(2022, 2, 28), hours=41)
    assert "40 h" in after.value.message_dict["hours"][0]
    assert Attendance.objects.count() == 1


def test_it_refuses_a_duplicate_week_unless_it_is_a_correction_of_what_was_read(world):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    services.attendance_record(actor=staff, participation=participation, week_start=date(2025, 3, 10), hours=30)
    with pytest.raises(ValidationError) as caught:
        services.attendance_record(actor=staff, participation=participation, week_start=date(2025, 3, 12), hours=35)
    assert "already recorded" in caught.value.message_dict["week_start"][0]
    with pytest.raises(ConflictError):
        services.attendance_record(
            actor=staff, participation=participation, week_start=date(2025, 3, 10), hours=35, expected_hours=31
        )
    services.attendance_record(
        actor=staff, participation=participation, week_start=date(2025, 3, 10), hours=35, expected_hours=30
    )
    assert Attendance.objects.get().hours == 35


def test_it_records_only_modules_of_the_participants_cohorts(world):
    staff = world.user("pzs_staff")
    programme = make_programme(actor=staff, organisation=world.org_a)
    cohort = make_cohort(actor=staff, programme=programme)
    participation = enrol(actor=staff, organisation=world.org_a)
    module = programme.modules.first()
    with pytest.raises(ValidationError):
        services.module_complete(actor=staff, participation=participation, module=module, completed_on=date(2025, 5, 1))
    services.cohort_enrol(actor=staff, cohort=cohort, participation=participation)
    services.module_complete(actor=staff, participation=participation, module=module, completed_on=date(2025, 5, 1))
    other_card_module = make_card().programme_modules.first()
    with pytest.raises(ValidationError):
        services.module_complete(
            actor=staff, participation=participation, module=other_card_module, completed_on=date(2025, 5, 1)
        )
    with pytest.raises(ValidationError):
        services.module_complete(actor=staff, participation=participation, module=module, completed_on=date(2025, 5, 2))
    assert ModuleCompletion.objects.count() == 1


def test_it_records_only_qualifications_known_to_the_catalogue(world):
    staff = world.user("pzs_staff")
    make_card(qualifications=("TST-Q1",))
    participation = enrol(actor=staff, organisation=world.org_a)
    with pytest.raises(ValidationError) as caught:
        services.qualification_gain(actor=staff, participation=participation, code="NOPE", issued_on=date(2025, 5, 1))
    assert "code" in caught.value.message_dict
    gained = services.qualification_gain(
        actor=staff, participation=participation, code="TST-Q1", issued_on=date(2025, 5, 1), certificate_number="C/1"
    )
    assert gained.name == "Kwalifikacja TST-Q1" and gained.person == participation.person
    with pytest.raises(ValidationError):
        services.qualification_gain(actor=staff, participation=participation, code="TST-Q1", issued_on=date(2025, 5, 1))
    assert QualificationGained.objects.count() == 1
