"""Delivery monitoring of commissioned services (F3.4): what a provider delivered under a contract in each
period of its schedule, the commissioner's acceptance, plan against delivery, and alerts when delivery drifts.

- :class:`DeliveryReport` — one version of the report of a contract period (``commissioning.ContractPeriod``):
  units delivered, people served, staff assigned, complaints, satisfaction and the card's quality indicators
  (:class:`DeliveryIndicatorValue`). States draft → submitted → accepted / returned (returned → submitted again).
  A correction of an accepted report is a new version; the accepted one counts until the correction is accepted
  (``is_current``), so nothing is overwritten silently.
- :class:`ContractDelivery` — the figures of a contract so far (one row per contract, kept by the services and the
  import in the same transaction as the reports): the monitoring pages read it, never the reports in bulk.
- :class:`DriftRule` — the commissioner's threshold per contract; :class:`DriftAlert` — a drift found, with its
  figures, acknowledged and closed by the commissioner.
- :class:`ReportImport` — a CSV/XLSX file of reports, checked whole and written all or nothing.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kooperacja.core.fsm import StateMachine
from kooperacja.core.jobs import Job, job_machine
from kooperacja.core.models import TransitionEvent
from kooperacja.core.text import short_date


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned for correction")


REPORT_MACHINE = StateMachine(
    {
        ReportStatus.DRAFT: frozenset({ReportStatus.SUBMITTED}),
        ReportStatus.SUBMITTED: frozenset({ReportStatus.ACCEPTED, ReportStatus.RETURNED}),
        ReportStatus.RETURNED: frozenset({ReportStatus.SUBMITTED}),
        ReportStatus.ACCEPTED: frozenset(),
    },
    # The provider submits its report; the commissioner accepts it or returns it with a reason.
    permissions={
        ReportStatus.SUBMITTED: "delivery.submit_report",
        ReportStatus.ACCEPTED: "delivery.decide_report",
        ReportStatus.RETURNED: "delivery.decide_report",
    },
)
# Reports whose figures count as delivered (a draft is the provider's own work in progress).
COUNTED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
# States in which the provider may still change the figures.
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class DeliveryReport(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contract = models.ForeignKey(
        "commissioning.Contract", on_delete=models.CASCADE, related_name="+", verbose_name=_("contract")
    )
    period = models.ForeignKey(
        "commissioning.ContractPeriod", on_delete=models.CASCADE, related_name="+", verbose_name=_("period")
    )
    # The parties, copied from the contract: every page and the API scope reports by them with an index.
    provider = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+")
    commissioner = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+")
    # The period and its plan, copied from the schedule when the report is made.
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    planned_units = models.DecimalField(_("planned units"), max_digits=12, decimal_places=2, default=Decimal(0))
    revision = models.PositiveSmallIntegerField(_("version of the report"), default=1)
    is_current = models.BooleanField(default=True, editable=False)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    units_delivered = models.DecimalField(_("units delivered"), max_digits=12, decimal_places=2)
    people_served = models.PositiveIntegerField(_("people served"))
    staff_assigned = models.PositiveIntegerField(_("staff assigned"))
    complaints = models.PositiveIntegerField(_("complaints"), default=0)
    satisfaction = models.DecimalField(_("satisfaction (1–5)"), max_digits=3, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    return_reason = models.TextField(_("reason for returning"), max_length=2000, blank=True)
    import_job = models.ForeignKey(
        "delivery.ReportImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("delivery report")
        verbose_name_plural = _("delivery reports")
        ordering = ["-period_start", "-revision", "-id"]
        indexes = [
            models.Index(fields=["contract", "period_start"], name="delivery_report_contract"),
            models.Index(fields=["provider", "status", "period_start"], name="delivery_report_provider"),
            models.Index(fields=["commissioner", "status", "period_start"], name="delivery_report_commissioner"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["period", "revision"], name="delivery_report_period_revision"),
            models.UniqueConstraint(
                fields=["period"], condition=Q(is_current=True), name="delivery_report_one_current"
            ),
            models.CheckConstraint(condition=Q(units_delivered__gte=0), name="delivery_report_units_positive"),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="delivery_report_satisfaction_1_5",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Report %(start)s – %(end)s (version %(revision)s)") % {
            "start": short_date(self.period_start),
            "end": short_date(self.period_end),
            "revision": self.revision,
        }

    @property
    def delivered_share(self) -> Decimal | None:
        """Delivered as a percentage of the plan (None without a plan)."""
        if not self.planned_units:
            return None
        return (self.units_delivered * 100 / self.planned_units).quantize(Decimal("0.1"))


class DeliveryReportEvent(TransitionEvent):
    report = models.ForeignKey(DeliveryReport, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=ReportStatus.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=ReportStatus.choices)


class DeliveryIndicatorValue(models.Model):
    """The value of one quality indicator of the card (``catalogue.MonitoringIndicator``) in one report."""

    report = models.ForeignKey(DeliveryReport, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.ForeignKey("catalogue.MonitoringIndicator", on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="delivery_indicator_once_per_report")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"


class ContractDelivery(models.Model):
    """A contract's delivery so far: the sums of its counted current reports, with the contract's parties, place
    and service copied for filtering. Recomputed in SQL for the contracts a write touched."""

    contract = models.OneToOneField(
        "commissioning.Contract", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    provider = models.ForeignKey("registry.Organisation", on_delete=models.CASCADE, related_name="+")
    commissioner = models.ForeignKey("registry.Organisation", on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey("territory.Unit", on_delete=models.PROTECT, related_name="+")
    service_type = models.ForeignKey("catalogue.ServiceType", on_delete=models.PROTECT, related_name="+")
    planned_total = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal(0))
    periods_total = models.PositiveIntegerField(default=0)
    periods_reported = models.PositiveIntegerField(default=0)
    planned_reported = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal(0))
    units_delivered = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal(0))
    people_served = models.PositiveIntegerField(default=0)
    complaints = models.PositiveIntegerField(default=0)
    satisfaction = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    last_period_end = models.DateField(null=True, blank=True)
    open_alerts = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["commissioner", "contract"], name="delivery_summary_commissioner"),
            models.Index(fields=["provider", "contract"], name="delivery_summary_provider"),
            models.Index(fields=["municipality", "service_type"], name="delivery_summary_place"),
        ]

    def __str__(self) -> str:
        return f"{self.contract_id}: {self.units_delivered} / {self.planned_reported}"

    @property
    def delivered_share(self) -> Decimal | None:
        if not self.planned_reported:
            return None
        return (self.units_delivered * 100 / self.planned_reported).quantize(Decimal("0.1"))


class DriftBasis(models.TextChoices):
    PERIOD = "period", _("in a single period")
    CUMULATIVE = "cumulative", _("cumulatively, since the start of the contract")


class DriftRule(models.Model):
    """The commissioner's threshold: an alert when delivered units fall below the plan by more than
    ``threshold_percent`` (in a period, or cumulatively)."""

    contract = models.OneToOneField(
        "commissioning.Contract", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    threshold_percent = models.DecimalField(_("threshold (% below plan)"), max_digits=5, decimal_places=2)
    basis = models.CharField(_("compared"), max_length=20, choices=DriftBasis.choices, default=DriftBasis.PERIOD)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold_percent__gt=0, threshold_percent__lte=100), name="delivery_rule_threshold_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract_id}: {self.threshold_percent} % ({self.basis})"


class AlertStatus(models.TextChoices):
    OPEN = "open", _("open")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    CLOSED = "closed", _("closed")


ALERT_MACHINE = StateMachine(
    {
        AlertStatus.OPEN: frozenset({AlertStatus.ACKNOWLEDGED, AlertStatus.CLOSED}),
        AlertStatus.ACKNOWLEDGED: frozenset({AlertStatus.CLOSED}),
        AlertStatus.CLOSED: frozenset(),
    },
    permissions={AlertStatus.ACKNOWLEDGED: "delivery.handle_alert", AlertStatus.CLOSED: "delivery.handle_alert"},
)


class DriftAlert(models.Model):
    """A drift found when a report was submitted, with the figures that made it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contract = models.ForeignKey("commissioning.Contract", on_delete=models.CASCADE, related_name="+")
    commissioner = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey(DeliveryReport, null=True, on_delete=models.SET_NULL, related_name="+")
    basis = models.CharField(_("compared"), max_length=20, choices=DriftBasis.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    planned_units = models.DecimalField(_("planned"), max_digits=14, decimal_places=2)
    delivered_units = models.DecimalField(_("delivered"), max_digits=14, decimal_places=2)
    shortfall_percent = models.DecimalField(_("below plan (%)"), max_digits=6, decimal_places=1)
    threshold_percent = models.DecimalField(_("threshold (%)"), max_digits=5, decimal_places=2)
    status = models.CharField(_("status"), max_length=20, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["commissioner", "status"], name="delivery_alert_commissioner")]

    def __str__(self) -> str:
        return f"{short_date(self.period_start)}–{short_date(self.period_end)}: {self.shortfall_percent} %"


