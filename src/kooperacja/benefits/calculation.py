"""The integration benefit of one participant in one month, step by step, from the dated statutory parameters and
the daily attendance. Pure arithmetic: :mod:`services` reads the inputs and writes the result.

Every step is kept (code, value, note) so that the list shows how each amount was reached; where the rule is
assumed, the note carries the parameter's assumption.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from kooperacja.law import parameters as statutory
from kooperacja.law.models import StatutoryParameter

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _easter(year: int) -> date:
    """Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[date]:
    """Days free from work in Poland (ustawa z 18.01.1951 o dniach wolnych od pracy); 24 December since 2025."""
    easter = _easter(year)
    fixed = [(1, 1), (1, 6), (5, 1), (5, 3), (8, 15), (11, 1), (11, 11), (12, 25), (12, 26)]
    if year >= 2025:
        fixed.append((12, 24))
    days = {date(year, month, day) for month, day in fixed}
    days |= {easter + timedelta(days=1), easter + timedelta(days=60)}
    return frozenset(days)


def working_days(first: date, last: date) -> list[date]:
    """Monday to Friday, public holidays excepted."""
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5 and day not in public_holidays(day.year):
            days.append(day)
        day += timedelta(days=1)
    return days


def month_bounds(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return first, last


ParameterGet = Callable[[str, date], StatutoryParameter | None]


class MissingParameter(LookupError):
    def __init__(self, code: str, day: date):
        super().__init__(code)
        self.code, self.day = code, day


@dataclass
class LineInput:
    period: tuple[date, date]
    trial: tuple[date, date] | None
    days: dict[date, tuple[str, Decimal]]
    days_off_before: int
    bonus: Decimal = Decimal("0")


@dataclass
class LineResult:
    base_amount: Decimal
    rate_pct: Decimal
    full_amount: Decimal
    working_days: int
    stay_days: int
    days_present: int
    unrecorded_days: int
    deductions: Decimal
    benefit: Decimal
    bonus: Decimal
    bonus_max: Decimal
    social_contributions: Decimal
    health_contribution: Decimal
    to_pay: Decimal
    steps: list[dict] = field(default_factory=list)


def compute_line(year: int, month: int, data: LineInput, get: ParameterGet) -> LineResult:
    first, last = month_bounds(year, month)
    used: dict[str, StatutoryParameter] = {}

    def value(code: str) -> Decimal:
        parameter = get(code, first)
        if parameter is None:
            raise MissingParameter(code, first)
        used[code] = parameter
        return parameter.value

    steps: list[dict] = []

    def step(code: str, amount, parameter: str = "", **extra) -> None:
        found = used.get(parameter)
        note = ""
        if found is not None:
            note = found.legal_basis + (f" Założenie: {found.assumption}" if found.assumption else "")
        steps.append({"code": code, "value": str(amount), "note": note, **extra})

    base = value(statutory.UNEMPLOYMENT_BENEFIT_BASE)
    step("base", base, statutory.UNEMPLOYMENT_BENEFIT_BASE)
    regular_pct = value(statutory.CIS_BENEFIT_PCT_REGULAR)
    trial_pct = value(statutory.CIS_BENEFIT_PCT_TRIAL)
    full = cents(base * regular_pct / HUNDRED)
    step("rate", regular_pct, statutory.CIS_BENEFIT_PCT_REGULAR)
    if data.trial is not None and trial_pct != regular_pct:
        step("trial_rate", trial_pct, statutory.CIS_BENEFIT_PCT_TRIAL)
    step("full", full)
    month_days = working_days(first, last)
    start, end = data.period
    stay = [day for day in month_days if start <= day <= end]
    step("working_days", len(month_days))
    step("stay_days", len(stay))
    counts = {"present": 0, "excused": 0, "unexcused": 0, "sick": 0, "day_off": 0, "none": 0}
    entitled = Decimal("0")
    for day in stay:
        in_trial = data.trial is not None and data.trial[0] <= day <= data.trial[1]
        entitled += base * (trial_pct if in_trial else regular_pct) / HUNDRED / len(month_days)
        kind = data.days.get(day, ("none", Decimal("0")))[0]
        counts[kind] = counts.get(kind, 0) + 1
    entitled = cents(entitled)
    step("entitled", entitled)
    for kind in ("present", "excused", "unexcused", "sick", "day_off", "none"):
        step(f"days_{kind}", counts[kind])
    daily = full / len(month_days) if month_days else Decimal("0")
    days_off_limit = int(value(statutory.DAYS_OFF_FULL_BENEFIT))
    allowed = max(0, days_off_limit - data.days_off_before)
    over = max(0, counts["day_off"] - allowed)
    step(
        "days_off_year", data.days_off_before + counts["day_off"], statutory.DAYS_OFF_FULL_BENEFIT, limit=days_off_limit
    )
    unexcused_pct = value(statutory.CIS_UNEXCUSED_ABSENCE_DEDUCTION_PCT)
    unexcused = cents(daily * (counts["unexcused"] + over) * unexcused_pct / HUNDRED)
    step("deduct_unexcused", unexcused, statutory.CIS_UNEXCUSED_ABSENCE_DEDUCTION_PCT, days=counts["unexcused"] + over)
    sick_pct = value(statutory.CIS_SICK_LEAVE_DEDUCTION_PCT)
    sick = cents(full * sick_pct / HUNDRED * counts["sick"])
    step("deduct_sick", sick, statutory.CIS_SICK_LEAVE_DEDUCTION_PCT, days=counts["sick"])
    deductions = min(entitled, unexcused + sick)
    benefit = entitled - deductions
    step("benefit", benefit)
    bonus_max = cents(full * value(statutory.CIS_MOTIVATION_BONUS_MAX_PCT) / HUNDRED)
    bonus = min(data.bonus, bonus_max)
    step("bonus", bonus, statutory.CIS_MOTIVATION_BONUS_MAX_PCT, ceiling=str(bonus_max))
    basis = benefit + bonus
    social = Decimal("0")
    for code, name in (
        (statutory.CIS_PENSION_CONTRIBUTION_PCT, "pension"),
        (statutory.CIS_DISABILITY_CONTRIBUTION_PCT, "disability"),
        (statutory.CIS_ACCIDENT_CONTRIBUTION_PCT, "accident"),
    ):
        amount = cents(basis * value(code) / HUNDRED)
        social += amount
        step(f"contribution_{name}", amount, code, pct=str(used[code].value))
    health = cents(basis * value(statutory.CIS_HEALTH_CONTRIBUTION_PCT) / HUNDRED)
    step(
        "contribution_health",
        health,
        statutory.CIS_HEALTH_CONTRIBUTION_PCT,
        pct=str(used[statutory.CIS_HEALTH_CONTRIBUTION_PCT].value),
    )
    to_pay = benefit + bonus
    step("to_pay", to_pay)
    return LineResult(
        base_amount=base,
        rate_pct=regular_pct,
        full_amount=full,
        working_days=len(month_days),
        stay_days=len(stay),
        days_present=counts["present"],
        unrecorded_days=counts["none"],
        deductions=deductions,
        benefit=benefit,
        bonus=bonus,
        bonus_max=bonus_max,
        social_contributions=social,
        health_contribution=health,
        to_pay=to_pay,
        steps=steps,
    )
