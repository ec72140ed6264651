"""Delivery reports, their moves, corrections, the commissioner's threshold and drift alerts.

Every write that changes what counts as delivered recomputes the contract's :class:`ContractDelivery` row in the
same transaction (:func:`summary_refresh`, one aggregate query), and every submitted report is compared with the
contract's threshold (:func:`drift_check`)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Max, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kooperacja.accounts.selectors import users_with_roles_in
from kooperacja.commissioning import delivery_selectors as contracts
from kooperacja.core import bulk, plausible
from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.core.fsm import transition
from kooperacja.delivery.models import (
    ALERT_MACHINE,
    COUNTED,
    EDITABLE,
    REPORT_MACHINE,
    AlertStatus,
    ContractDelivery,
    DeliveryIndicatorValue,
    DeliveryReport,
    DeliveryReportEvent,
    DriftAlert,
    DriftAlertEvent,
    DriftBasis,
    DriftRule,
    ReportStatus,
)
from kooperacja.delivery.rules import COMMISSIONER_ROLES, PROVIDER_ROLES
from kooperacja.notifications.services import notify

FIGURES = ("units_delivered", "people_served", "staff_assigned", "complaints", "satisfaction")
RANGES = {
    "units_delivered": plausible.DELIVERED_UNITS,
    "people_served": plausible.PEOPLE_SERVED,
    "staff_assigned": plausible.STAFF_ASSIGNED,
    "complaints": plausible.COMPLAINTS,
    "satisfaction": plausible.SATISFACTION,
}
REQUIRED = ("units_delivered", "people_served", "staff_assigned")
STALE = _("Someone else changed this record in the meantime. Reload the page and try again.")


def closed_period_message(facts, period=None, *, today: date | None = None) -> str | None:
    """Why no report may be made for ``period`` of the contract ``facts`` now (None when one may)."""
    today = today or timezone.localdate()
    if facts.status in contracts.CLOSED_STATUSES:
        return _("The contract is %(status)s: its periods take no delivery reports.") % {"status": facts.status_label}
    if period is not None and period.start > today:
        return _("The period starts on %(date)s: report it once it has begun.") % {"date": period.start}
    return None


def figures_checked(data: dict, *, indicators: list | None = None) -> tuple[dict, dict[int, Decimal]]:
    """The report's figures and indicator values (``indicator_<id>`` keys), every field error raised at once."""
    errors = FieldErrors()
    for name in REQUIRED:
        if data.get(name) in (None, ""):
            errors.add(name, _("This value is required."), code="required")
    plausible.check(errors, {name: (RANGES[name], data.get(name)) for name in FIGURES})
    values: dict[int, Decimal] = {}
    for indicator in indicators or []:
        key = f"indicator_{indicator.pk}"
        value = data.get(key)
        if value in (None, ""):
            continue
        problem = plausible.INDICATOR_VALUE.named(indicator.name).problem(value)
        if problem is not None:
            errors.add(key, problem.message, code="out_of_range")
        else:
            values[indicator.pk] = Decimal(str(value))
    errors.raise_if_any()
    figures = {name: data.get(name) for name in FIGURES}
    figures["complaints"] = figures["complaints"] or 0
    figures["note"] = (data.get("note") or "").strip()[:2000]
    return figures, values


def _require(actor: User | None, permission: str, record) -> None:
    if actor is not None and not actor.has_perm(permission, record):
        raise PermissionDenied


