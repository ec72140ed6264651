"""What waits in training: weeks of attendance not entered, counted per CIS/KIS and finished week."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kooperacja.training import services
from kooperacja.training.waiting import attendance_not_entered, missing_attendance
from tests.training.factories import enrol, make_kis, make_staff

pytestmark = pytest.mark.django_db


def _taking_part(staff, organisation, start):
    participation = enrol(actor=staff, organisation=organisation, start=start)
    services.participation_start_trial(actor=staff, participation=participation)
    return participation


TODAY = date(2025, 4, 2)  # a Wednesday; the finished weeks looked at begin on 3, 10, 17 and 24 March


def test_a_week_without_a_single_day_recorded_waits(world):
    staff = world.user("pzs_staff")
    present = _taking_part(staff, world.org_a, date(2025, 3, 3))
    absent = _taking_part(staff, world.org_a, date(2025, 3, 12))
    # Someone only referred, not yet taking part, is not expected in the grid.
    enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    for monday in (date(2025, 3, 3), date(2025, 3, 10), date(2025, 3, 17), date(2025, 3, 24)):
        services.attendance_record(actor=staff, participation=present, day=monday, kind="present", hours=7)
    # The later stay has its week of 17 March entered (one sick day is enough), not that of 10 and 24 March.
    services.attendance_record(actor=staff, participation=absent, day=date(2025, 3, 18), kind="sick")

    missing = missing_attendance(staff, today=TODAY)
    assert missing == {(world.org_a.pk, date(2025, 3, 10)): 1, (world.org_a.pk, date(2025, 3, 24)): 1}
    assert absent.status in ("trial", "active")


def test_only_the_users_own_centres_are_counted(world):
    staff = world.user("pzs_staff")
    _taking_part(staff, world.org_a, date(2025, 3, 3))
    kis = make_kis()
    other = make_staff(kis)
    assert missing_attendance(other, today=TODAY) == {}
    assert missing_attendance(world.user("member_b"), today=TODAY) == {}
    assert sum(missing_attendance(staff, today=TODAY).values()) == 4


def test_the_items_link_to_the_weeks_grid(world):
    staff = world.user("pzs_staff")
    _taking_part(staff, world.org_a, timezone.localdate() - timedelta(days=30))
    shown = attendance_not_entered(staff, 2)
    assert shown.count >= 2 and len(shown.items) == 2
    assert shown.items[0].url.startswith(f"/training/attendance/?organisation={world.org_a.pk}&week=")
    assert "participant without attendance" in str(shown.items[0].label)
    assert "Testowy" not in str(shown.items[0].label)  # the person's name is not in the label
