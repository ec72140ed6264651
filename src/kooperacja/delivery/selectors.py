"""What each user may see of delivery: reports, the contracts' figures, alerts and imports, scoped to the
organisations the user works for as provider or commissioner (administrators see all).

The monitoring pages read :class:`ContractDelivery` (one row per contract, indexed by each party), so a page costs
the same few queries with a whole voivodeship's reports as with a handful."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Case, Count, F, Q, QuerySet, Sum, When
from django.http import Http404

from kooperacja.catalogue.selectors import service_type_names
from kooperacja.commissioning import delivery_selectors as contracts
from kooperacja.delivery.models import (
    COUNTED,
    AlertStatus,
    ContractDelivery,
    DeliveryIndicatorValue,
    DeliveryReport,
    DriftAlert,
    DriftRule,
    ReportImport,
)
from kooperacja.delivery.rules import commissioner_organisation_ids, provider_organisation_ids
from kooperacja.registry import selectors as registry
from kooperacja.territory import selectors as territory

REPORT_SORTS = {
    "newest": ("-period_start", "-revision", "-id"),
    "oldest": ("period_start", "revision", "id"),
    "status": ("status", "-period_start", "-id"),
}
MONITORING_SORTS = {
    "contract": ("-contract_id",),
    "shortfall": ("share", "-contract_id"),
    "alerts": ("-open_alerts", "-contract_id"),
    "delivered": ("-units_delivered", "-contract_id"),
}


def _is_admin(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def _party_filter(user, prefix: str = "") -> Q | None:
    """Rows the user's organisations are party to (None: all, for an administrator)."""
    if _is_admin(user):
        return None
    return Q(**{f"{prefix}provider_id__in": provider_organisation_ids(user)}) | Q(
        **{f"{prefix}commissioner_id__in": commissioner_organisation_ids(user)}
    )


def _scoped(rows: QuerySet, user) -> QuerySet:
    found = _party_filter(user)
    return rows if found is None else rows.filter(found)


# --- reports --------------------------------------------------------------------------------------------


def report_list_for(*, user, status: str | None = None, contract_id: int | None = None, sort: str | None = None):
    rows = _scoped(DeliveryReport.objects.all(), user).select_related("provider", "commissioner")
    if status:
        rows = rows.filter(status=status)
    if contract_id is not None:
        rows = rows.filter(contract_id=contract_id)
    return rows.order_by(*REPORT_SORTS.get(sort or "newest", REPORT_SORTS["newest"]))


def report_get_for(*, user, public_id) -> DeliveryReport:
    report = (
        _scoped(DeliveryReport.objects.all(), user)
        .select_related("contract", "provider", "commissioner", "replaces")
        .filter(public_id=public_id)
        .first()
    )
    if report is None:
        raise Http404
    return report


def report_versions(*, report: DeliveryReport) -> list[DeliveryReport]:
    return list(DeliveryReport.objects.filter(period_id=report.period_id).order_by("-revision"))


def indicator_values(*, report: DeliveryReport) -> list[DeliveryIndicatorValue]:
    return list(
        DeliveryIndicatorValue.objects.filter(report=report).select_related("indicator").order_by("indicator__order")
    )


# --- contracts ------------------------------------------------------------------------------------------


def monitoring_for(
    *, user, municipality: str | None = None, service_type: int | None = None, sort: str | None = None
) -> QuerySet:
    """The contracts' figures the user may see (a provider its own, a commissioner those it commissioned)."""
    rows = _scoped(ContractDelivery.objects.all(), user).select_related(
        "contract", "provider", "commissioner", "municipality", "service_type__current_version"
    )
    if municipality:
        rows = rows.filter(municipality_id=municipality)
    if service_type:
        rows = rows.filter(service_type_id=service_type)
    if sort == "shortfall":
        rows = rows.annotate(
            share=Case(When(planned_reported=0, then=None), default=F("units_delivered") / F("planned_reported"))
        )
    return rows.order_by(*MONITORING_SORTS.get(sort or "contract", MONITORING_SORTS["contract"]))


@dataclass(frozen=True)
class Totals:
    key: str
    label: str
    contracts: int
    planned_total: Decimal
    planned_reported: Decimal
    units_delivered: Decimal
    people_served: int
    complaints: int
    open_alerts: int

    @property
    def delivered_share(self) -> Decimal | None:
        if not self.planned_reported:
            return None
        return (self.units_delivered * 100 / self.planned_reported).quantize(Decimal("0.1"))


def _totals(rows: QuerySet, key: str, label: str | None, labels: dict | None = None) -> list[Totals]:
    fields = (key, label) if label else (key,)
    return [
        Totals(
            key=str(row[key]),
            label=row[label] if label else str((labels or {}).get(row[key], row[key])),
            contracts=row["n"],
            planned_total=row["planned_total_sum"] or Decimal(0),
            planned_reported=row["planned_reported_sum"] or Decimal(0),
            units_delivered=row["units_sum"] or Decimal(0),
            people_served=row["people_sum"] or 0,
            complaints=row["complaints_sum"] or 0,
            open_alerts=row["alerts_sum"] or 0,
        )
        for row in rows.values(*fields)
        .annotate(
            n=Count("contract_id"),
            planned_total_sum=Sum("planned_total"),
            planned_reported_sum=Sum("planned_reported"),
            units_sum=Sum("units_delivered"),
            people_sum=Sum("people_served"),
            complaints_sum=Sum("complaints"),
            alerts_sum=Sum("open_alerts"),
        )
        .order_by(*fields)[:500]
    ]