def report_create(*, actor: User | None, contract_id: int, period_id: int, data: dict) -> DeliveryReport:
    """A draft report of a period of the contract (the provider's); refused for a closed period or one that has
    a report already (a correction of an accepted report is :func:`report_correct`)."""
    facts = contracts.contract_facts(contract_ids=[contract_id])[contract_id]
    period = contracts.period_of(contract_id=contract_id, period_id=period_id)
    if period is None:
        raise ValidationError({"period": _("Choose a period of the contract's schedule.")})
    probe = DeliveryReport(provider_id=facts.provider_id, commissioner_id=facts.commissioner_id)
    _require(actor, "delivery.submit_report", probe)
    closed = closed_period_message(facts, period)
    if closed:
        raise ValidationError({"period": closed})
    indicators = contracts.indicators_of(card_version_id=facts.card_version_id)
    figures, values = figures_checked(data, indicators=indicators)
    with transaction.atomic():
        contracts.lock_period(period_id=period.pk)
        if DeliveryReport.objects.filter(period_id=period.pk).exists():
            raise ValidationError(
                {"period": _("This period has a report already; open it (an accepted one may be corrected).")}
            )
        report = DeliveryReport.objects.create(
            contract_id=contract_id,
            period_id=period.pk,
            provider_id=facts.provider_id,
            commissioner_id=facts.commissioner_id,
            period_start=period.start,
            period_end=period.end,
            planned_units=period.planned_units,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            **figures,
        )
        _indicators_write(report, values)
    return report


def _indicators_write(report: DeliveryReport, values: dict[int, Decimal]) -> None:
    DeliveryIndicatorValue.objects.filter(report=report).delete()
    DeliveryIndicatorValue.objects.bulk_create(
        DeliveryIndicatorValue(report=report, indicator_id=pk, value=value) for pk, value in values.items()
    )


def report_update(*, actor: User | None, report: DeliveryReport, data: dict, expected_version: int) -> DeliveryReport:
    """Change the figures of a draft or returned report (refused when someone changed it since it was read)."""
    _require(actor, "delivery.submit_report", report)
    facts = contracts.contract_facts(contract_ids=[report.contract_id])[report.contract_id]
    indicators = contracts.indicators_of(card_version_id=facts.card_version_id)
    figures, values = figures_checked(data, indicators=indicators)
    with transaction.atomic():
        locked = DeliveryReport.objects.select_for_update().get(pk=report.pk)
        if locked.version != expected_version:
            raise ConflictError(STALE)
        if locked.status not in EDITABLE:
            raise ValidationError(_("Only a draft or a returned report can be changed."))
        closed = closed_period_message(
            facts, contracts.period_of(contract_id=report.contract_id, period_id=report.period_id)
        )
        if closed:
            raise ValidationError({"period": closed})
        for name, value in figures.items():
            setattr(locked, name, value)
        locked.version += 1
        locked.save()
        _indicators_write(locked, values)
    return locked


def _move(report: DeliveryReport, *, actor, target: str, note: str = "", **updates) -> DeliveryReport:
    with transaction.atomic():
        locked = DeliveryReport.objects.select_for_update().get(pk=report.pk)
        if locked.status == target:  # a double submit: the first one did it
            return locked
        transition(
            locked,
            machine=REPORT_MACHINE,
            target=target,
            actor=actor,
            event_model=DeliveryReportEvent,
            note=note[:500],
            report=locked,
            extra_updates={"version": locked.version + 1, **updates},
        )
        return locked


def report_submit(*, actor: User | None, report: DeliveryReport) -> DeliveryReport:
    """The provider submits the report: it counts as delivered, the commissioner is told, the threshold is checked."""
    facts = contracts.contract_facts(contract_ids=[report.contract_id])[report.contract_id]
    period = contracts.period_of(contract_id=report.contract_id, period_id=report.period_id)
    closed = closed_period_message(facts, period)
    if closed:
        raise ValidationError({"period": closed})
    with transaction.atomic():
        report = _move(report, actor=actor, target=ReportStatus.SUBMITTED, submitted_at=timezone.now())
        summary_refresh(contract_ids=[report.contract_id])
        drift_check(report=report)
    notify(
        recipients=users_with_roles_in(organisation_id=report.commissioner_id, roles=COMMISSIONER_ROLES),
        kind="delivery.report_submitted",
        title=gettext_noop("A delivery report for %(period)s was submitted: accept it or return it."),
        params={"period": f"{report.period_start:%m.%Y}"},
        link=reverse("delivery:report", kwargs={"public_id": report.public_id}),
    )
    return report


