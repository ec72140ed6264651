"""The plausible range of every kind of date and quantity people type in, defined once.

Forms, the API, imports and the demo all reach a record through its service, and the services check the values
here, so a commute of 99,999 km or a hire date in 2062 is refused the same way wherever it comes from, with a
message that states the allowed range. These are sanity bounds (a typo, a wrong column); what the law allows (the
minimum wage, the statutory hours of a participant) stays with the dated law parameters in ``kooperacja.law``.

    errors = FieldErrors()
    check(errors, {"headcount": (POSITIONS, data.headcount), "start_date": (NEED_START, data.start_date)})
    check(errors, {"hired_on": (HIRE_DATE, hired_on)}, context={"referral_date": referral.created_at.date()})
    errors.raise_if_any()

Every field with a value out of range gets its error in one pass; a field that has an error already (a type
error, a required value) is left alone, its first error being the more precise one.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kooperacja.core.dates import add_months
from kooperacja.core.errors import FieldErrors
from kooperacja.core.text import short_date

RANGE_MESSAGE = _("%(label)s: from %(low)s to %(high)s %(unit)s.")
DATE_WINDOW_MESSAGE = _("%(label)s: from %(low)s to %(high)s.")
DATE_TOO_LATE_MESSAGE = _("%(label)s cannot be later than %(high)s.")
DATE_TOO_EARLY_MESSAGE = _("%(label)s cannot be earlier than %(low)s.")
DATE_BEFORE_OTHER_MESSAGE = _("%(label)s cannot be earlier than %(other)s (%(date)s).")


@dataclass(frozen=True)
class Quantity:
    """A number with its unit and the bounds it may take (both inclusive)."""

    label: str | Promise
    low: int | Decimal
    high: int | Decimal
    unit: str | Promise
    decimals: int = 0

    def named(self, label: str | Promise) -> Quantity:
        """The same range under the name of one field ("Pay from")."""
        return replace(self, label=label)

    def _shown(self, value: int | Decimal) -> str:
        whole = Decimal(value) == Decimal(value).to_integral_value()
        return number_format(value, decimal_pos=0 if whole else self.decimals, force_grouping=True)

    def message(self) -> str:
        """The allowed range in a sentence: "Dojazd: od 0 do 200 km."."""
        text = str(RANGE_MESSAGE) % {
            "label": self.label,
            "low": self._shown(self.low),
            "high": self._shown(self.high),
            "unit": self.unit,
        }
        return text[:-1] if text.endswith("..") else text  # a unit written with its own full stop ("godz.")

    def problem(self, value: Any) -> ValidationError | None:
        """The error of ``value`` (None when it fits or is empty: a required value is the caller's check)."""
        if value is None or value == "":
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return ValidationError(self.message(), code="out_of_range")
        if not number.is_finite() or not self.low <= number <= self.high:
            return ValidationError(self.message(), code="out_of_range")
        if self.decimals == 0 and number != number.to_integral_value():
            return ValidationError(self.message(), code="out_of_range")
        return None

    def widget_attrs(self) -> dict[str, str]:
        """The bounds as HTML ``min``/``max`` (and ``step``) of a number input."""
        step = "1" if self.decimals == 0 else str(Decimal(1).scaleb(-self.decimals))
        return {"min": str(self.low), "max": str(self.high), "step": step}


@dataclass(frozen=True)
class DateWindow:
    """A date within a window around today (``past`` before it, ``future`` after it; None: no bound on that side),
    and optionally not before another date of the same record (``after``: its key in ``context``, and its name
    as it reads after "earlier than": "the referral date")."""

    label: str | Promise
    past: timedelta | int | None  # an int is a number of months
    future: timedelta | int | None
    after: str | None = None
    after_label: str | Promise = ""

    def named(self, label: str | Promise) -> DateWindow:
        """The same window under the name of one field ("Start date")."""
        return replace(self, label=label)

    def bounds(self, today: date | None = None) -> tuple[date | None, date | None]:
        today = today or timezone.localdate()

        def shifted(span: timedelta | int | None, sign: int) -> date | None:
            if span is None:
                return None
            if isinstance(span, timedelta):
                return today + sign * span
            return add_months(today, sign * span)

        return shifted(self.past, -1), shifted(self.future, 1)

    def problem(self, value: Any, *, today: date | None = None, other: date | None = None) -> ValidationError | None:
        """The error of ``value`` (None when it fits, is empty or is not a date: its type is the caller's check);
        ``other`` is the date it may not precede."""
        if not isinstance(value, date):
            return None
        low, high = self.bounds(today)
        if isinstance(other, date) and value < other:
            message = str(DATE_BEFORE_OTHER_MESSAGE) % {
                "label": self.label,
                "other": self.after_label,
                "date": short_date(other),
            }
            return ValidationError(message, code="before_" + (self.after or "other"))
        if (low is not None and value < low) or (high is not None and value > high):
            params = {"label": self.label, "low": low and short_date(low), "high": high and short_date(high)}
            if low is not None and high is not None:
                template = DATE_WINDOW_MESSAGE
            else:
                template = DATE_TOO_LATE_MESSAGE if low is None else DATE_TOO_EARLY_MESSAGE
            return ValidationError(str(template) % params, code="out_of_range")
        return None

    def widget_attrs(self, today: date | None = None) -> dict[str, str]:
        """The window as HTML ``min``/``max`` of a date input."""
        low, high = self.bounds(today)
        attrs = {}
        if low is not None:
            attrs["min"] = low.isoformat()
        if high is not None:
            attrs["max"] = high.isoformat()
        return attrs


Range = Quantity | DateWindow


def problems(
    values: Mapping[str, tuple[Range, Any]],
    *,
    context: Mapping[str, date | None] | None = None,
    today: date | None = None,
    invalid: Container[str] = (),
) -> dict[str, ValidationError]:
    """Every field of ``values`` (field -> (range, value)) whose value is out of its range, with its error. A date
    is compared with the date it may not precede (from ``context``, else from ``values``) only when that one is
    valid: not in ``invalid`` nor out of its own range."""
    context = context or {}
    found: dict[str, ValidationError] = {}
    # The dates that follow another come last, once the other is known to be valid.
    ordered = sorted(values.items(), key=lambda item: bool(getattr(item[1][0], "after", None)))
    for field, (plausible, value) in ordered:
        if isinstance(plausible, DateWindow):
            other = None
            after = plausible.after
            if after and after not in invalid and after not in found:
                if after in context:
                    other = context[after]
                elif after in values:  # another field of the same record
                    other = values[after][1]
            error = plausible.problem(value, today=today, other=other)
        else:
            error = plausible.problem(value)
        if error is not None:
            found[field] = error
    return found


def check(
    errors: FieldErrors,
    values: Mapping[str, tuple[Range, Any]],
    *,
    context: Mapping[str, date | None] | None = None,
    today: date | None = None,
) -> None:
    """Add to ``errors`` the error of every field of ``values`` out of its range (one with an error already is
    skipped, and no date is compared with another that has one)."""
    found = problems(values, context=context, today=today, invalid=errors.by_field)
    for field, error in found.items():
        if field not in errors:
            errors.add(field, error.message, code=error.code)


def validate(
    values: Mapping[str, tuple[Range, Any]],
    *,
    context: Mapping[str, date | None] | None = None,
    today: date | None = None,
) -> None:
    """Raise one ValidationError with every field out of its range (nothing when all fit)."""
    errors = FieldErrors()
    check(errors, values, context=context, today=today)
    errors.raise_if_any()


ZERO = Decimal("0")
YEAR = 12  # months

# Quantities.
COMMUTE_KM = Quantity(_("Commute"), 0, 200, _("km"))
POSITIONS = Quantity(_("Number of people"), 1, 100, _("people"))
ADDITIONAL_STAFF = Quantity(_("Additional staff"), 0, 1000, _("people"))
SEATS = Quantity(_("Number of seats"), 1, 500, _("seats"))
WEEKLY_HOURS = Quantity(_("Hours per week"), 1, 60, _("h"))
DAILY_HOURS = Quantity(_("Hours per day"), ZERO, Decimal("16"), _("h"), decimals=1)
MONTHLY_HOURS = Quantity(_("Hours in the month"), ZERO, Decimal("200"), _("h"), decimals=1)
MONTHLY_PAY = Quantity(_("Pay"), ZERO, Decimal("50000"), _("PLN"), decimals=2)
HOURLY_PAY = Quantity(_("Hourly pay"), ZERO, Decimal("500"), _("PLN"), decimals=2)
BENEFIT_AMOUNT = Quantity(_("Amount"), ZERO, Decimal("20000"), _("PLN"), decimals=2)  # a benefit, a bonus
MONEY = Quantity(_("Amount"), ZERO, Decimal("10000000"), _("PLN"), decimals=2)  # any other sum of money

# Dates: every label is a "date" of something (Polish "Data …", feminine, as the messages agree with it).
NEED_START = DateWindow(_("Start date"), YEAR, 3 * YEAR)
NEED_END = DateWindow(_("Open-until date"), YEAR, 3 * YEAR)
ROUND_START = DateWindow(_("Period start date"), YEAR, 3 * YEAR)
ROUND_END = DateWindow(_("Period end date"), YEAR, 5 * YEAR)
COHORT_DATE = DateWindow(_("Cohort date"), 2 * YEAR, 3 * YEAR)
# A stay recorded today may be one of several years ago (records moved over from an earlier system).
ENROLMENT_DATE = DateWindow(_("Participation date"), 10 * YEAR, YEAR)
PLANNED_END_DATE = DateWindow(_("Planned end date"), 10 * YEAR, 3 * YEAR)
EXIT_DATE = DateWindow(_("Exit date"), 10 * YEAR, timedelta(days=31))
APPLICATION_DATE = DateWindow(_("Application date"), 2 * YEAR, timedelta(days=0))
INTERVIEW_DATE = DateWindow(
    _("Interview date"), 2 * YEAR, timedelta(days=0), after="applied_on", after_label=_("the application date")
)
# Who takes part in a CIS, a KIS or a job is between 15 and 100 years old on the day the date is checked.
BIRTH_DATE = DateWindow(_("Date of birth (from the PESEL)"), 100 * YEAR, -15 * YEAR)
DECISION_DATE = DateWindow(_("Decision date"), 30 * YEAR, timedelta(days=31))
HIRE_DATE = DateWindow(
    _("Hire date"), None, timedelta(days=366), after="referral_date", after_label=_("the referral date")
)
FOLLOW_UP_DATE = DateWindow(
    _("Follow-up date"), None, timedelta(days=31), after="hire_date", after_label=_("the hire date")
)

# Commissioning of a service: the period of the order and its contract, the volume and the price per unit.
SERVICE_START = DateWindow(_("Service start date"), YEAR, 3 * YEAR)
SERVICE_END = DateWindow(
    _("Service end date"), YEAR, 6 * YEAR, after="period_start", after_label=_("the service start date")
)
SERVICE_VOLUME = Quantity(_("Volume"), Decimal("0.01"), Decimal("10000000"), _("units"), decimals=2)
UNIT_PRICE = Quantity(_("Price per unit"), Decimal("0.01"), Decimal("100000"), _("PLN"), decimals=2)

# The delivery of a commissioned service in one period of its contract (delivery reports).
DELIVERED_UNITS = Quantity(_("Units delivered"), ZERO, Decimal("1000000"), _("units"), decimals=2)
PEOPLE_SERVED = Quantity(_("People served"), 0, 100000, _("people"))
STAFF_ASSIGNED = Quantity(_("Staff assigned"), 0, 10000, _("people"))
COMPLAINTS = Quantity(_("Complaints"), 0, 10000, _("complaints"))
SATISFACTION = Quantity(_("Satisfaction"), Decimal("1"), Decimal("5"), _("points"), decimals=2)
INDICATOR_VALUE = Quantity(_("Indicator value"), ZERO, Decimal("1000000"), "", decimals=2)
DRIFT_THRESHOLD = Quantity(_("Threshold"), Decimal("1"), Decimal("100"), "%", decimals=2)
# Readiness of a provider: the assessor's visit, the validity of the decision and the due date of its conditions.
VISIT_DATE = DateWindow(_("Visit date"), YEAR, timedelta(days=0))
VALID_UNTIL = DateWindow(
    _("Valid until"), 3 * YEAR, 5 * YEAR, after="valid_from", after_label=_("the start of validity")
)
CONDITIONS_DUE = DateWindow(
    _("Conditions due"), 3 * YEAR, 2 * YEAR, after="valid_from", after_label=_("the start of validity")
)
# Offers and cooperation agreements (agreements); the start of a readiness decision's validity too.
OFFER_CAPACITY = Quantity(_("Capacity"), 1, 100000, _("a year"))
VALID_FROM = DateWindow(_("Valid from"), 3 * YEAR, 2 * YEAR)
VALID_TO = DateWindow(
    _("Valid until"), 3 * YEAR, 10 * YEAR, after="valid_from", after_label=_("the start of the validity")
)
REVIEW_DATE = DateWindow(
    _("Review date"), 3 * YEAR, 10 * YEAR, after="valid_from", after_label=_("the start of the validity")
)
OBLIGATION_DUE = DateWindow(_("Due date"), 3 * YEAR, 10 * YEAR)