class DriftAlertEvent(TransitionEvent):
    alert = models.ForeignKey(DriftAlert, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=AlertStatus.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=AlertStatus.choices)


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("in progress")
    DONE = "done", _("imported")
    REJECTED = "rejected", _("rejected: nothing imported")
    FAILED = "failed", _("failed")


class ReportImport(Job):
    """A CSV/XLSX file of delivery reports of one provider, taken whole or not at all."""

    machine = job_machine(terminal=[ImportStatus.REJECTED])
    restart_refusal = _("Only a failed import can be started again.")
    sweep_defer = ("content_encrypted",)

    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    provider = models.ForeignKey("registry.Organisation", on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(_("file"), max_length=255)
    content_encrypted = models.BinaryField(null=True, editable=False)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=10, default="pl", editable=False)

    def __str__(self) -> str:
        return self.file_name

    def progress_of(self, rows_done: int, *, ended: bool = False) -> int:
        if not self.rows_total:
            return 100 if ended else 0
        return min(100, round(100 * rows_done / self.rows_total))

    def message_language(self) -> str | None:
        return self.language

    def stale_message(self) -> str:
        return gettext("The import was interrupted; nothing was imported. Start it again.")

    def end_updates(self, *, status: str, message: str = "") -> dict[str, object]:
        updates: dict[str, object] = {"content_encrypted": None}
        if message:
            updates.update(errors=[{"row": 0, "field": "", "message": message}], rows_done=0)
        return updates
