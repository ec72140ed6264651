"""The figures of a business plan: staff, costs and revenue for three years, sources of start-up funding.

Plain data in and out (no queries): the service validates a plan's figures with :func:`plan_figures_check` and
pages and PDFs show the totals of :func:`plan_totals`. Amounts are PLN with two decimal places.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

YEARS = (1, 2, 3)
CENT = Decimal("0.01")
# A bound on any one amount, so that a typing slip (an extra digit or three) is refused rather than summed.
MAX_AMOUNT = Decimal("100000000")
MAX_FTE = Decimal("10")
MAX_STAFF_ROWS = 12
# The Labour Fund grant for founding a social cooperative: up to six times the average wage per workplace.
LABOUR_FUND_MULTIPLE = 6


class CostCategory(models.TextChoices):
    WAGES = "wages", _("wages and contributions")
    PREMISES = "premises", _("premises and utilities")
    EQUIPMENT = "equipment", _("equipment")
    MATERIALS = "materials", _("materials and supplies")
    TRANSPORT = "transport", _("transport")
    SERVICES = "services", _("outside services (accounting, insurance)")
    OTHER = "other", _("other costs")


class RevenueCategory(models.TextChoices):
    PUBLIC_CONTRACTS = "public_contracts", _("public contracts and commissioned tasks")
    SALES = "sales", _("sales to private clients")
    SUBSIDIES = "subsidies", _("subsidies to wages and contributions")
    OTHER = "other", _("other revenue")


class FundingSource(models.TextChoices):
    LABOUR_FUND = "labour_fund", _("Labour Fund grant")
    PFRON = "pfron", _("PFRON")
    EU = "eu", _("EU funds")
    OWN = "own", _("own contribution")
    LOAN = "loan", _("loan")
    OTHER = "other", _("other")


@dataclass(frozen=True)
class StaffRow:
    position: str
    fte: Decimal
    monthly_pay: Decimal

    @property
    def yearly_cost(self) -> Decimal:
        return (self.fte * self.monthly_pay * 12).quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class PlanTotals:
    costs_by_year: dict[int, Decimal]
    revenue_by_year: dict[int, Decimal]
    result_by_year: dict[int, Decimal]
    costs_total: Decimal
    revenue_total: Decimal
    funding_total: Decimal
    staff_fte: Decimal
    staff_yearly_pay: Decimal
    labour_fund_limit: Decimal | None


def amount_of(value: Any) -> Decimal | None:
    """A PLN amount from a form or a stored plan, or None when it is not a number."""
    if value in (None, ""):
        return Decimal("0.00")
    try:
        number = Decimal(str(value).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return number.quantize(CENT, ROUND_HALF_UP)


def lines_check(
    lines: Mapping[str, Any], categories: Sequence[str], *, field: str, errors: dict[str, list[str]]
) -> dict[str, list[str]]:
    """``{category: [year 1, year 2, year 3]}`` with every amount a number from 0 up to the bound; the lines
    cleaned to strings of two decimals, unknown categories refused."""
    cleaned: dict[str, list[str]] = {}
    for category, amounts in lines.items():
        if category not in categories:
            errors.setdefault(field, []).append(str(_("Unknown category “%(category)s”.") % {"category": category}))
            continue
        if not isinstance(amounts, (list, tuple)) or len(amounts) != len(YEARS):
            errors.setdefault(field, []).append(str(_("Give an amount for each of the years 1–3.")))
            continue
        row = []
        for year, value in zip(YEARS, amounts, strict=True):
            amount = amount_of(value)
            if amount is None or amount < 0 or amount > MAX_AMOUNT:
                errors.setdefault(field, []).append(
                    str(
                        _("Year %(year)s, %(category)s: enter an amount from 0 to 100,000,000 PLN.")
                        % {"year": year, "category": dict(_category_labels(field)).get(category, category)}
                    )
                )
                amount = Decimal("0.00")
            row.append(str(amount))
        cleaned[category] = row
    return cleaned


def _category_labels(field: str):
    return CostCategory.choices if field == "costs" else RevenueCategory.choices


def staff_check(rows: Sequence[Mapping[str, Any]], *, errors: dict[str, list[str]]) -> list[dict[str, str]]:
    cleaned: list[dict[str, str]] = []
    if len(rows) > MAX_STAFF_ROWS:
        errors.setdefault("staff", []).append(str(_("List at most %(count)s positions.") % {"count": MAX_STAFF_ROWS}))
        rows = rows[:MAX_STAFF_ROWS]
    for number, row in enumerate(rows, start=1):
        position = str(row.get("position") or "").strip()[:120]
        fte = amount_of(row.get("fte"))
        pay = amount_of(row.get("monthly_pay"))
        if not position:
            errors.setdefault("staff", []).append(str(_("Row %(row)s: name the position.") % {"row": number}))
        if fte is None or fte <= 0 or fte > MAX_FTE:
            errors.setdefault("staff", []).append(
                str(_("Row %(row)s: the FTE must be more than 0 and at most 10.") % {"row": number})
            )
            fte = Decimal("0.00")
        if pay is None or pay < 0 or pay > MAX_AMOUNT:
            errors.setdefault("staff", []).append(
                str(_("Row %(row)s: enter a monthly pay of 0 PLN or more.") % {"row": number})
            )
            pay = Decimal("0.00")
        cleaned.append({"position": position, "fte": str(fte), "monthly_pay": str(pay)})
    return cleaned


def funding_check(
    funding: Mapping[str, Any],
    *,
    workplaces: int,
    average_wage: Decimal | None,
    errors: dict[str, list[str]],
) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for source, value in funding.items():
        if source not in FundingSource.values:
            errors.setdefault("funding", []).append(str(_("Unknown source “%(source)s”.") % {"source": source}))
            continue
        amount = amount_of(value)
        if amount is None or amount < 0 or amount > MAX_AMOUNT:
            errors.setdefault("funding", []).append(
                str(
                    _("%(source)s: enter an amount from 0 to 100,000,000 PLN.")
                    % {"source": FundingSource(source).label}
                )
            )
            continue
        cleaned[source] = str(amount)
    grant = Decimal(cleaned.get(FundingSource.LABOUR_FUND, "0"))
    if grant > 0:
        if workplaces < 1:
            errors.setdefault("labour_fund_workplaces", []).append(
                str(_("A Labour Fund grant is given per workplace: enter the number of workplaces it creates."))
            )
        elif average_wage is None or average_wage <= 0:
            errors.setdefault("average_wage", []).append(
                str(_("Enter the average wage the Labour Fund grant is calculated from."))
            )
        else:
            limit = labour_fund_limit(workplaces, average_wage)
            if grant > limit:
                errors.setdefault("funding", []).append(
                    str(
                        _(
                            "The Labour Fund grant may be at most 6 × the average wage per workplace: "
                            "%(limit)s PLN for %(workplaces)s workplaces."
                        )
                        % {"limit": limit, "workplaces": workplaces}
                    )
                )
    return cleaned


def labour_fund_limit(workplaces: int, average_wage: Decimal) -> Decimal:
    return (Decimal(LABOUR_FUND_MULTIPLE) * average_wage * workplaces).quantize(CENT, ROUND_HALF_UP)


def _year_sums(lines: Mapping[str, Sequence[Any]]) -> dict[int, Decimal]:
    sums = {year: Decimal("0.00") for year in YEARS}
    for amounts in lines.values():
        for year, value in zip(YEARS, amounts, strict=False):
            sums[year] += amount_of(value) or Decimal("0.00")
    return sums


def plan_totals(
    *,
    staff: Sequence[Mapping[str, Any]],
    costs: Mapping[str, Sequence[Any]],
    revenue: Mapping[str, Sequence[Any]],
    funding: Mapping[str, Any],
    workplaces: int,
    average_wage: Decimal | None,
) -> PlanTotals:
    costs_by_year = _year_sums(costs)
    revenue_by_year = _year_sums(revenue)
    rows = [
        StaffRow(
            str(row.get("position", "")),
            amount_of(row.get("fte")) or Decimal(0),
            amount_of(row.get("monthly_pay")) or Decimal(0),
        )
        for row in staff
    ]
    return PlanTotals(
        costs_by_year=costs_by_year,
        revenue_by_year=revenue_by_year,
        result_by_year={year: revenue_by_year[year] - costs_by_year[year] for year in YEARS},
        costs_total=sum(costs_by_year.values(), Decimal("0.00")),
        revenue_total=sum(revenue_by_year.values(), Decimal("0.00")),
        funding_total=sum((amount_of(value) or Decimal(0) for value in funding.values()), Decimal("0.00")),
        staff_fte=sum((row.fte for row in rows), Decimal("0.00")),
        staff_yearly_pay=sum((row.yearly_cost for row in rows), Decimal("0.00")),
        labour_fund_limit=labour_fund_limit(workplaces, average_wage) if workplaces and average_wage else None,
    )
