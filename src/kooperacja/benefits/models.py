"""The monthly integration benefit of a CIS (świadczenie integracyjne, art. 15 of the act on social employment):
a month's list per CIS, versioned (a paid month is locked; a correction is a new version), one line per
participant with every step of the calculation."""

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kooperacja.core.fsm import StateMachine
from kooperacja.core.models import TransitionEvent


class MonthState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("benefit month", "draft")
    APPROVED = "approved", pgettext_lazy("benefit month", "approved")
    PAID = "paid", pgettext_lazy("benefit month", "paid")


MONTH_MACHINE = StateMachine(
    {
        MonthState.DRAFT: frozenset({MonthState.APPROVED}),
        MonthState.APPROVED: frozenset({MonthState.PAID, MonthState.DRAFT}),
        MonthState.PAID: frozenset(),  # locked: a correction is a new version
    },
    permissions={
        MonthState.APPROVED: "benefits.manage_month",
        MonthState.PAID: "benefits.manage_month",
        MonthState.DRAFT: "benefits.manage_month",
    },
)


class BenefitMonth(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("CIS")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrected_by", verbose_name=_("corrects")
    )
    state = models.CharField(_("state"), max_length=10, choices=MonthState.choices, default=MonthState.DRAFT)
    computed_at = models.DateTimeField(_("computed at"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-year", "-month", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "month", "version"], name="benefit_month_version"),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="benefit_month_month"),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} v{self.version}"


class BenefitMonthEvent(TransitionEvent):
    benefit_month = models.ForeignKey(BenefitMonth, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=10, choices=MonthState.choices, blank=True)
    to_state = models.CharField(max_length=10, choices=MonthState.choices)


class BenefitLine(models.Model):
    """One participant's benefit in a month: the figures and, in ``steps``, each step as shown."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    benefit_month = models.ForeignKey(BenefitMonth, on_delete=models.CASCADE, related_name="lines")
    participation = models.ForeignKey("training.Participation", on_delete=models.PROTECT, related_name="+")
    base_amount = models.DecimalField(_("unemployment benefit"), max_digits=9, decimal_places=2)
    rate_pct = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2)
    full_amount = models.DecimalField(_("full monthly benefit"), max_digits=9, decimal_places=2)
    working_days = models.PositiveSmallIntegerField(_("working days in the month"))
    stay_days = models.PositiveSmallIntegerField(_("working days of the participation"))
    days_present = models.PositiveSmallIntegerField(_("days present"))
    unrecorded_days = models.PositiveSmallIntegerField(_("working days without a record"))
    deductions = models.DecimalField(_("deductions"), max_digits=9, decimal_places=2)
    benefit = models.DecimalField(_("benefit"), max_digits=9, decimal_places=2)
    bonus = models.DecimalField(_("motivation bonus"), max_digits=9, decimal_places=2, default=0)
    social_contributions = models.DecimalField(_("social insurance contributions"), max_digits=9, decimal_places=2)
    health_contribution = models.DecimalField(_("health insurance contribution"), max_digits=9, decimal_places=2)
    to_pay = models.DecimalField(_("to pay"), max_digits=9, decimal_places=2)
    steps = models.JSONField(_("calculation"), default=list)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["benefit_month", "participation"], name="benefit_line_participation")
        ]

    def __str__(self) -> str:
        return f"{self.benefit_month}: {self.participation_id} {self.to_pay}"


auditlog.register(BenefitMonth)
auditlog.register(BenefitLine)