def report_accept(*, actor: User | None, report: DeliveryReport) -> DeliveryReport:
    """The commissioner accepts: a correction replaces the version it corrects from now on."""
    with transaction.atomic():
        report = _move(report, actor=actor, target=ReportStatus.ACCEPTED, decided_at=timezone.now())
        if not report.is_current:
            DeliveryReport.objects.filter(period_id=report.period_id, is_current=True).update(is_current=False)
            DeliveryReport.objects.filter(pk=report.pk).update(is_current=True)
            report.is_current = True
        summary_refresh(contract_ids=[report.contract_id])
    return report


def report_return(*, actor: User | None, report: DeliveryReport, reason: str) -> DeliveryReport:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the provider should correct.")})
    with transaction.atomic():
        report = _move(
            report,
            actor=actor,
            target=ReportStatus.RETURNED,
            note=reason,
            return_reason=reason[:2000],
            decided_at=timezone.now(),
        )
        summary_refresh(contract_ids=[report.contract_id])
    notify(
        recipients=users_with_roles_in(organisation_id=report.provider_id, roles=PROVIDER_ROLES),
        kind="delivery.report_returned",
        title=gettext_noop("Your delivery report for %(period)s was returned for correction."),
        params={"period": f"{report.period_start:%m.%Y}"},
        link=reverse("delivery:report", kwargs={"public_id": report.public_id}),
    )
    return report


def report_correct(*, actor: User | None, report: DeliveryReport) -> DeliveryReport:
    """A new draft version of an accepted report with its figures; the accepted one counts until the correction
    is accepted. One open correction per period (asking twice opens the same one)."""
    _require(actor, "delivery.submit_report", report)
    facts = contracts.contract_facts(contract_ids=[report.contract_id])[report.contract_id]
    period = contracts.period_of(contract_id=report.contract_id, period_id=report.period_id)
    closed = closed_period_message(facts, period)
    if closed:
        raise ValidationError({"period": closed})
    with transaction.atomic():
        locked = DeliveryReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != ReportStatus.ACCEPTED or not locked.is_current:
            raise ValidationError(_("Only the accepted report of a period can be corrected."))
        latest = DeliveryReport.objects.filter(period_id=locked.period_id).order_by("-revision").first()
        if latest is not None and latest.pk != locked.pk and latest.status != ReportStatus.ACCEPTED:
            return latest
        correction = DeliveryReport.objects.create(
            contract_id=locked.contract_id,
            period_id=locked.period_id,
            provider_id=locked.provider_id,
            commissioner_id=locked.commissioner_id,
            period_start=locked.period_start,
            period_end=locked.period_end,
            planned_units=locked.planned_units,
            revision=(latest.revision if latest else locked.revision) + 1,
            is_current=False,
            replaces=locked,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            **{name: getattr(locked, name) for name in FIGURES},
            note=locked.note,
        )
        DeliveryIndicatorValue.objects.bulk_create(
            DeliveryIndicatorValue(report=correction, indicator_id=row.indicator_id, value=row.value)
            for row in DeliveryIndicatorValue.objects.filter(report=locked)
        )
    return correction


# --- the contract's figures ---------------------------------------------------------------------------


SUMMARY_CHUNK = 2000
SUMMARY_COLUMNS = (
    "contract_id",
    "provider_id",
    "commissioner_id",
    "municipality_id",
    "service_type_id",
    "planned_total",
    "periods_total",
    "periods_reported",
    "planned_reported",
    "units_delivered",
    "people_served",
    "complaints",
    "satisfaction",
    "last_period_end",
    "open_alerts",
    "updated_at",
)


def summary_refresh(*, contract_ids) -> int:
    """Recompute :class:`ContractDelivery` of the contracts from their counted current reports (per chunk of
    contracts: one aggregate query, one count of alerts and one upsert)."""
    contract_ids = list(contract_ids)
    for start in range(0, len(contract_ids), SUMMARY_CHUNK):
        _summary_refresh(contract_ids[start : start + SUMMARY_CHUNK])
    return len(contract_ids)


