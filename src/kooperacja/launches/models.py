"""Sphere 2 (F2.1–F2.3): a package of social services launched by a municipality, its partners, the call for
candidates, applications, preparation and the selection of a founding group.

A :class:`Launch` is opened by a municipality office, OPS or CUS for its own municipality: catalogue services
with planned volumes and timelines (:class:`LaunchService`), the organisational form needed, budget lines. When it
is announced the CIS/KIS of the county and the OWES of the voivodeship are invited (:class:`LaunchPartner`); each
answers with structured commitments (:class:`Commitment`), recorded as obligations of a cooperation agreement of
``agreements`` when recruitment starts. The :class:`Call` states the eligibility rules (data, checked at
submission) and creates the ``selection`` Selection whose criteria are published with it; each
:class:`Application` becomes an entry of that selection. Preparation (:class:`PreparationSession`) is built from
the services' card programme modules, with attendance and a result per applicant.
"""

import uuid
from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core.fsm import StateMachine
from kooperacja.core.models import TransitionEvent


class LaunchState(models.TextChoices):
    DRAFT = "draft", _("draft")
    ANNOUNCED = "announced", _("announced")
    RECRUITING = "recruiting", _("recruiting")
    TRAINING = "training", _("training")
    SELECTION = "selection", _("selection")
    FOUNDING = "founding", _("founding")
    OPERATING = "operating", _("operating")
    CANCELLED = "cancelled", _("cancelled")


LAUNCH_MACHINE = StateMachine(
    {
        LaunchState.DRAFT: frozenset({LaunchState.ANNOUNCED, LaunchState.CANCELLED}),
        LaunchState.ANNOUNCED: frozenset({LaunchState.RECRUITING, LaunchState.CANCELLED}),
        LaunchState.RECRUITING: frozenset({LaunchState.TRAINING, LaunchState.CANCELLED}),
        LaunchState.TRAINING: frozenset({LaunchState.SELECTION, LaunchState.CANCELLED}),
        LaunchState.SELECTION: frozenset({LaunchState.FOUNDING, LaunchState.CANCELLED}),
        LaunchState.FOUNDING: frozenset({LaunchState.OPERATING, LaunchState.CANCELLED}),
        LaunchState.OPERATING: frozenset(),
        LaunchState.CANCELLED: frozenset(),
    },
    # The launching organisation's coordinators and social workers move the launch; "founding" is entered when
    # the selection of the founding group is confirmed and "operating" when the cooperative is registered.
    permissions={
        LaunchState.ANNOUNCED: "launches.manage_launch",
        LaunchState.RECRUITING: "launches.manage_launch",
        LaunchState.TRAINING: "launches.manage_launch",
        LaunchState.SELECTION: "launches.manage_launch",
        LaunchState.CANCELLED: "launches.manage_launch",
    },
)
# States in which the launch is still being prepared and its partners act on it.
LIVE_STATES = frozenset({LaunchState.ANNOUNCED, LaunchState.RECRUITING, LaunchState.TRAINING, LaunchState.SELECTION})


class OrganisationalForm(models.TextChoices):
    COOPERATIVE_NATURAL = "cooperative_natural", _("social cooperative of natural persons")
    COOPERATIVE_LEGAL = "cooperative_legal", _("social cooperative of legal persons")
    OTHER = "other", _("other form")


