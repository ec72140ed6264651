"""How the migration to daily attendance spreads a weekly row over its days (0013_attendance_weeks_to_days)."""

import importlib
from datetime import date
from decimal import Decimal

migration = importlib.import_module("kooperacja.training.migrations.0013_attendance_weeks_to_days")
MONDAY = date(2025, 3, 10)


def test_a_week_is_spread_over_its_working_days_keeping_the_total():
    days = migration._days(MONDAY, Decimal("32.5"), date(2025, 1, 1), date(2025, 12, 31))
    assert [day.weekday() for day, _kind, _hours in days] == [0, 1, 2, 3, 4]
    assert [hours for _day, _kind, hours in days] == [Decimal("6.5")] * 5
    odd = migration._days(MONDAY, Decimal("30.3"), date(2025, 1, 1), date(2025, 12, 31))
    assert sum(hours for _day, _kind, hours in odd) == Decimal("30.3")
    assert [hours for _day, _kind, hours in odd] == [Decimal("6.1")] * 3 + [Decimal("6")] * 2


def test_only_days_inside_the_stay_are_used():
    days = migration._days(MONDAY, Decimal("12"), date(2025, 3, 13), date(2025, 12, 31))
    assert [(day.day, hours) for day, _kind, hours in days] == [(13, Decimal("6")), (14, Decimal("6"))]
    weekend = migration._days(MONDAY, Decimal("5"), date(2025, 3, 15), date(2025, 12, 31))
    assert [(day.day, hours) for day, _kind, hours in weekend] == [(15, Decimal("2.5")), (16, Decimal("2.5"))]


def test_a_week_of_no_hours_becomes_unexcused_absences_and_few_tenths_use_few_days():
    absent = migration._days(MONDAY, Decimal("0"), date(2025, 1, 1), date(2025, 12, 31))
    assert {(kind, hours) for _day, kind, hours in absent} == {("unexcused", Decimal("0"))} and len(absent) == 5
    tiny = migration._days(MONDAY, Decimal("0.2"), date(2025, 1, 1), date(2025, 12, 31))
    assert [(kind, hours) for _day, kind, hours in tiny] == [("present", Decimal("0.1"))] * 2
