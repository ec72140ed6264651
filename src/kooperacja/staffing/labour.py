"""Labour law a staffing need must respect: the minimum wage in force on its start date (pro rata for part
time) and the Labour Code's weekly standard of hours (a need above it is accepted, but flagged).

Both are dated statutory parameters (``law``); :class:`LabourLaw` reads them once (one query) so that a page
of needs or an import of many rows asks the database once, not once per need.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from kooperacja.core.errors import FieldErrors
from kooperacja.core.text import short_date
from kooperacja.law.parameters import MINIMUM_MONTHLY_WAGE, STANDARD_WEEKLY_HOURS
from kooperacja.law.selectors import statutory_parameter_list

FULL_TIME = "full_time"
PAY_FIELDS = ("pay_min", "pay_max")
MISSING_MESSAGE = _("No statutory value covers %(date)s; the statutory parameters must be loaded first.")


@dataclass(frozen=True)
class Rule:
    """One statutory value with the day it entered into force and what is assumed about it."""

    value: Decimal
    valid_from: date
    assumption: str


def money(value: Decimal) -> str:
    """An amount as it reads in the active language (4 806,00 in Polish)."""
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


class LabourLaw:
    """The minimum wage and the weekly standard of hours on any date, from one read of the parameters."""

    def __init__(self) -> None:
        self._periods: dict[str, list[tuple[date, date | None, Rule]]] = {}
        rows = (
            statutory_parameter_list()
            .filter(code__in=(MINIMUM_MONTHLY_WAGE, STANDARD_WEEKLY_HOURS))
            .order_by("code", "-valid_from")
            .values_list("code", "valid_from", "valid_to", "value", "assumption")
        )
        for code, valid_from, valid_to, value, assumption in rows:
            self._periods.setdefault(code, []).append((valid_from, valid_to, Rule(value, valid_from, assumption)))

    def rule(self, code: str, on_date: date) -> Rule | None:
        for valid_from, valid_to, rule in self._periods.get(code, ()):  # the latest start first
            if valid_from <= on_date and (valid_to is None or valid_to >= on_date):
                return rule
        return None

    def minimum_wage(self, on_date: date) -> Rule | None:
        return self.rule(MINIMUM_MONTHLY_WAGE, on_date)

    def standard_hours(self, on_date: date) -> Rule | None:
        return self.rule(STANDARD_WEEKLY_HOURS, on_date)

    def over_standard(self, hours: int | None, on_date: date | None) -> bool:
        """Are ``hours`` a week above the Labour Code's standard in force on ``on_date``?"""
        if not hours or on_date is None:
            return False
        standard = self.standard_hours(on_date)
        return standard is not None and hours > standard.value

    def pay_floor(self, *, hours: int | None, on_date: date) -> Decimal | None:
        """The lowest monthly gross pay for ``hours`` a week (None: full time) on ``on_date``: the minimum wage,
        pro rata below the weekly standard (art. 6 ust. 2 of the act on the minimum wage). Hours above the
        standard are overtime, paid on top of the pay for the standard: the floor stays the full minimum.
        None when a parameter is missing."""
        minimum, standard = self.minimum_wage(on_date), self.standard_hours(on_date)
        if minimum is None or standard is None:
            return None
        if hours is None or hours >= standard.value:
            return minimum.value
        return (minimum.value * Decimal(hours) / standard.value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def check_pay(self, values: dict[str, Any], errors: FieldErrors) -> None:
        """Refuse an offer below the minimum wage on the planned start (``values`` by field name: pay_min,
        pay_max, working_time, hours_per_week, start_date). The lower end of the range offered is checked; a
        field with an error already is not checked again."""
        offered = [(name, Decimal(values[name])) for name in PAY_FIELDS if values.get(name) is not None]
        start, hours, working_time = values.get("start_date"), values.get("hours_per_week"), values.get("working_time")
        if not offered or start is None or any(name in errors for name in (*PAY_FIELDS, "start_date")):
            return
        if "hours_per_week" in errors or "working_time" in errors:
            return
        if hours is None and working_time and working_time != FULL_TIME:
            errors.add(
                "hours_per_week",
                _("Give the hours per week: the minimum wage for part-time or flexible work is counted from them."),
                code="hours_for_minimum_wage",
            )
            return
        field, pay = offered[0]  # pay_min when given, else pay_max
        minimum = self.minimum_wage(start)
        floor = self.pay_floor(hours=hours, on_date=start)
        if minimum is None or floor is None:
            errors.add(field, MISSING_MESSAGE, code="no_statutory_value", params={"date": short_date(start)})
            return
        if pay >= floor:
            return
        params = {
            "pay": money(pay),
            "minimum": money(minimum.value),
            "since": short_date(minimum.valid_from),
            "start": short_date(start),
            "floor": money(floor),
            "hours": hours,
        }
        if floor == minimum.value:
            message = _(
                "The pay offered, %(pay)s zł, is below the minimum wage on the planned start (%(start)s): "
                "%(minimum)s zł gross a month, in force since %(since)s."
            )
        else:
            message = _(
                "The pay offered, %(pay)s zł, is below the minimum wage for %(hours)s h a week on the planned start "
                "(%(start)s): %(floor)s zł gross a month (the minimum of %(minimum)s zł for full time, in force "
                "since %(since)s, pro rata)."
            )
        errors.add(field, message, code="below_minimum_wage", params=params)