class Launch(models.Model):
    """A package of social services a municipality launches to be delivered by a new social-economy entity."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("launched by")
    )
    municipality = models.ForeignKey(
        "territory.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    form = models.CharField(
        _("organisational form needed"),
        max_length=30,
        choices=OrganisationalForm.choices,
        default=OrganisationalForm.COOPERATIVE_NATURAL,
    )
    form_description = models.TextField(_("description of the other form"), max_length=2000, blank=True)
    description = models.TextField(_("description"), max_length=8000)
    state = models.CharField(_("state"), max_length=20, choices=LaunchState.choices, default=LaunchState.DRAFT)
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), max_length=2000, blank=True)
    # The cooperation agreement with the committed partners, drafted when recruitment starts.
    agreement = models.ForeignKey(
        "agreements.Agreement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cooperation agreement"),
    )
    # The organisation founded (a registered social cooperative), recorded when the launch becomes operating.
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation founded"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("launch")
        verbose_name_plural = _("launches")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "state"]),
            models.Index(fields=["municipality", "state"]),
            models.Index(fields=["state", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def subject_key(self) -> str:
        """The reference of the launch in ``selection``."""
        return f"launch:{self.pk}"


class LaunchService(models.Model):
    """A catalogue service of the package: the planned volume in the card's unit and the timeline."""

    launch = models.ForeignKey(Launch, on_delete=models.CASCADE, related_name="services")
    service_type = models.ForeignKey(
        "catalogue.ServiceType", on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    card_version = models.ForeignKey(
        "catalogue.ServiceCardVersion", on_delete=models.PROTECT, related_name="+", verbose_name=_("card version")
    )
    unit = models.CharField(_("unit"), max_length=20)
    planned_volume = models.DecimalField(
        _("planned volume"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    class Meta:
        verbose_name = _("launched service")
        verbose_name_plural = _("launched services")
        ordering = ["launch", "id"]
        constraints = [
            models.UniqueConstraint(fields=["launch", "service_type"], name="launches_service_once"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="launches_service_period"
            ),
        ]

    def __str__(self) -> str:
        return str(self.card_version)


class FundingSource(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality budget")
    EU = "eu", _("EU funds")
    LABOUR_FUND = "labour_fund", _("Labour Fund")
    PFRON = "pfron", _("PFRON")
    OTHER = "other", _("other")


class LaunchBudgetLine(models.Model):
    launch = models.ForeignKey(Launch, on_delete=models.CASCADE, related_name="budget_lines")
    source = models.CharField(_("source"), max_length=20, choices=FundingSource.choices)
    amount = models.DecimalField(
        _("amount (PLN)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["launch", "id"]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.amount}"


class PartnerState(models.TextChoices):
    INVITED = "invited", _("invited")
    COMMITTED = "committed", _("committed")
    DECLINED = "declined", _("declined")


PARTNER_MACHINE = StateMachine(
    {
        PartnerState.INVITED: frozenset({PartnerState.COMMITTED, PartnerState.DECLINED}),
        PartnerState.COMMITTED: frozenset(),
        PartnerState.DECLINED: frozenset(),
    },
    permissions={
        PartnerState.COMMITTED: "launches.answer_invitation",
        PartnerState.DECLINED: "launches.answer_invitation",
    },
)


class PartnerKind(models.TextChoices):
    PZS = "pzs", _("CIS or KIS")
    OWES = "owes", _("OWES")


class LaunchPartner(models.Model):
    """A CIS/KIS of the county or an OWES of the voivodeship invited to a launch, and its answer."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    launch = models.ForeignKey(Launch, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("partner")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PartnerKind.choices)
    state = models.CharField(_("state"), max_length=20, choices=PartnerState.choices, default=PartnerState.INVITED)
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decline_reason = models.TextField(_("reason for declining"), max_length=2000, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["launch", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["launch", "organisation"], name="launches_partner_once"),
        ]
        indexes = [models.Index(fields=["organisation", "state"])]

    def __str__(self) -> str:
        return str(self.organisation)


class CommitmentKind(models.TextChoices):
    RECRUITMENT = "recruitment", _("recruitment of candidates")
    TRAINING = "training", _("training module")
    WORKSHOP = "workshop", _("workshop")
    MENTORING = "mentoring", _("mentoring")


class Commitment(models.Model):
    """One item a partner commits to: what and by when (the number of candidates for recruitment, the card's
    programme module for training). Becomes an obligation of the launch's cooperation agreement."""

    partner = models.ForeignKey(LaunchPartner, on_delete=models.CASCADE, related_name="commitments")
    kind = models.CharField(_("kind"), max_length=20, choices=CommitmentKind.choices)
    description = models.CharField(_("what"), max_length=500)
    candidates = models.PositiveIntegerField(_("number of candidates"), null=True, blank=True)
    module = models.ForeignKey(
        "catalogue.ProgrammeModule",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("programme module"),
    )
    due_on = models.DateField(_("by when"))
    obligation = models.ForeignKey(
        "agreements.Obligation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["partner", "due_on", "id"]

    def __str__(self) -> str:
        return self.description


class Eligibility(models.TextChoices):
    """Who may found or join a social cooperative of natural persons (art. 4 of the act of 27 April 2006)."""

    UNEMPLOYED = "unemployed", _("unemployed")
    SOCIAL_EMPLOYMENT = "social_employment", _("person of art. 1 ust. 2 of the social employment act")
    DISABLED = "disabled", _("person with a disability")
    UNDER_30 = "under_30", _("up to 30 years of age and not employed")
    OVER_50 = "over_50", _("over 50 years of age and not employed")
    OTHER = "other", _("other (with a justification)")


class Residence(models.TextChoices):
    MUNICIPALITY = "municipality", _("resident of the municipality")
    COUNTY = "county", _("resident of the county")


class Call(models.Model):
    """The call for candidates of a launch: dates (server clock), places and the eligibility rules as data. The
    selection criteria live in the ``selection`` Selection created when the call is published."""

    launch = models.OneToOneField(Launch, on_delete=models.CASCADE, related_name="call")
    opens_at = models.DateTimeField(_("applications from"))
    deadline = models.DateTimeField(_("deadline for applications"))
    places = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    categories = models.JSONField(_("eligible categories"), default=list)
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), default=18, validators=[MinValueValidator(18), MaxValueValidator(99)]
    )
    residence = models.CharField(
        _("residence required"), max_length=20, choices=Residence.choices, default=Residence.MUNICIPALITY
    )
    information = models.TextField(_("information for candidates"), max_length=4000, blank=True)
    # The selection criteria (name, description, weight, max_points) and the tie rule, published with the call: the
    # ``selection`` Selection is created from them when the call is published.
    criteria = models.JSONField(_("selection criteria"), default=list)
    tie_rule = models.CharField(_("tie rule"), max_length=30, default="criteria_order")
    appeal_days = models.PositiveSmallIntegerField(
        _("days for appeals"), default=7, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # The ``selection`` Selection of the founding group (its public id; created with the call's publication).
    selection_public_id = models.UUIDField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("call for candidates")
        verbose_name_plural = _("calls for candidates")
        ordering = ["-deadline", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(deadline__gt=models.F("opens_at")), name="launches_call_dates"),
        ]
        indexes = [models.Index(fields=["deadline"])]

    def __str__(self) -> str:
        return str(self.launch)


class ApplicationSource(models.TextChoices):
    PARTICIPANT = "participant", _("a participant of a CIS/KIS")
    DIRECT = "direct", _("a direct application")


class ApplicationState(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    WITHDRAWN = "withdrawn", _("withdrawn")
    SELECTED = "selected", _("selected")
    NOT_SELECTED = "not_selected", _("not selected")


APPLICATION_MACHINE = StateMachine(
    {
        ApplicationState.SUBMITTED: frozenset(
            {ApplicationState.WITHDRAWN, ApplicationState.SELECTED, ApplicationState.NOT_SELECTED}
        ),
        ApplicationState.WITHDRAWN: frozenset(),
        ApplicationState.SELECTED: frozenset(),
        ApplicationState.NOT_SELECTED: frozenset(),
    },
    # "selected"/"not selected" follow the confirmed selection (the system decides them).
    permissions={ApplicationState.WITHDRAWN: "launches.withdraw_application"},
)


class Application(models.Model):
    """A candidate's application to a call. Personal data (special category: the categories claimed speak of
    disability or addiction): reads are logged, the PESEL is encrypted with a blind index and never shown in
    full; one application per person per call."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    source = models.CharField(_("source"), max_length=20, choices=ApplicationSource.choices)
    # The CIS/KIS that put the participant forward (source "participant").
    referred_by = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("put forward by"),
    )
    participation = models.ForeignKey(
        "training.Participation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("participation in the CIS/KIS"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    pesel_encrypted = models.TextField(editable=False)
    pesel_index = models.CharField(max_length=64, editable=False)
    birth_date = models.DateField(_("date of birth"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    residence = models.ForeignKey(
        "territory.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality of residence")
    )
    categories = models.JSONField(_("categories claimed"), default=list)
    evidence_note = models.TextField(_("evidence of the categories"), max_length=2000, blank=True)
    other_justification = models.TextField(_("justification of the other category"), max_length=2000, blank=True)
    # Consent to the processing of the candidate's data: who recorded it, when and which text it was given to.
    consent_version = models.CharField(_("consent text version"), max_length=20)
    consent_recorded_at = models.DateTimeField(_("consent recorded at"))
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ApplicationState.choices, default=ApplicationState.SUBMITTED
    )
    # The code of the selection entry (e.g. "K-001"): shown to those who may not see the name.
    entry_code = models.CharField(_("code"), max_length=20, blank=True)
    # The position in the confirmed ranking (set with "selected"/"not selected" when the selection is confirmed).
    rank = models.PositiveIntegerField(_("position in the ranking"), null=True, blank=True)
    withdraw_reason = models.CharField(_("reason for withdrawing"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    PERSONAL_FIELDS = ("first_name", "last_name", "pesel", "birth_date", "phone", "email", "residence")

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["call", "submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "pesel_index"], name="launches_application_once_per_person"),
        ]
        indexes = [
            models.Index(fields=["call", "state"]),
            models.Index(fields=["referred_by", "state"]),
        ]

    def __str__(self) -> str:
        return self.entry_code or str(self.public_id)

    @property
    def subject_key(self) -> str:
        """The reference of the application as a ``selection`` entry."""
        return f"application:{self.pk}"


class SessionKind(models.TextChoices):
    TRAINING = "training", _("training session")
    WORKSHOP = "workshop", _("workshop")


class PreparationSession(models.Model):
    """A training session or workshop preparing the candidates, built from a launched service's card programme
    module (title and hours taken from the card version) and led by a committed partner."""

    launch = models.ForeignKey(Launch, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    module = models.ForeignKey(
        "catalogue.ProgrammeModule",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("programme module"),
    )
    title = models.CharField(_("title"), max_length=200)
    hours = models.PositiveIntegerField(_("hours"), validators=[MinValueValidator(1)])
    led_by = models.ForeignKey(
        LaunchPartner, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("led by")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("preparation session")
        verbose_name_plural = _("preparation sessions")
        ordering = ["launch", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="launches_session_dates"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ResultKind(models.TextChoices):
    PASSED = "passed", _("passed")
    NOT_PASSED = "not_passed", _("not passed")


class SessionResult(models.Model):
    """An applicant's attendance and result in one session (one row per applicant and session)."""

    session = models.ForeignKey(PreparationSession, on_delete=models.CASCADE, related_name="results")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="session_results")
    hours_attended = models.PositiveIntegerField(_("hours attended"), default=0)
    result = models.CharField(_("result"), max_length=20, choices=ResultKind.choices, blank=True)
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance and result")
        verbose_name_plural = _("attendance and results")
        ordering = ["session", "application", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "application"], name="launches_result_once"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.application_id}: {self.result}"


class LaunchEvent(TransitionEvent):
    launch = models.ForeignKey(Launch, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=LaunchState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=LaunchState.choices)


class PartnerEvent(TransitionEvent):
    partner = models.ForeignKey(LaunchPartner, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=PartnerState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=PartnerState.choices)


class ApplicationEvent(TransitionEvent):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=ApplicationState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=ApplicationState.choices)


auditlog.register(Launch, exclude_fields=["version", "updated_at"])
auditlog.register(LaunchService)
auditlog.register(LaunchBudgetLine)
auditlog.register(LaunchPartner, exclude_fields=["version"])
auditlog.register(Commitment)
auditlog.register(Call, exclude_fields=["version"])


def mask_identifier(value: str) -> str:
    """The change log records that the PESEL changed, never its encrypted or hashed value."""
    return "***"


auditlog.register(
    Application,
    mask_fields=["pesel_encrypted", "pesel_index"],
    exclude_fields=["version"],
    mask_callable="kooperacja.launches.models.mask_identifier",
)
auditlog.register(PreparationSession)
auditlog.register(SessionResult)