def _summary_refresh(contract_ids: list[int]) -> int:
    if not contract_ids:
        return 0
    facts = contracts.contract_figures(contract_ids=contract_ids)
    sums = {
        row["contract_id"]: row
        for row in DeliveryReport.objects.filter(contract_id__in=contract_ids, is_current=True, status__in=COUNTED)
        .values("contract_id")
        .annotate(
            periods=Count("id"),
            planned=Sum("planned_units"),
            units=Sum("units_delivered"),
            people=Sum("people_served"),
            complaints_sum=Sum("complaints"),
            satisfaction_avg=Avg("satisfaction"),
            last=Max("period_end"),
        )
        .order_by()
    }
    alerts = dict(
        DriftAlert.objects.filter(contract_id__in=contract_ids, status__in=[AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED])
        .values("contract_id")
        .annotate(n=Count("id"))
        .values_list("contract_id", "n")
        .order_by()
    )
    now = bulk.db_datetime(timezone.now())
    pg = bulk.is_postgresql()
    rows = []
    for contract_id in contract_ids:
        fact = facts[contract_id]
        found = sums.get(contract_id, {})
        satisfaction = found.get("satisfaction_avg")
        figures: tuple = (
            fact.planned_total,
            found.get("planned") or Decimal(0),
            found.get("units") or Decimal(0),
            Decimal(satisfaction).quantize(Decimal("0.01")) if satisfaction is not None else None,
        )
        if not pg:  # SQLite takes decimals as text
            figures = tuple(None if value is None else str(value) for value in figures)
        rows.append(
            (
                contract_id,
                fact.provider_id,
                fact.commissioner_id,
                fact.municipality_id,
                fact.service_type_id,
                figures[0],
                fact.periods_total,
                found.get("periods", 0),
                figures[1],
                figures[2],
                found.get("people") or 0,
                found.get("complaints_sum") or 0,
                figures[3],
                found.get("last"),
                alerts.get(contract_id, 0),
                now,
            )
        )
    # The contracts' rows replaced at once (a delete and one COPY), in the caller's transaction.
    with transaction.atomic():
        ContractDelivery.objects.filter(contract_id__in=contract_ids).delete()
        bulk.insert_rows(ContractDelivery, SUMMARY_COLUMNS, rows)
    return len(rows)


# --- threshold and alerts -----------------------------------------------------------------------------


