"""The readiness of a provider to deliver a catalogue service (products e and f of the cooperation model).

A :class:`ReadinessAssessment` pins the service card version current when it starts: the provider assesses itself
against the card's minimum resources, staff qualifications and readiness criteria (one :class:`AssessmentItem`
each, the card's text copied so that a later card version changes nothing), attaches evidence
(:class:`EvidenceFile`, encrypted at rest) and submits it. An assessor from above the provider — an OWES advisor of
the provider's voivodeship or a coordinator of cooperation of its county — reviews it, records the visit and
decides: ready, ready with conditions or not ready (:class:`ReadinessDecision`, with a validity period). The
provider never decides about itself.

A decision in force lapses by itself after its ``valid_until`` (command ``lapse_readiness``, daily); the selectors
treat it as not in force from that day even before the command ran. For a CIS or KIS "ready" also needs its entry
in the voivode's register in force (checked when deciding and on every read of ``decision_in_force``).
"""

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core.fsm import StateMachine
from kooperacja.core.models import TransitionEvent


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("self-assessment in progress")
    SUBMITTED = "submitted", _("submitted for review")
    UNDER_REVIEW = "under_review", _("under review")
    DECIDED = "decided", _("decided")
    WITHDRAWN = "withdrawn", _("withdrawn")


ASSESSMENT_MACHINE = StateMachine(
    {
        AssessmentStatus.DRAFT: frozenset({AssessmentStatus.SUBMITTED, AssessmentStatus.WITHDRAWN}),
        AssessmentStatus.SUBMITTED: frozenset(
            {AssessmentStatus.UNDER_REVIEW, AssessmentStatus.DRAFT, AssessmentStatus.WITHDRAWN}
        ),
        AssessmentStatus.UNDER_REVIEW: frozenset({AssessmentStatus.DECIDED, AssessmentStatus.DRAFT}),
        AssessmentStatus.DECIDED: frozenset(),
        AssessmentStatus.WITHDRAWN: frozenset(),
    },
    # The provider submits and withdraws its own assessment; the assessor takes it for review, returns it for
    # completion (back to draft) and decides.
    permissions={
        AssessmentStatus.SUBMITTED: "readiness.self_assess",
        AssessmentStatus.WITHDRAWN: "readiness.self_assess",
        AssessmentStatus.UNDER_REVIEW: "readiness.review",
        AssessmentStatus.DRAFT: "readiness.review",
        AssessmentStatus.DECIDED: "readiness.review",
    },
)


class ItemKind(models.TextChoices):
    RESOURCE = "resource", _("minimum resource")
    QUALIFICATION = "qualification", _("staff qualification")
    CRITERION = "criterion", _("readiness criterion")


class Answer(models.TextChoices):
    MET = "met", _("met")
    PARTLY = "partly", _("partly met")
    NOT_MET = "not_met", _("not met")


