from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kooperacja.core.errors import ConflictError
from kooperacja.training import services
from kooperacja.training.models import Attendance, ModuleCompletion, QualificationGained
from kooperacja.training.services.attendance import cell_key, row_key
from tests.training.factories import enrol, make_card, make_cohort, make_kis, make_programme, make_staff

pytestmark = pytest.mark.django_db

MONDAY = date(2025, 3, 10)


def _week(participation, cells_by_offset):
    """Cells of one participation by the offset of the day from MONDAY."""
    return {(participation.pk, MONDAY + timedelta(days=offset)): cell for offset, cell in cells_by_offset.items()}


def _save(actor, participation, cells_by_offset, **kwargs):
    return services.attendance_week_save(
        actor=actor,
        organisation=participation.organisation,
        monday=MONDAY,
        participations=[participation],
        cells=_week(participation, cells_by_offset),
        **kwargs,
    )


def test_it_records_one_day_present_with_hours_or_absent_without(world):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    row = services.attendance_record(actor=staff, participation=participation, day=MONDAY, kind="present", hours=7)
    assert (row.day, row.kind, row.hours) == (MONDAY, "present", Decimal("7"))
    sick = services.attendance_record(
        actor=staff, participation=participation, day=MONDAY + timedelta(days=1), kind="sick"
    )
    assert (sick.kind, sick.hours) == ("sick", 0)
    with pytest.raises(ValidationError) as caught:
        services.attendance_record(
            actor=staff, participation=participation, day=MONDAY + timedelta(days=2), kind="excused", hours=3
        )
    assert "only on days present" in caught.value.message_dict["hours"][0]
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=staff, participation=participation, day=MONDAY + timedelta(days=2), kind="present"
        )
    assert Attendance.objects.count() == 2


def test_it_refuses_a_recorded_day_unless_it_is_a_correction_of_what_was_read(world):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    services.attendance_record(actor=staff, participation=participation, day=MONDAY, hours=6)
    with pytest.raises(ValidationError) as caught:
        services.attendance_record(actor=staff, participation=participation, day=MONDAY, hours=7)
    assert "already recorded" in caught.value.message_dict["day"][0]
    with pytest.raises(ConflictError):
        services.attendance_record(
            actor=staff, participation=participation, day=MONDAY, hours=7, expected_kind="present", expected_hours=5
        )
    services.attendance_record(
        actor=staff,
        participation=participation,
        day=MONDAY,
        kind="unexcused",
        expected_kind="present",
        expected_hours=6,
    )
    assert Attendance.objects.get().kind == "unexcused"


def test_it_refuses_a_day_outside_the_stay(world):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 12))
    with pytest.raises(ValidationError) as caught:
        services.attendance_record(actor=staff, participation=participation, day=MONDAY, hours=6)
    assert "outside the participation" in caught.value.message_dict["day"][0]


def test_a_cis_week_over_the_weekly_limit_in_force_is_refused_with_the_limit_and_its_basis(world):
    staff = world.user("pzs_staff")
    participation = enrol(
        actor=staff, organisation=world.org_a, start=date(2021, 11, 2), planned_end_date=date(2022, 12, 31)
    )
    before = date(2022, 2, 7)  # 30 h a week (6 h a day) before the amendment
    with pytest.raises(ValidationError) as caught:
        services.attendance_week_save(
            actor=staff,
            organisation=world.org_a,
            monday=before,
            participations=[participation],
            cells={(participation.pk, before + timedelta(days=offset)): ("", "7") for offset in range(5)},
        )
    message = caught.value.message_dict[row_key(participation)][0]
    assert "35 h" in message and "30 h" in message and "art. 14" in message
    after = date(2022, 2, 21)
    services.attendance_week_save(
        actor=staff,
        organisation=world.org_a,
        monday=after,
        participations=[participation],
        cells={(participation.pk, after + timedelta(days=offset)): ("", "8") for offset in range(5)},
    )
    assert Attendance.objects.count() == 5
    # One more hour on Saturday passes 40 h: refused, and the week recorded stays as it was.
    with pytest.raises(ValidationError) as over:
        services.attendance_record(
            actor=staff, participation=participation, day=after + timedelta(days=5), kind="present", hours=1
        )
    assert "41 h" in over.value.message_dict["hours"][0] and "40 h" in over.value.message_dict["hours"][0]
    assert Attendance.objects.count() == 5


