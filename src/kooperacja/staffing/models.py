"""Sphere 1: staffing needs of service providers, joint diagnosis rounds and the agreed staffing plan."""

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kooperacja.core.fsm import StateMachine
from kooperacja.core.jobs import Job
from kooperacja.core.models import TransitionEvent


class NeedStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    PARTLY_FILLED = "partly_filled", _("partly filled")
    FILLED = "filled", _("filled")
    WITHDRAWN = "withdrawn", _("withdrawn")
    EXPIRED = "expired", pgettext_lazy("staffing need status", "expired")


NEED_MACHINE = StateMachine(
    {
        NeedStatus.DRAFT: frozenset({NeedStatus.OPEN, NeedStatus.WITHDRAWN}),
        NeedStatus.OPEN: frozenset(
            {NeedStatus.PARTLY_FILLED, NeedStatus.FILLED, NeedStatus.WITHDRAWN, NeedStatus.EXPIRED}
        ),
        NeedStatus.PARTLY_FILLED: frozenset({NeedStatus.FILLED, NeedStatus.WITHDRAWN, NeedStatus.EXPIRED}),
        NeedStatus.FILLED: frozenset(),
        NeedStatus.WITHDRAWN: frozenset(),
        NeedStatus.EXPIRED: frozenset(),
    }
)
# States in which a need still has openings that matching may fill.
NEED_OPEN_STATES = (NeedStatus.OPEN, NeedStatus.PARTLY_FILLED)
# The value of the needs list's status filter meaning "any of NEED_OPEN_STATES" (the positions still to fill that
# the overview counts and links to).
OPEN_NEEDS = "open_or_partly_filled"


class WorkingTime(models.TextChoices):
    FULL_TIME = "full_time", _("full time")
    PART_TIME = "part_time", _("part time")
    FLEXIBLE = "flexible", _("flexible hours")


class StaffingNeed(models.Model):
    """A provider's declared need for staff for one catalogue service (F1.1)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="staffing_needs", verbose_name=_("provider")
    )
    card_version = models.ForeignKey(
        "catalogue.ServiceCardVersion",
        on_delete=models.PROTECT,
        related_name="staffing_needs",
        verbose_name=_("service (card version)"),
    )
    position = models.CharField(_("position"), max_length=150)
    headcount = models.PositiveIntegerField(_("number of people"))
    filled_count = models.PositiveIntegerField(_("people hired"), default=0)
    required_qualifications = models.ManyToManyField(
        "catalogue.Qualification", blank=True, related_name="+", verbose_name=_("required qualifications")
    )
    working_time = models.CharField(_("working time"), max_length=20, choices=WorkingTime.choices)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), null=True, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("open until"), null=True, blank=True)
    municipality = models.ForeignKey(
        "territory.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("place of work")
    )
    pay_min = models.DecimalField(
        _("pay from (PLN gross/month)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    pay_max = models.DecimalField(_("pay to (PLN gross/month)"), max_digits=9, decimal_places=2, null=True, blank=True)
    conditions = models.TextField(_("conditions"), max_length=3000, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.DRAFT)
    # Accent-folded position, provider and place, for search ("opiekunka" finds "Opiekunka środowiskowa").
    search_text = models.CharField(max_length=600, db_index=True, editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("staffing need")
        verbose_name_plural = _("staffing needs")
        ordering = ["start_date", "id"]
        indexes = [
            models.Index(fields=["status", "municipality"]),
            # The list's orders (by start date, the default, and newest first) read a page from an index.
            models.Index(fields=["start_date", "id"], name="need_by_start"),
            models.Index(fields=["-created_at", "-id"], name="need_newest_first"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(headcount__gte=1), name="need_headcount_positive"),
            models.CheckConstraint(
                condition=models.Q(filled_count__lte=models.F("headcount")), name="need_not_overfilled"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position} ({self.headcount})"

    @property
    def open_positions(self) -> int:
        return self.headcount - self.filled_count


class NeedEvent(TransitionEvent):
    need = models.ForeignKey(StaffingNeed, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=NeedStatus.choices)
    to_state = models.CharField(max_length=20, choices=NeedStatus.choices)


class RoundStatus(models.TextChoices):
    OPEN = "open", _("collecting contributions")
    CLOSED = "closed", _("closed")


class DiagnosisRound(models.Model):
    """A joint diagnosis of staffing needs for a municipality or county and a period (F1.2)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    territory = models.ForeignKey(
        "territory.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality or county")
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    coordinator_organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("coordinating organisation")
    )
    partners = models.ManyToManyField(
        "registry.Organisation",
        through="staffing.RoundPartner",
        related_name="diagnosis_rounds",
        verbose_name=_("partners"),
    )
    status = models.CharField(_("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("diagnosis round")
        verbose_name_plural = _("diagnosis rounds")
        ordering = ["-period_start", "id"]

    def __str__(self) -> str:
        return self.title


class RoundPartner(models.Model):
    round = models.ForeignKey(DiagnosisRound, on_delete=models.CASCADE, related_name="round_partners")
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.CASCADE, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    contributed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "organisation"], name="round_partner_unique")]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.organisation_id}"


