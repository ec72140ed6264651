"""Sphere 2 (F2.4): the founding group of a launch, its cooperative model, business plan and registration steps.

A :class:`FoundingGroup` is created when the selection of a launch is confirmed: its members are the selected
candidates (natural persons) or, for a cooperative of legal persons, organisations of the registry the coordinator
adds (a municipality, an NGO, a church legal person). The group chooses one of the published cooperative models
(:class:`ModelChoice` keeps every choice with who, when and why), prepares a :class:`BusinessPlan` an OWES advisor
comments on per section (:class:`PlanComment`), and records its :class:`RegistrationStep` rows in order: statute
adopted, founding meeting held, KRS application filed, KRS entry. With the entry the cooperative becomes a registry
organisation linked to the group and the launch becomes operating.
"""

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core.fsm import StateMachine
from kooperacja.core.models import TransitionEvent


class FoundersKind(models.TextChoices):
    # The same values as ``cooperatives.FoundersKind``: a model is matched to a group by them.
    NATURAL_PERSONS = "natural_persons", _("natural persons")
    LEGAL_PERSONS = "legal_persons", _("legal persons")


class GroupState(models.TextChoices):
    FORMING = "forming", _("forming")
    REGISTERING = "registering", _("registering")
    REGISTERED = "registered", _("registered")


# The group is forming until its statute is adopted, registering until the KRS entry, then registered. The moves
# follow the registration steps (the services decide them), so no permission is declared per state.
GROUP_MACHINE = StateMachine(
    {
        GroupState.FORMING: frozenset({GroupState.REGISTERING}),
        GroupState.REGISTERING: frozenset({GroupState.REGISTERED}),
        GroupState.REGISTERED: frozenset(),
    }
)


