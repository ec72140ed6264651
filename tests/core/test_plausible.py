"""The plausible ranges: bounds, one pass over every field, and messages that state the range in Polish."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kooperacja.core import plausible
from kooperacja.core.errors import FieldErrors

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("value", "fits"),
    [(0, True), (200, True), (201, False), (-1, False), (99_999, False), ("12", True), (Decimal("12.5"), False)],
)
def test_a_quantity_takes_its_bounds_and_whole_numbers_only(value, fits):
    assert (plausible.COMMUTE_KM.problem(value) is None) is fits


def test_an_empty_value_is_left_to_the_required_check():
    assert plausible.COMMUTE_KM.problem(None) is None and plausible.NEED_START.problem(None, today=TODAY) is None


def test_money_takes_two_decimals_within_a_sane_maximum():
    assert plausible.MONTHLY_PAY.problem(Decimal("4806.00")) is None
    assert plausible.MONTHLY_PAY.problem(Decimal("99999999")) is not None
    assert plausible.MONTHLY_PAY.problem("not a number") is not None


def test_the_messages_state_the_range_in_polish(polish):
    assert plausible.COMMUTE_KM.message() == "Dojazd: od 0 do 200 km."
    assert plausible.MONTHLY_PAY.named("Wynagrodzenie od").message() == "Wynagrodzenie od: od 0 do 50\xa0000 zł."
    error = plausible.NEED_START.problem(date(2030, 1, 1), today=TODAY)
    assert error.message == "Data rozpoczęcia: od 30.11.2025 do 30.11.2029."
    error = plausible.HIRE_DATE.problem(date(2026, 3, 11), today=TODAY, other=date(2026, 3, 12))
    assert error.message == "Data zatrudnienia nie może być wcześniejsza niż data skierowania (12.03.2026)."
    error = plausible.HIRE_DATE.problem(TODAY + timedelta(days=400), today=TODAY)
    assert error.message == "Data zatrudnienia nie może być późniejsza niż 01.12.2027."


def test_the_messages_read_in_english_too():
    assert plausible.WEEKLY_HOURS.message() == "Hours per week: from 1 to 60 h."


def test_a_date_window_is_counted_from_today():
    low, high = plausible.NEED_START.bounds(TODAY)
    assert (low, high) == (date(2025, 11, 30), date(2029, 11, 30))
    assert plausible.NEED_START.problem(low, today=TODAY) is None
    assert plausible.NEED_START.problem(low - timedelta(days=1), today=TODAY) is not None
    assert plausible.NEED_START.problem(high + timedelta(days=1), today=TODAY) is not None


def test_a_date_may_not_precede_the_date_it_follows_from_the_same_record_or_the_context():
    found = plausible.problems(
        {
            "hired_on": (plausible.HIRE_DATE, date(2026, 5, 1)),
            "follow_up": (plausible.FOLLOW_UP_DATE, date(2026, 4, 1)),
        },
        context={"referral_date": date(2026, 6, 1), "hire_date": date(2026, 5, 1)},
        today=TODAY,
    )
    assert {field: error.code for field, error in found.items()} == {
        "hired_on": "before_referral_date",
        "follow_up": "before_hire_date",
    }


def test_every_field_out_of_range_is_reported_at_once_and_earlier_errors_are_kept():
    errors = FieldErrors()
    errors.add("headcount", "Enter a whole number.", code="invalid")
    plausible.check(
        errors,
        {
            "headcount": (plausible.POSITIONS, 0),
            "hours_per_week": (plausible.WEEKLY_HOURS, 90),
            "commute_limit_km": (plausible.COMMUTE_KM, 99_999),
            "start_date": (plausible.NEED_START, date(2062, 1, 1)),
            "pay_min": (plausible.MONTHLY_PAY, 4900),
        },
        today=TODAY,
    )
    with pytest.raises(ValidationError) as caught:
        errors.raise_if_any()
    codes = {field: [error.code for error in found] for field, found in caught.value.error_dict.items()}
    assert codes == {
        "headcount": ["invalid"],
        "hours_per_week": ["out_of_range"],
        "commute_limit_km": ["out_of_range"],
        "start_date": ["out_of_range"],
    }


def test_a_number_input_gets_the_same_bounds_as_html_attributes():
    assert plausible.COMMUTE_KM.widget_attrs() == {"min": "0", "max": "200", "step": "1"}
    assert plausible.DAILY_HOURS.widget_attrs()["step"] == "0.1"
    assert plausible.NEED_START.widget_attrs(TODAY) == {"min": "2025-11-30", "max": "2029-11-30"}


def test_a_date_is_not_compared_with_another_that_is_itself_wrong():
    errors = FieldErrors()
    errors.add("applied_on", "The application cannot be dated in the future.", code="future")
    plausible.check(
        errors,
        {
            "applied_on": (plausible.APPLICATION_DATE, TODAY + timedelta(days=1)),
            "interview_date": (plausible.INTERVIEW_DATE, TODAY),
        },
        today=TODAY,
    )
    assert set(errors.by_field) == {"applied_on"}
    found = plausible.problems(
        {
            "referral_date": (plausible.NEED_START, date(2090, 1, 1)),
            "hired_on": (plausible.HIRE_DATE.named("Hire"), TODAY),
        },
        context={},
        today=TODAY,
    )
    assert set(found) == {"referral_date"}