class ReadinessAssessment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("provider")
    )
    service_type = models.ForeignKey(
        "catalogue.ServiceType", on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    card_version = models.ForeignKey(
        "catalogue.ServiceCardVersion", on_delete=models.PROTECT, related_name="+", verbose_name=_("card version")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    summary = models.TextField(_("provider's summary"), max_length=4000, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The assessor's review and visit.
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assessor"),
    )
    visit_date = models.DateField(_("visit on"), null=True, blank=True)
    visit_present = models.CharField(_("present at the visit"), max_length=500, blank=True)
    visit_findings = models.TextField(_("findings of the visit"), max_length=4000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("readiness assessment")
        verbose_name_plural = _("readiness assessments")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["provider", "status"]),
            models.Index(fields=["service_type", "status"]),
        ]
        constraints = [
            # One open assessment per provider and service at a time.
            models.UniqueConstraint(
                fields=["provider", "service_type"],
                condition=models.Q(status__in=["draft", "submitted", "under_review"]),
                name="readiness_one_open_assessment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider_id}/{self.service_type_id} ({self.status})"


class AssessmentItem(models.Model):
    """One requirement of the pinned card: a minimum resource, a qualification or a criterion, with the
    provider's answer and comment and the assessor's note."""

    assessment = models.ForeignKey(ReadinessAssessment, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    # The id of the card's row (MinimumResource, Qualification or ReadinessCriterion) and its text at the time.
    source_id = models.PositiveIntegerField()
    requirement = models.TextField(_("requirement"), max_length=4000)
    evidence_hint = models.TextField(_("evidence required"), max_length=2000, blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    assessor_note = models.TextField(_("assessor's note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        ordering = ["assessment", "kind", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "kind", "source_id"], name="readiness_item_unique")
        ]

    def __str__(self) -> str:
        return self.requirement[:60]


class EvidenceFile(models.Model):
    """A file attached to an assessment or one of its items, encrypted at rest (core.crypto.encrypt_bytes bound
    to public_id), downloaded only by those who see the assessment."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(ReadinessAssessment, on_delete=models.CASCADE, related_name="evidence")
    item = models.ForeignKey(AssessmentItem, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    file_name = models.CharField(_("file"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    content_encrypted = models.BinaryField(editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.file_name


class Outcome(models.TextChoices):
    READY = "ready", _("ready")
    READY_WITH_CONDITIONS = "ready_with_conditions", _("ready with conditions")
    NOT_READY = "not_ready", _("not ready")


# The outcomes that confirm a provider (listed publicly, eligible for orders).
CONFIRMING_OUTCOMES = frozenset({Outcome.READY, Outcome.READY_WITH_CONDITIONS})


class DecisionStatus(models.TextChoices):
    IN_FORCE = "in_force", _("in force")
    LAPSED = "lapsed", _("lapsed")
    WITHDRAWN = "withdrawn", _("withdrawn")


DECISION_MACHINE = StateMachine(
    {
        DecisionStatus.IN_FORCE: frozenset({DecisionStatus.LAPSED, DecisionStatus.WITHDRAWN}),
        DecisionStatus.LAPSED: frozenset(),
        DecisionStatus.WITHDRAWN: frozenset(),
    },
    # An assessor withdraws a decision (e.g. conditions not met); lapsing is done by the system.
    permissions={DecisionStatus.WITHDRAWN: "readiness.decide"},
)


class ReadinessDecision(models.Model):
    """The assessor's decision on an assessment. Outcome "not ready" has no validity period of its own."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.OneToOneField(ReadinessAssessment, on_delete=models.PROTECT, related_name="decision")
    # Copied from the assessment so that the public list and eligibility checks read one table.
    provider = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("provider")
    )
    service_type = models.ForeignKey(
        "catalogue.ServiceType", on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    number = models.CharField(_("decision number"), max_length=60)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.IN_FORCE
    )
    decided_on = models.DateField(_("decided on"))
    reasons = models.TextField(_("reasons"), max_length=4000)
    conditions = models.TextField(_("conditions"), max_length=4000, blank=True)
    conditions_due = models.DateField(_("conditions to be met by"), null=True, blank=True)
    conditions_met_on = models.DateField(_("conditions met on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    issuer = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("readiness decision")
        verbose_name_plural = _("readiness decisions")
        ordering = ["-decided_on", "-id"]
        indexes = [
            models.Index(fields=["service_type", "status", "valid_until"], name="readiness_dec_service"),
            models.Index(fields=["provider", "service_type", "status"], name="readiness_dec_provider"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="readiness_decision_number_unique"),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="readiness_decision_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def confirms(self) -> bool:
        return self.outcome in CONFIRMING_OUTCOMES


class AssessmentEvent(TransitionEvent):
    assessment = models.ForeignKey(ReadinessAssessment, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=AssessmentStatus.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=AssessmentStatus.choices)


class DecisionEvent(TransitionEvent):
    decision = models.ForeignKey(ReadinessDecision, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=DecisionStatus.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=DecisionStatus.choices)


auditlog.register(ReadinessAssessment, exclude_fields=["version"])
auditlog.register(AssessmentItem)
auditlog.register(EvidenceFile, exclude_fields=["content_encrypted"])
auditlog.register(ReadinessDecision, exclude_fields=["version"])
