"""Reads of the benefits app, scoped to the CIS where the user is staff."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, F, OuterRef, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.roles import Role
from kooperacja.audit.reads import shows_personal_data
from kooperacja.benefits.models import BenefitLine, BenefitMonth, MonthState
from kooperacja.registry import selectors as registry
from kooperacja.registry.models import Organisation, OrganisationKind

NAME_FIELDS = ("first_name", "last_name")


def benefit_organisation_ids(user) -> frozenset[int]:
    """The CIS where the user is staff (who computes and pays the benefit)."""
    return actor_of(user).organisations_with(Role.PZS_STAFF, kinds=(OrganisationKind.CIS,))


def benefit_organisations_for(user) -> list[Organisation]:
    return list(registry.organisations(ids=benefit_organisation_ids(user)).order_by("name"))


def benefit_month_list(*, user, organisation_id: int | None = None):
    months = BenefitMonth.objects.filter(organisation_id__in=benefit_organisation_ids(user)).select_related(
        "organisation"
    )
    if organisation_id:
        months = months.filter(organisation_id=organisation_id)
    return months.order_by("-year", "-month", "-version", "id")


def benefit_month_get(*, user, public_id) -> BenefitMonth:
    found = benefit_month_list(user=user).select_related("corrects").filter(public_id=public_id).first()
    if found is None:
        raise Http404("benefit month")
    return found


def benefit_line_get(*, user, public_id) -> BenefitLine:
    found = (
        BenefitLine.objects.filter(
            public_id=public_id, benefit_month__organisation_id__in=benefit_organisation_ids(user)
        )
        .select_related("benefit_month", "benefit_month__organisation")
        .first()
    )
    if found is None:
        raise Http404("benefit line")
    return found


def _person_of(line) -> list:
    return [line.participation.person]


@shows_personal_data(purpose="integration benefit list", fields=NAME_FIELDS, persons=_person_of)
def benefit_lines_shown(*, user, benefit_month: BenefitMonth) -> list[BenefitLine]:
    """The lines of a month fetched by :func:`benefit_month_get`, with the participants' names (logged)."""
    return list(
        benefit_month.lines.select_related("participation", "participation__person").order_by(
            "participation__person__last_name", "participation__person__first_name", "id"
        )
    )


def benefit_month_timeline(*, benefit_month: BenefitMonth):
    return benefit_month.events.select_related("actor").order_by("at", "id")


@dataclass
class RefundRow:
    """What a CIS claims back from the starosta for one month: the paid version's totals."""

    month: BenefitMonth
    participants: int = 0
    benefits: Decimal = Decimal("0")
    bonuses: Decimal = Decimal("0")
    social_contributions: Decimal = Decimal("0")
    health_contributions: Decimal = Decimal("0")

    @property
    def refund(self) -> Decimal:
        return self.benefits + self.bonuses + self.social_contributions


@dataclass
class RefundSummary:
    rows: list[RefundRow] = field(default_factory=list)

    def total(self, name: str) -> Decimal:
        return sum((getattr(row, name) for row in self.rows), Decimal("0"))


def refund_summary(*, user, organisation_id: int, year: int) -> RefundSummary:
    """Per month of ``year``: the latest paid version of the CIS's list and its totals (benefits, motivation
    bonuses, social insurance contributions, and health insurance contributions shown apart)."""
    if organisation_id not in benefit_organisation_ids(user) and not user.is_superuser:
        raise Http404("organisation")
    latest: dict[int, BenefitMonth] = {}
    for month in BenefitMonth.objects.filter(organisation_id=organisation_id, year=year, state=MonthState.PAID):
        if month.month not in latest or month.version > latest[month.month].version:
            latest[month.month] = month
    totals: dict[int, RefundRow] = defaultdict(lambda: RefundRow(month=None))  # type: ignore[arg-type]
    for month_id, benefit, bonus, social, health in BenefitLine.objects.filter(
        benefit_month__in=list(latest.values())
    ).values_list("benefit_month_id", "benefit", "bonus", "social_contributions", "health_contribution"):
        row = totals[month_id]
        row.participants += 1
        row.benefits += benefit
        row.bonuses += bonus
        row.social_contributions += social
        row.health_contributions += health
    summary = RefundSummary()
    for number in sorted(latest):
        month = latest[number]
        row = totals.get(month.pk) or RefundRow(month=month)
        row.month = month
        summary.rows.append(row)
    return summary


# --- the year's paid benefits, for the yearly report of a CIS (read by reporting) -----------------------------


def paid_months_of_year(*, organisation_id: int, year: int):
    """The months of ``year`` paid by the CIS, each month's latest paid version only (a paid correction
    replaces the version it corrects; a correction still in draft does not), with its totals annotated
    (``participants``, ``benefits``, ``bonuses``, ``social``, ``health`` and their sum, ``total``). One query."""
    later_paid = BenefitMonth.objects.filter(
        organisation_id=OuterRef("organisation_id"),
        year=OuterRef("year"),
        month=OuterRef("month"),
        state=MonthState.PAID,
        version__gt=OuterRef("version"),
    )
    zero = Value(Decimal("0"), output_field=DecimalField(max_digits=12, decimal_places=2))
    return (
        BenefitMonth.objects.filter(organisation_id=organisation_id, year=year, state=MonthState.PAID)
        .filter(~Exists(later_paid))
        .annotate(
            participants=Count("lines"),
            benefits=Coalesce(Sum("lines__benefit"), zero),
            bonuses=Coalesce(Sum("lines__bonus"), zero),
            social=Coalesce(Sum("lines__social_contributions"), zero),
            health=Coalesce(Sum("lines__health_contribution"), zero),
        )
        .annotate(total=F("benefits") + F("bonuses") + F("social") + F("health"))
        .order_by("month")
    )


def paid_totals_of_year(*, organisation_id: int, year: int) -> dict:
    """The year's totals over :func:`paid_months_of_year`: months paid, integration benefits, motivation bonuses,
    social insurance contributions and health insurance contributions (two queries)."""
    latest = paid_months_of_year(organisation_id=organisation_id, year=year).values("pk")
    zero = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))
    totals = BenefitLine.objects.filter(benefit_month__in=latest).aggregate(
        benefits=Coalesce(Sum("benefit"), zero),
        bonuses=Coalesce(Sum("bonus"), zero),
        social=Coalesce(Sum("social_contributions"), zero),
        health=Coalesce(Sum("health_contribution"), zero),
    )
    totals["months"] = paid_months_of_year(organisation_id=organisation_id, year=year).count()
    return totals