def rule_set(
    *, actor: User | None, contract_id: int, threshold_percent, basis: str, expected_version: int | None = None
) -> DriftRule:
    """The commissioner's threshold for the contract (a stale ``expected_version`` is refused)."""
    facts = contracts.contract_facts(contract_ids=[contract_id])[contract_id]
    _require(
        actor, "delivery.set_rule", DeliveryReport(provider_id=facts.provider_id, commissioner_id=facts.commissioner_id)
    )
    errors = FieldErrors()
    if threshold_percent in (None, ""):
        errors.add("threshold_percent", _("This value is required."), code="required")
    plausible.check(errors, {"threshold_percent": (plausible.DRIFT_THRESHOLD, threshold_percent)})
    if basis not in DriftBasis.values:
        errors.add("basis", _("Choose how delivery is compared with the plan."))
    errors.raise_if_any()
    with transaction.atomic():
        rule = DriftRule.objects.select_for_update().filter(contract_id=contract_id).first()
        if rule is None:
            if expected_version not in (None, 0):
                raise ConflictError(STALE)
            return DriftRule.objects.create(
                contract_id=contract_id,
                threshold_percent=threshold_percent,
                basis=basis,
                set_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
        if expected_version is not None and rule.version != expected_version:
            raise ConflictError(STALE)
        rule.threshold_percent = Decimal(str(threshold_percent))
        rule.basis = basis
        rule.version += 1
        rule.set_by = actor if getattr(actor, "is_authenticated", False) else None
        rule.save()
    return rule


@dataclass(frozen=True)
class Drift:
    basis: str
    planned: Decimal
    delivered: Decimal
    shortfall: Decimal


def drift_of(*, rule: DriftRule, report: DeliveryReport) -> Drift | None:
    """The drift the report shows against the rule (None within the threshold)."""
    if rule.basis == DriftBasis.CUMULATIVE:
        summary = ContractDelivery.objects.filter(contract_id=report.contract_id).first()
        planned = summary.planned_reported if summary else Decimal(0)
        delivered = summary.units_delivered if summary else Decimal(0)
    else:
        planned, delivered = report.planned_units, Decimal(report.units_delivered)
    if not planned:
        return None
    shortfall = ((planned - delivered) * 100 / planned).quantize(Decimal("0.1"))
    if shortfall <= rule.threshold_percent:
        return None
    return Drift(rule.basis, Decimal(planned), Decimal(delivered), shortfall)


def drift_check(*, report: DeliveryReport) -> DriftAlert | None:
    """Record, count and tell the commissioner of a drift beyond the contract's threshold (inside the caller's
    transaction); None when there is no threshold or no drift."""
    rule = DriftRule.objects.filter(contract_id=report.contract_id).first()
    if rule is None:
        return None
    drift = drift_of(rule=rule, report=report)
    if drift is None:
        return None
    alert = DriftAlert.objects.create(
        contract_id=report.contract_id,
        commissioner_id=report.commissioner_id,
        provider_id=report.provider_id,
        report=report,
        basis=drift.basis,
        period_start=report.period_start,
        period_end=report.period_end,
        planned_units=drift.planned,
        delivered_units=drift.delivered,
        shortfall_percent=drift.shortfall,
        threshold_percent=rule.threshold_percent,
    )
    ContractDelivery.objects.filter(contract_id=report.contract_id).update(
        open_alerts=models_open_alerts(report.contract_id)
    )
    notify(
        recipients=users_with_roles_in(organisation_id=report.commissioner_id, roles=COMMISSIONER_ROLES),
        kind="delivery.drift_alert",
        title=gettext_noop("Delivery fell %(shortfall)s%% below plan (threshold %(threshold)s%%)."),
        params={"shortfall": str(drift.shortfall), "threshold": str(rule.threshold_percent)},
        link=reverse("delivery:alert", kwargs={"public_id": alert.public_id}),
    )
    return alert


def drift_check_imported(*, job_id: int, contract_ids) -> int:
    """The thresholds of the contracts an import touched, checked against each report it wrote."""
    found = 0
    contract_ids = list(contract_ids)
    for start in range(0, len(contract_ids), SUMMARY_CHUNK):
        chunk = contract_ids[start : start + SUMMARY_CHUNK]
        ruled = list(DriftRule.objects.filter(contract_id__in=chunk).values_list("contract_id", flat=True))
        if not ruled:
            continue
        for report in DeliveryReport.objects.filter(import_job_id=job_id, contract_id__in=ruled).order_by(
            "period_start"
        ):
            found += drift_check(report=report) is not None
    return found


def models_open_alerts(contract_id: int) -> int:
    return DriftAlert.objects.filter(
        contract_id=contract_id, status__in=[AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED]
    ).count()


def alert_move(*, actor: User | None, alert: DriftAlert, target: str, note: str = "") -> DriftAlert:
    """Acknowledge or close an alert (a second click does nothing more)."""
    with transaction.atomic():
        locked = DriftAlert.objects.select_for_update().get(pk=alert.pk)
        if locked.status == target:
            return locked
        transition(
            locked,
            machine=ALERT_MACHINE,
            target=target,
            actor=actor,
            event_model=DriftAlertEvent,
            note=(note or "")[:500],
            alert=locked,
            extra_updates={"note": (note or locked.note)[:500]},
        )
        ContractDelivery.objects.filter(contract_id=locked.contract_id).update(
            open_alerts=models_open_alerts(locked.contract_id)
        )
    return locked
