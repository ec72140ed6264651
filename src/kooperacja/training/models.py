"""Sphere 1: CIS/KIS training programmes and cohorts, and the people who take part (F1.3, F1.4).

A :class:`Person` holds identity (PESEL encrypted, with a blind index for exact lookup); a
:class:`Participation` is one stay of that person in one CIS or KIS, with its own workflow.
"""

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kooperacja.core.fsm import StateMachine
from kooperacja.core.jobs import Job, job_machine
from kooperacja.core.models import TransitionEvent
from kooperacja.training.choices import (  # noqa: F401 - the choices are read from the models module too
    FOLLOWED_UP_OUTCOMES,
    SHORTER_HOURS_DEGREES,
    DisabilityDegree,
    EligibilityCategory,
    Exclusion,
    OutcomeKind,
)


class TrainingProgramme(models.Model):
    """A CIS's or KIS's preparatory programme built from a catalogue card's programme scope."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="programmes", verbose_name=_("CIS or KIS")
    )
    card_version = models.ForeignKey(
        "catalogue.ServiceCardVersion", on_delete=models.PROTECT, related_name="+", verbose_name=_("service card")
    )
    variant = models.CharField(_("course variant"), max_length=3, choices=[("cis", "CIS"), ("kis", "KIS")])
    name = models.CharField(_("name"), max_length=200)
    modules = models.ManyToManyField("catalogue.ProgrammeModule", related_name="+", verbose_name=_("modules"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Cohort(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(TrainingProgramme, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    seats = models.PositiveIntegerField(_("seats"))
    instructors = models.CharField(_("instructors"), max_length=500, blank=True)
    municipality = models.ForeignKey(
        "territory.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    plan_lines = models.ManyToManyField(
        "staffing.PlanLine", blank=True, related_name="cohorts", verbose_name=_("staffing plan lines")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")), name="cohort_dates")
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A person in the records of one CIS or KIS. Special-category personal data: every read is logged.

    Each institution holds its own record of a person: a PESEL known to another institution is never looked
    up, reused or linked when this one enrols someone, so an identifier reveals nothing about other
    institutions' people. Within one institution a PESEL identifies one record (the blind index is unique
    per organisation).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name=_("CIS or KIS holding the record"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    pesel_encrypted = models.TextField(editable=False)
    pesel_index = models.CharField(max_length=64, editable=False)
    birth_date = models.DateField(_("date of birth"), editable=False)
    home_municipality = models.ForeignKey(
        "territory.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("home municipality")
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Optimistic locking: a correction carries the version it was read at.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    PERSONAL_FIELDS = ("first_name", "last_name", "pesel", "birth_date", "home_municipality", "phone", "email")
    # What a provider may see once the person consents to share their profile for hiring.
    HIRING_FIELDS = ("first_name", "last_name", "home_municipality", "phone", "email")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "pesel_index"], name="person_unique_pesel_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ParticipationKind(models.TextChoices):
    CIS = "cis", _("CIS (individual social employment programme)")
    KIS = "kis", _("KIS (social contract)")


class ParticipationStatus(models.TextChoices):
    REFERRED = "referred", _("referred")
    TRIAL = "trial", _("trial month")
    ACTIVE = "active", _("taking part")
    READY = "ready", _("ready for work")
    PLACED = "placed", _("placed in work")
    COMPLETED = "completed", _("completed")
    TERMINATED = "terminated", _("terminated")


PARTICIPATION_MACHINE = StateMachine(
    {
        ParticipationStatus.REFERRED: frozenset(
            {ParticipationStatus.TRIAL, ParticipationStatus.ACTIVE, ParticipationStatus.TERMINATED}
        ),
        ParticipationStatus.TRIAL: frozenset({ParticipationStatus.ACTIVE, ParticipationStatus.TERMINATED}),
        ParticipationStatus.ACTIVE: frozenset(
            {ParticipationStatus.READY, ParticipationStatus.COMPLETED, ParticipationStatus.TERMINATED}
        ),
        ParticipationStatus.READY: frozenset(
            {
                ParticipationStatus.PLACED,
                ParticipationStatus.ACTIVE,
                ParticipationStatus.COMPLETED,
                ParticipationStatus.TERMINATED,
            }
        ),
        ParticipationStatus.PLACED: frozenset({ParticipationStatus.COMPLETED, ParticipationStatus.READY}),
        ParticipationStatus.COMPLETED: frozenset(),
        ParticipationStatus.TERMINATED: frozenset(),
    },
    # CIS/KIS staff and social workers of the participation's organisation move it; only the staff confirm
    # readiness for work. "Placed" is entered by placement when a provider records the hire.
    permissions={
        ParticipationStatus.TRIAL: "training.move_participation",
        ParticipationStatus.ACTIVE: "training.move_participation",
        ParticipationStatus.READY: "training.confirm_readiness",
        ParticipationStatus.COMPLETED: "training.move_participation",
        ParticipationStatus.TERMINATED: "training.move_participation",
    },
)


class ExitReason(models.TextChoices):
    EMPLOYMENT = "employment", _("took up employment")
    COOPERATIVE = "cooperative", _("joined or founded a social cooperative")
    BUSINESS = "business", _("started a business")
    PERIOD_EXPIRED = "period_expired", _("participation period ended")
    BREACH = "breach", _("persistent breach of the programme")
    ABANDONED = "abandoned", _("abandoned the classes")
    WITHDREW = "withdrew", _("withdrew")


class Participation(models.Model):
    """One stay of a person in a CIS (with an IPZS) or a KIS (with a social contract)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="participations", verbose_name=_("CIS or KIS")
    )
    kind = models.CharField(_("kind"), max_length=3, choices=ParticipationKind.choices)
    # Art. 1 ust. 3: staff confirm that no exclusion applies, or record the one that does and still allows the
    # stay (a disability pension in a KIS, ust. 3a); who confirmed and when is kept either way.
    exclusion = models.CharField(
        _("benefit the person is entitled to (art. 1 ust. 3)"), max_length=30, choices=Exclusion.choices, blank=True
    )
    exclusions_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    exclusions_checked_at = models.DateTimeField(_("exclusions checked at"), null=True, blank=True)
    referred_by = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("referred by"),
    )
    referral_date = models.DateField(_("referral date"))
    plan_reference = models.CharField(
        _("IPZS or social contract number"),
        max_length=60,
        help_text=_("CIS: the individual social employment programme; KIS: the social contract."),
    )
    plan_signed_on = models.DateField(_("IPZS / social contract signed on"))
    trial_start = models.DateField(_("trial month from"), null=True, blank=True)
    trial_end = models.DateField(_("trial month to"), null=True, blank=True)
    start_date = models.DateField(_("participation from"))
    planned_end_date = models.DateField(_("planned end"))
    exit_date = models.DateField(_("exit date"), null=True, blank=True)
    exit_reason = models.CharField(_("exit reason"), max_length=20, choices=ExitReason.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ParticipationStatus.choices, default=ParticipationStatus.REFERRED
    )
    ready_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ready_confirmed_at = models.DateTimeField(null=True, blank=True)
    # Matching preferences and constraints.
    commute_limit_km = models.PositiveSmallIntegerField(_("longest acceptable commute (km)"), default=25)
    available_from = models.DateField(_("available for work from"), null=True, blank=True)
    working_time = models.CharField(
        _("working time wanted"),
        max_length=20,
        choices=[
            ("full_time", _("full time")),
            ("part_time", _("part time")),
            ("flexible", _("flexible hours")),
        ],
        default="full_time",
    )
    preferred_services = models.ManyToManyField(
        "catalogue.ServiceType", blank=True, related_name="+", verbose_name=_("preferred services")
    )
    consent_to_share = models.BooleanField(_("consents to share the profile with employers"), default=False)
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    cohorts = models.ManyToManyField(Cohort, blank=True, related_name="participations", verbose_name=_("cohorts"))
    # Health data: shown only to the staff of the CIS/KIS, like the other personal fields.
    disability_degree = models.CharField(
        _("degree of disability"),
        max_length=12,
        choices=DisabilityDegree.choices,
        default=DisabilityDegree.NONE,
        db_default=DisabilityDegree.NONE,
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["-start_date", "id"]
        indexes = [models.Index(fields=["status", "organisation"])]

    def __str__(self) -> str:
        return f"{self.person} @ {self.organisation_id}"


class ParticipationCategory(models.Model):
    """One category of art. 1 ust. 2 a participation is recorded under (a row each: counted in reports)."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="categories")
    category = models.CharField(_("eligibility category"), max_length=30, choices=EligibilityCategory.choices)

    class Meta:
        verbose_name = _("eligibility category")
        verbose_name_plural = _("eligibility categories")
        ordering = ["participation", "category"]
        constraints = [
            models.UniqueConstraint(fields=["participation", "category"], name="participation_category_unique")
        ]
        indexes = [models.Index(fields=["category"])]

    def __str__(self) -> str:
        return str(self.get_category_display())


class PeriodExtension(models.Model):
    """A decision extending a CIS stay beyond its base period: its date, why, and who took it."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="extensions")
    decided_on = models.DateField(_("decided on"))
    previous_planned_end = models.DateField(_("planned end before"))
    new_planned_end = models.DateField(_("new planned end"))
    justification = models.TextField(_("justification"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("decided by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("extension of the participation period")
        verbose_name_plural = _("extensions of the participation period")
        ordering = ["participation", "new_planned_end", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(new_planned_end__gt=models.F("previous_planned_end")), name="extension_later_end"
            )
        ]

    def __str__(self) -> str:
        return f"{self.previous_planned_end} -> {self.new_planned_end}"


class ExitOutcome(models.Model):
    """What a person went on to when the stay ended: the kind, from when and where (an employer's or a
    cooperative's name, never a person's)."""

    participation = models.OneToOneField(Participation, on_delete=models.CASCADE, related_name="outcome")
    kind = models.CharField(_("outcome"), max_length=30, choices=OutcomeKind.choices)
    started_on = models.DateField(_("from"), null=True, blank=True)
    organisation_name = models.CharField(_("employer, cooperative or school"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("exit outcome")
        verbose_name_plural = _("exit outcomes")
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return f"{self.kind} ({self.started_on})"


class OutcomeFollowUp(models.Model):
    """Is the person still in the outcome 3 and 6 months after it began?"""

    outcome = models.ForeignKey(ExitOutcome, on_delete=models.CASCADE, related_name="follow_ups")
    months_after = models.PositiveSmallIntegerField(_("months after"), choices=[(3, "3"), (6, "6")])
    due_on = models.DateField(_("due on"))
    still_there = models.BooleanField(_("still there"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outcome follow-up")
        verbose_name_plural = _("outcome follow-ups")
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["outcome", "months_after"], name="outcome_follow_up_unique")]
        indexes = [
            models.Index(fields=["due_on"], condition=models.Q(still_there__isnull=True), name="outcome_follow_up_due")
        ]

    def __str__(self) -> str:
        return f"follow-up after {self.months_after} months, due {self.due_on}"


class ParticipationEvent(TransitionEvent):
    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=ParticipationStatus.choices)
    to_state = models.CharField(max_length=20, choices=ParticipationStatus.choices)


class AttendanceKind(models.TextChoices):
    PRESENT = "present", _("present")
    EXCUSED = "excused", _("excused absence")
    UNEXCUSED = "unexcused", _("unexcused absence")
    SICK = "sick", _("sick leave")
    DAY_OFF = "day_off", _("day off (benefit kept)")


class Attendance(models.Model):
    """One day of a participation: present (with the hours) or why not."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField(_("day"))
    kind = models.CharField(_("attendance"), max_length=10, choices=AttendanceKind.choices)
    # 0 unless present.
    hours = models.DecimalField(_("hours"), max_digits=3, decimal_places=1, default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["participation", "day"], name="attendance_unique_day"),
            models.CheckConstraint(
                condition=models.Q(kind="present", hours__gt=0) | (~models.Q(kind="present") & models.Q(hours=0)),
                name="attendance_hours_only_when_present",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.kind} {self.hours} h"


class ModuleCompletion(models.Model):
    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="module_completions")
    module = models.ForeignKey("catalogue.ProgrammeModule", on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField(_("completed on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["participation", "module"], name="module_completion_unique")]

    def __str__(self) -> str:
        return f"{self.module_id} ({self.completed_on})"


class CourseCompletion(models.Model):
    """The participant completed a service card's CIS or KIS preparatory course: every module of that card's variant
    that their programmes include was completed. Not a vocational qualification: it meets only the card's
    qualifications that the card says a course completion meets (``catalogue.Qualification.met_by``)."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="course_completions")
    card_version = models.ForeignKey(
        "catalogue.ServiceCardVersion", on_delete=models.PROTECT, related_name="+", verbose_name=_("service card")
    )
    variant = models.CharField(_("course variant"), max_length=3, choices=[("cis", "CIS"), ("kis", "KIS")])
    completed_on = models.DateField(_("completed on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("completed course")
        verbose_name_plural = _("completed courses")
        ordering = ["completed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "card_version", "variant"], name="course_completion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.card_version_id} {self.variant} ({self.completed_on})"


class EvidenceKind(models.TextChoices):
    """The document that proves a vocational qualification."""

    CERTIFICATE = "certificate", _("certificate")
    DIPLOMA = "diploma", _("diploma")
    LICENCE = "licence", _("licence")
    EXAM_RESULT = "exam_result", _("exam result")


class QualificationGained(models.Model):
    """A vocational qualification the person holds, with its evidence (a document: its number, issuer and date);
    matched by the catalogue qualification code. A completed CIS/KIS course is a :class:`CourseCompletion`."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="qualifications")
    participation = models.ForeignKey(
        Participation, null=True, blank=True, on_delete=models.SET_NULL, related_name="qualifications_gained"
    )
    code = models.CharField(_("qualification code"), max_length=30, db_index=True)
    name = models.CharField(_("qualification"), max_length=200)
    evidence = models.CharField(
        _("evidence"), max_length=20, choices=EvidenceKind.choices, default=EvidenceKind.CERTIFICATE
    )
    # Required for every new record; blank only on records kept from before evidence was required.
    certificate_number = models.CharField(_("document number"), max_length=60, blank=True)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    issued_on = models.DateField(_("issued on"))

    class Meta:
        ordering = ["issued_on", "id"]
        constraints = [models.UniqueConstraint(fields=["person", "code"], name="qualification_gained_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ImportKind(models.TextChoices):
    PARTICIPANTS = "participants", _("participants")
    NEEDS = "needs", _("staffing needs")
    ATTENDANCE = "attendance", _("attendance")


class ImportStatus(models.TextChoices):
    # The states of every job (core.jobs.JobStatus), named for imports, and one of the import's own.
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("in progress")
    DONE = "done", _("imported")
    REJECTED = "rejected", _("rejected: nothing imported")
    FAILED = "failed", _("failed")


class ImportJob(Job):
    """An XLSX/CSV import run in the background: the file is taken whole or not at all."""

    # A file with a bad row is rejected: nothing of it is written.
    machine = job_machine(terminal=[ImportStatus.REJECTED])
    restart_refusal = _("Only a failed import can be started again.")
    sweep_defer = ("content_encrypted",)

    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(_("file"), max_length=255)
    # The uploaded file, encrypted (core.crypto.encrypt_bytes bound to public_id), kept only while the
    # import needs it: cleared in the transaction that records the job's end, whatever the outcome.
    content_encrypted = models.BinaryField(null=True, editable=False)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{"row": n, "field": "...", "message": "..."}]
    # The language of the person who uploaded the file: row errors are written in it.
    language = models.CharField(max_length=10, default="pl", editable=False)

    def __str__(self) -> str:
        return f"{self.kind}: {self.file_name}"

    def progress_of(self, rows_done: int, *, ended: bool = False) -> int:
        """The job's progress with ``rows_done`` of its rows checked (an ended job without rows is complete)."""
        if not self.rows_total:
            return 100 if ended else 0
        return min(100, round(100 * rows_done / self.rows_total))

    def message_language(self) -> str | None:
        return self.language

    def stale_message(self) -> str:
        return gettext("The import was interrupted; nothing was imported. Start it again.")

    def end_updates(self, *, status: str, message: str = "") -> dict[str, object]:
        updates: dict[str, object] = {"content_encrypted": None}  # the file is not kept once the job has ended
        if message:  # nothing of a failed import was written
            updates.update(
                errors=[{"row": 0, "field": "", "message": message}],
                rows_done=0,
                progress=self.progress_of(0, ended=True),
            )
        return updates


def mask_identifier(value: str) -> str:
    """The change log records that an identifier changed, never its (encrypted or hashed) value."""
    return "***"


# Changes are logged; the encrypted PESEL and its blind index only as "changed".
auditlog.register(TrainingProgramme, m2m_fields={"modules"})
auditlog.register(Cohort, m2m_fields={"plan_lines"})
auditlog.register(
    Person,
    mask_fields=["pesel_encrypted", "pesel_index"],
    exclude_fields=["version"],
    mask_callable="kooperacja.training.models.mask_identifier",
)
auditlog.register(Participation, exclude_fields=["updated_at", "version"], m2m_fields={"cohorts"})
auditlog.register(ParticipationCategory)
auditlog.register(PeriodExtension)
auditlog.register(ExitOutcome, exclude_fields=["version"])
auditlog.register(OutcomeFollowUp)
auditlog.register(Attendance)
auditlog.register(ModuleCompletion)
auditlog.register(QualificationGained)
auditlog.register(CourseCompletion)
auditlog.register(
    ImportJob, exclude_fields=["content_encrypted", "errors", "rows_done", "progress", "stage", "heartbeat_at"]
)