def totals_by_service(*, user, municipality: str | None = None) -> list[Totals]:
    """Plan against delivery per service (one GROUP BY over the contracts' figures)."""
    rows = _scoped(ContractDelivery.objects.all(), user)
    if municipality:
        rows = rows.filter(municipality_id=municipality)
    return _totals(rows, "service_type_id", None, dict(service_type_names()))


def totals_by_municipality(*, user, service_type: int | None = None) -> list[Totals]:
    rows = _scoped(ContractDelivery.objects.all(), user)
    if service_type:
        rows = rows.filter(service_type_id=service_type)
    return _totals(rows, "municipality_id", "municipality__name")


def municipalities_for(*, user) -> list[tuple[str, str]]:
    """The municipalities where the user's contracts are delivered (a filter's choices): distinct codes read
    from the index, then their names."""
    codes = list(
        _scoped(ContractDelivery.objects.all(), user)
        .order_by("municipality_id")
        .values_list("municipality_id", flat=True)
        .distinct()[:3000]
    )
    names = territory.unit_names(codes=codes)
    return sorted(((code, names.get(code, code)) for code in codes), key=lambda pair: pair[1])


def contract_get_for(*, user, public_id) -> contracts.ContractFacts:
    """A contract the user's organisation is party to (404 otherwise)."""
    facts = contracts.contract_find(public_id=public_id)
    if facts is None:
        raise Http404
    if not _is_admin(user) and not (
        facts.provider_id in provider_organisation_ids(user)
        or facts.commissioner_id in commissioner_organisation_ids(user)
    ):
        raise Http404
    return facts


@dataclass(frozen=True)
class PeriodRow:
    period: contracts.PeriodFacts
    current: DeliveryReport | None
    latest: DeliveryReport | None

    @property
    def counted(self) -> bool:
        return self.current is not None and self.current.status in COUNTED


def contract_periods(*, facts: contracts.ContractFacts) -> list[PeriodRow]:
    """The contract's schedule with the report of each period (the one that counts and the newest version)."""
    reports = list(DeliveryReport.objects.filter(contract_id=facts.pk).order_by("period_id", "revision"))
    current = {report.period_id: report for report in reports if report.is_current}
    latest = {report.period_id: report for report in reports}
    return [
        PeriodRow(period, current.get(period.pk), latest.get(period.pk))
        for period in contracts.periods_of(contract_id=facts.pk)
    ]


def contract_summary(*, facts: contracts.ContractFacts) -> ContractDelivery | None:
    return ContractDelivery.objects.filter(contract_id=facts.pk).first()


def rule_of(*, contract_id: int) -> DriftRule | None:
    return DriftRule.objects.filter(contract_id=contract_id).first()


def indicator_averages(*, facts: contracts.ContractFacts) -> list[tuple[str, str, Decimal | None, int]]:
    """Each quality indicator of the card with the mean of its values in the counted reports."""
    indicators = contracts.indicators_of(card_version_id=facts.card_version_id)
    found = {
        row["indicator_id"]: row
        for row in DeliveryIndicatorValue.objects.filter(
            report__contract_id=facts.pk, report__is_current=True, report__status__in=COUNTED
        )
        .values("indicator_id")
        .annotate(mean=Avg("value"), n=Count("id"))
        .order_by()
    }
    result = []
    for indicator in indicators:
        row = found.get(indicator.pk, {})
        mean = row.get("mean")
        result.append(
            (
                indicator.name,
                indicator.unit,
                Decimal(mean).quantize(Decimal("0.01")) if mean is not None else None,
                row.get("n", 0),
            )
        )
    return result


# --- alerts and imports ----------------------------------------------------------------------------------


def alert_list_for(*, user, status: str | None = None) -> QuerySet:
    rows = _scoped(DriftAlert.objects.all(), user).select_related("provider", "commissioner")
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at", "-id")


def alert_get_for(*, user, public_id) -> DriftAlert:
    alert = (
        _scoped(DriftAlert.objects.all(), user)
        .select_related("provider", "commissioner")
        .filter(public_id=public_id)
        .first()
    )
    if alert is None:
        raise Http404
    return alert


def open_alerts_for(*, user) -> QuerySet:
    """Alerts waiting for the user as commissioner."""
    return DriftAlert.objects.filter(
        commissioner_id__in=commissioner_organisation_ids(user), status=AlertStatus.OPEN
    ).order_by("-created_at")


def reports_to_decide_for(*, user) -> QuerySet:
    return DeliveryReport.objects.filter(
        commissioner_id__in=commissioner_organisation_ids(user), status="submitted"
    ).order_by("period_start")


def reports_returned_for(*, user) -> QuerySet:
    return DeliveryReport.objects.filter(provider_id__in=provider_organisation_ids(user), status="returned").order_by(
        "period_start"
    )


def import_list_for(*, user) -> QuerySet:
    rows = ReportImport.objects.select_related("provider").defer("content_encrypted")
    if not _is_admin(user):
        rows = rows.filter(provider_id__in=provider_organisation_ids(user))
    return rows.order_by("-created_at", "-id")


def import_get_for(*, user, public_id) -> ReportImport:
    job = import_list_for(user=user).filter(public_id=public_id).first()
    if job is None:
        raise Http404
    return job


def providers_for(*, user) -> list:
    """The organisations the user reports for (the import's and the form's choice)."""
    return list(registry.organisations(ids=provider_organisation_ids(user)).order_by("name"))
