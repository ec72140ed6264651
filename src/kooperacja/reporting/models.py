"""The yearly report of a CIS (art. 5 ust. 4 pkt 2 of the act on social employment; template of the regulation of
MRPiPS of 30.12.2016, Dz.U. 2017 poz. 97) and the report of a KIS (art. 18a ust. 6), generated from the records.

A report is prepared for one organisation and one past year; while it is a draft its figures are computed afresh
on every view; at approval they are frozen in ``figures`` (with the time, ``frozen_at``), and an approved or
submitted report shows only the frozen figures. When the records change afterwards, a new version is started
from it (``previous``), and the old one is kept as it was.
"""

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kooperacja.core.fsm import StateMachine
from kooperacja.core.models import TransitionEvent


class ReportKind(models.TextChoices):
    CIS = "cis", _("CIS yearly report")
    KIS = "kis", _("KIS report")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("annual report", "draft")
    APPROVED = "approved", pgettext_lazy("annual report", "approved")
    SUBMITTED = "submitted", pgettext_lazy("annual report", "submitted")


REPORT_MACHINE = StateMachine(
    {
        ReportStatus.DRAFT: frozenset({ReportStatus.APPROVED}),
        ReportStatus.APPROVED: frozenset({ReportStatus.SUBMITTED}),
        ReportStatus.SUBMITTED: frozenset(),
    },
    permissions={
        ReportStatus.APPROVED: "reporting.approve_report",
        ReportStatus.SUBMITTED: "reporting.submit_report",
    },
)


class AnnualReport(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("CIS or KIS")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=3, choices=ReportKind.choices)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
        verbose_name=_("follows the version"),
    )
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    # Frozen at approval: {"values": {figure key: value as text}, "header": {...}}; empty while a draft.
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    frozen_at = models.DateTimeField(_("figures frozen at"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year", "-version", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "version"], name="annual_report_version"),
            models.CheckConstraint(condition=models.Q(year__gte=2000, year__lte=2100), name="annual_report_year"),
        ]
        indexes = [models.Index(fields=["organisation", "year"], name="annual_report_org_year")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year} v{self.version}"

    @property
    def is_frozen(self) -> bool:
        return self.status != ReportStatus.DRAFT


class AnnualReportEvent(TransitionEvent):
    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=10, choices=ReportStatus.choices, blank=True)
    to_state = models.CharField(max_length=10, choices=ReportStatus.choices)


auditlog.register(AnnualReport)