class RoundNeed(models.Model):
    """A partner's staffing need contributed to a round (its needs are the basis of the plan)."""

    round = models.ForeignKey(DiagnosisRound, on_delete=models.CASCADE, related_name="round_needs")
    need = models.ForeignKey(StaffingNeed, on_delete=models.CASCADE, related_name="round_links")
    contributed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "need"], name="round_need_unique")]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.need_id}"


class DevelopmentDirection(models.Model):
    """The municipality's direction of service development within a round (e.g. more home care)."""

    round = models.ForeignKey(DiagnosisRound, on_delete=models.CASCADE, related_name="directions")
    service_type = models.ForeignKey("catalogue.ServiceType", on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("direction of development"), max_length=2000)
    additional_staff = models.PositiveIntegerField(_("additional staff expected"), default=0)
    quarter = models.CharField(_("quarter"), max_length=7, help_text=_("e.g. 2027-Q1"))

    def __str__(self) -> str:
        return f"{self.service_type_id} +{self.additional_staff} ({self.quarter})"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft, awaiting sign-off")
    SIGNED = "signed", _("signed by all partners")
    SUPERSEDED = "superseded", _("superseded by an amendment")


PLAN_MACHINE = StateMachine(
    {
        PlanStatus.DRAFT: frozenset({PlanStatus.SIGNED, PlanStatus.SUPERSEDED}),
        PlanStatus.SIGNED: frozenset({PlanStatus.SUPERSEDED}),
        PlanStatus.SUPERSEDED: frozenset(),
    }
)


class StaffingPlan(models.Model):
    """The staffing plan aggregated from a round; a signed plan is locked and changed only by a new
    version (an amendment), which supersedes it and needs signing again."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(DiagnosisRound, on_delete=models.PROTECT, related_name="plans")
    number = models.PositiveIntegerField(_("version"))
    amends = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amended_by", verbose_name=_("amends")
    )
    amendment_reason = models.CharField(_("reason for the amendment"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("staffing plan")
        verbose_name_plural = _("staffing plans")
        ordering = ["round", "-number"]
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="plan_unique_number")]

    def __str__(self) -> str:
        return f"{self.round} v{self.number}"


class PlanLine(models.Model):
    """Needed people per service, qualification and quarter."""

    plan = models.ForeignKey(StaffingPlan, on_delete=models.CASCADE, related_name="lines")
    service_type = models.ForeignKey("catalogue.ServiceType", on_delete=models.PROTECT, related_name="+")
    qualification_code = models.CharField(_("qualification"), max_length=30)
    qualification_name = models.CharField(_("qualification name"), max_length=200)
    quarter = models.CharField(_("quarter"), max_length=7)
    needed = models.PositiveIntegerField(_("people needed"))

    class Meta:
        ordering = ["plan", "quarter", "service_type", "qualification_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "service_type", "qualification_code", "quarter"], name="plan_line_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_type_id} {self.qualification_code} {self.quarter}: {self.needed}"


class PlanSignoff(models.Model):
    plan = models.ForeignKey(StaffingPlan, on_delete=models.CASCADE, related_name="signoffs")
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "organisation"], name="plan_signoff_unique")]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.organisation_id}"


class PlanEvent(TransitionEvent):
    plan = models.ForeignKey(StaffingPlan, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=PlanStatus.choices)
    to_state = models.CharField(max_length=20, choices=PlanStatus.choices)


auditlog.register(StaffingNeed, m2m_fields={"required_qualifications"}, exclude_fields=["search_text"])
auditlog.register(DiagnosisRound)
auditlog.register(RoundPartner)
auditlog.register(RoundNeed)
auditlog.register(DevelopmentDirection)
auditlog.register(StaffingPlan)
auditlog.register(PlanLine)
auditlog.register(PlanSignoff)


class Overview(Job):
    """The territory overview's figures of one voivodeship or county, computed in the background worker
    (``manage.py refresh_overviews`` on a timer): the page shows the newest done row, with its time, instead of
    counting a voivodeship's people and hires while the user waits. ``figures``: one entry per service,
    ``{"service_type": id, "open_positions": n, "in_training": n, "ready": n, "placed": n}``."""

    restartable_states = frozenset()
    territory = models.ForeignKey("territory.Unit", on_delete=models.CASCADE, related_name="+")
    figures = models.JSONField(default=list)

    class Meta(Job.Meta):
        verbose_name = _("overview")
        verbose_name_plural = _("overviews")
        indexes = [
            *Job.Meta.indexes,
            models.Index(fields=["territory", "-finished_at"], name="overview_newest_of_territory"),
        ]
        constraints = [
            *Job.Meta.constraints,
            models.UniqueConstraint(
                fields=["territory"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_overview_refresh_per_territory",
            ),
        ]

    def __str__(self) -> str:
        return f"overview {self.territory_id} ({self.status})"