class FoundingGroup(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    launch = models.OneToOneField(
        "launches.Launch", on_delete=models.PROTECT, related_name="founding_group", verbose_name=_("launch")
    )
    founders = models.CharField(_("founders"), max_length=20, choices=FoundersKind.choices)
    state = models.CharField(_("state"), max_length=20, choices=GroupState.choices, default=GroupState.FORMING)
    cooperative_model = models.ForeignKey(
        "cooperatives.CooperativeModel",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cooperative model"),
    )
    proposed_name = models.CharField(_("name of the cooperative"), max_length=255, blank=True)
    # The registered cooperative (set with the KRS entry).
    organisation = models.OneToOneField(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="founding_group",
        verbose_name=_("registered cooperative"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("founding group")
        verbose_name_plural = _("founding groups")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.proposed_name or str(self.launch)


class GroupEvent(TransitionEvent):
    group = models.ForeignKey(FoundingGroup, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=GroupState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=GroupState.choices)


class LegalFounderKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    COUNTY = "county", _("county")
    NGO = "ngo", _("NGO")
    CHURCH = "church", _("church legal person")


class FoundingMember(models.Model):
    """A founder: a selected candidate (their application of the launch) or a legal person of the registry. The
    name of a person is copied from the application when the group is created; reads of it are logged."""

    group = models.ForeignKey(FoundingGroup, on_delete=models.CASCADE, related_name="members")
    application = models.ForeignKey(
        "launches.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entry_code = models.CharField(_("code"), max_length=20, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("legal person"),
    )
    legal_kind = models.CharField(
        _("kind of legal person"), max_length=20, choices=LegalFounderKind.choices, blank=True
    )
    joined_on = models.DateField(_("joined on"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.CharField(_("reason for leaving"), max_length=500, blank=True)
    left_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    PERSONAL_FIELDS = ("first_name", "last_name")

    class Meta:
        verbose_name = _("founding member")
        verbose_name_plural = _("founding members")
        ordering = ["group", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "application"], name="founding_member_application_once"),
            models.UniqueConstraint(fields=["group", "organisation"], name="founding_member_organisation_once"),
            models.CheckConstraint(
                condition=models.Q(application__isnull=True) | models.Q(organisation__isnull=True),
                name="founding_member_person_or_organisation",
            ),
        ]

    def __str__(self) -> str:
        if self.organisation_id:
            return str(self.organisation)
        return self.entry_code

    @property
    def is_active(self) -> bool:
        return self.left_on is None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class ModelChoice(models.Model):
    """A cooperative model the group chose, with who recorded it, when and why (the latest is in force)."""

    group = models.ForeignKey(FoundingGroup, on_delete=models.CASCADE, related_name="model_choices")
    cooperative_model = models.ForeignKey(
        "cooperatives.CooperativeModel", on_delete=models.PROTECT, related_name="+", verbose_name=_("model")
    )
    reason = models.TextField(_("reason"), max_length=2000)
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    chosen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("model choice")
        verbose_name_plural = _("model choices")
        ordering = ["group", "chosen_at", "id"]

    def __str__(self) -> str:
        return str(self.cooperative_model)


class PlanState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for comments")
    COMMENTED = "commented", _("commented")
    FINAL = "final", _("final")


PLAN_MACHINE = StateMachine(
    {
        PlanState.DRAFT: frozenset({PlanState.SUBMITTED}),
        PlanState.SUBMITTED: frozenset({PlanState.COMMENTED}),
        PlanState.COMMENTED: frozenset({PlanState.SUBMITTED, PlanState.FINAL}),
        PlanState.FINAL: frozenset(),
    },
    # The group's coordinator submits and finalises; the OWES advisor ends a round of comments.
    permissions={
        PlanState.SUBMITTED: "founding.write_plan",
        PlanState.COMMENTED: "founding.comment_plan",
        PlanState.FINAL: "founding.write_plan",
    },
)
# States in which the coordinator edits the plan.
PLAN_EDITABLE = frozenset({PlanState.DRAFT, PlanState.COMMENTED})


class BusinessPlan(models.Model):
    """The group's business plan. The figures are kept as structured data validated by ``founding.plan``:
    ``staff`` a list of {position, fte, monthly_pay}; ``costs`` and ``revenue`` {category: [year 1, 2, 3]};
    ``funding`` {source: amount}."""

    group = models.OneToOneField(FoundingGroup, on_delete=models.CASCADE, related_name="plan")
    state = models.CharField(_("state"), max_length=20, choices=PlanState.choices, default=PlanState.DRAFT)
    services = models.JSONField(_("catalogue services offered"), default=list, blank=True)
    services_text = models.TextField(_("services offered"), max_length=4000, blank=True)
    clients = models.TextField(_("clients"), max_length=4000, blank=True)
    staff = models.JSONField(_("staff"), default=list, blank=True)
    costs = models.JSONField(_("costs"), default=dict, blank=True)
    revenue = models.JSONField(_("revenue"), default=dict, blank=True)
    funding = models.JSONField(_("sources of start-up funding"), default=dict, blank=True)
    labour_fund_workplaces = models.PositiveSmallIntegerField(_("workplaces funded by the Labour Fund"), default=0)
    average_wage = models.DecimalField(
        _("average wage the Labour Fund grant is calculated from"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("business plan")
        verbose_name_plural = _("business plans")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return str(self.group)


class PlanEvent(TransitionEvent):
    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=PlanState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=PlanState.choices)


class PlanSection(models.TextChoices):
    SERVICES = "services", _("services")
    CLIENTS = "clients", _("clients")
    STAFF = "staff", _("staff")
    COSTS = "costs", _("costs")
    REVENUE = "revenue", _("revenue")
    FUNDING = "funding", _("sources of start-up funding")
    GENERAL = "general", _("the plan as a whole")


class PlanComment(models.Model):
    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(_("section"), max_length=20, choices=PlanSection.choices)
    text = models.TextField(_("comment"), max_length=3000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("comment on the plan")
        verbose_name_plural = _("comments on the plan")
        ordering = ["plan", "created_at", "id"]
        indexes = [models.Index(fields=["plan", "resolved_at"])]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class StepKind(models.TextChoices):
    STATUTE = "statute", _("statute adopted")
    MEETING = "meeting", _("founding meeting held")
    KRS_APPLICATION = "krs_application", _("KRS application filed")
    KRS_ENTRY = "krs_entry", _("entered in the KRS")


# The order in which the steps are recorded.
STEP_ORDER = (StepKind.STATUTE, StepKind.MEETING, StepKind.KRS_APPLICATION, StepKind.KRS_ENTRY)


class RegistrationStep(models.Model):
    group = models.ForeignKey(FoundingGroup, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    position = models.PositiveSmallIntegerField()
    done_on = models.DateField(_("date"))
    present = models.ManyToManyField(FoundingMember, blank=True, related_name="+", verbose_name=_("present"))
    court = models.CharField(_("registry court"), max_length=200, blank=True)
    krs_number = models.CharField(_("KRS number"), max_length=10, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("registration step")
        verbose_name_plural = _("registration steps")
        ordering = ["group", "position"]
        constraints = [
            models.UniqueConstraint(fields=["group", "kind"], name="founding_step_once"),
            models.UniqueConstraint(fields=["group", "position"], name="founding_step_position_once"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


auditlog.register(FoundingGroup, exclude_fields=["updated_at"])
auditlog.register(FoundingMember)
auditlog.register(BusinessPlan, exclude_fields=["updated_at"])
auditlog.register(RegistrationStep)