def test_kis_hours_are_recorded_without_a_weekly_cap(world):
    kis = make_kis()
    staff = make_staff(kis)
    participation = enrol(actor=staff, organisation=kis, start=date(2025, 3, 3))
    assert participation.kind == "kis"
    _save(staff, participation, dict.fromkeys(range(6), ("present", "10")))
    assert sum(Attendance.objects.values_list("hours", flat=True)) == 60


def test_a_moderate_disability_limits_a_day_to_7_and_a_week_to_35_hours_in_cis_and_kis(world):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    services.participation_disability_set(actor=staff, participation=participation, degree="moderate")
    with pytest.raises(ValidationError) as caught:
        _save(staff, participation, {0: ("present", "8"), 1: ("present", "7")})
    message = caught.value.message_dict[cell_key(participation, MONDAY)][0]
    assert "7 h a day" in message and "rehabilitation" in message
    with pytest.raises(ValidationError) as weekly:
        _save(staff, participation, dict.fromkeys(range(5), ("present", "7")) | {5: ("present", "1")})
    assert "35 h" in weekly.value.message_dict[row_key(participation)][0]
    _save(staff, participation, dict.fromkeys(range(5), ("present", "7")))
    kis = make_kis()
    kis_staff = make_staff(kis)
    kis_stay = enrol(actor=kis_staff, organisation=kis, start=date(2025, 3, 3))
    kis_stay.disability_degree = "significant"
    kis_stay.save()
    with pytest.raises(ValidationError):
        _save(kis_staff, kis_stay, {0: ("present", "7.5")})
    assert Attendance.objects.count() == 5


def test_a_week_saves_whole_or_not_at_all_with_every_error_at_once(world):
    staff = world.user("pzs_staff")
    first = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    second = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    cells = _week(first, {0: ("present", "8"), 1: ("sick", "3"), 2: ("nonsense", "")})
    cells |= _week(second, dict.fromkeys(range(5), ("", "9")))
    with pytest.raises(ValidationError) as caught:
        services.attendance_week_save(
            actor=staff, organisation=world.org_a, monday=MONDAY, participations=[first, second], cells=cells
        )
    errors = caught.value.message_dict
    assert set(errors) == {
        cell_key(first, MONDAY + timedelta(days=1)),
        cell_key(first, MONDAY + timedelta(days=2)),
        row_key(second),
    }
    assert Attendance.objects.count() == 0


def test_an_empty_cell_removes_the_day_and_a_stale_grid_is_refused(world):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    fingerprint = services.attendance_week_fingerprint([participation.pk], MONDAY)
    _save(staff, participation, {0: ("present", "8"), 1: ("excused", "")}, fingerprint=fingerprint)
    with pytest.raises(ConflictError):
        _save(staff, participation, {0: ("", "")}, fingerprint=fingerprint)
    fresh = services.attendance_week_fingerprint([participation.pk], MONDAY)
    result = _save(staff, participation, {0: ("", "")}, fingerprint=fresh)
    assert result.removed == 1
    assert list(Attendance.objects.values_list("kind", flat=True)) == ["excused"]


def test_a_full_cis_week_below_the_minimum_is_flagged_not_refused(world):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    result = _save(staff, participation, dict.fromkeys(range(5), ("present", "5")))
    assert len(result.flags) == 1 and "25 h" in result.flags[0] and "30 h" in result.flags[0]
    assert Attendance.objects.count() == 5
    # A week with an absence is not a week of full presence: no flag.
    result = _save(staff, participation, {0: ("sick", "")})
    assert result.flags == []


def test_another_organisations_participation_cannot_be_saved_in_a_grid(world):
    from django.core.exceptions import PermissionDenied

    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    kis = make_kis()
    with pytest.raises(PermissionDenied):
        services.attendance_week_save(
            actor=make_staff(kis),
            organisation=world.org_a,
            monday=MONDAY,
            participations=[participation],
            cells=_week(participation, {0: ("present", "8")}),
        )
    assert Attendance.objects.count() == 0


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
        actor=staff,
        participation=participation,
        code="TST-Q1",
        issued_on=date(2025, 5, 1),
        certificate_number="C/1",
        issuer="OKE",
    )
    assert gained.name == "Kwalifikacja TST-Q1" and gained.person == participation.person
    with pytest.raises(ValidationError):
        services.qualification_gain(actor=staff, participation=participation, code="TST-Q1", issued_on=date(2025, 5, 1))
    assert QualificationGained.objects.count() == 1
