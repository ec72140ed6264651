"""Sphere 1: the individual programme of a stay — the IPZS of a CIS participant (art. 13 of the act on social
employment) or the social contract / individual programme of a KIS participant — as a structured document.

A programme is prepared as a draft, signed, changed at either party's request (each change recorded), and ends
in completion or termination. Terminating a CIS programme for a persistent breach or for abandoning the classes
is the manager's decision, which the person may bring before the administrative court: the decision's number,
reasons and date of delivery are kept, and so is a complaint when one is lodged.
"""

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kooperacja.core.fsm import StateMachine
from kooperacja.core.models import TransitionEvent


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("individual programme status", "draft")
    IN_FORCE = "in_force", pgettext_lazy("individual programme status", "in force")
    COMPLETED = "completed", pgettext_lazy("individual programme status", "completed")
    TERMINATED = "terminated", pgettext_lazy("individual programme status", "terminated")


PROGRAMME_MACHINE = StateMachine(
    {
        ProgrammeStatus.DRAFT: frozenset({ProgrammeStatus.IN_FORCE}),
        ProgrammeStatus.IN_FORCE: frozenset({ProgrammeStatus.COMPLETED, ProgrammeStatus.TERMINATED}),
        ProgrammeStatus.COMPLETED: frozenset(),
        ProgrammeStatus.TERMINATED: frozenset(),
    },
    permissions={
        ProgrammeStatus.IN_FORCE: "reintegration.change_programme",
        ProgrammeStatus.COMPLETED: "reintegration.change_programme",
        ProgrammeStatus.TERMINATED: "reintegration.change_programme",
    },
)


class Area(models.TextChoices):
    """Art. 13 ust. 2 pkt 1: the scope and forms of vocational and of social reintegration."""

    VOCATIONAL = "vocational", _("vocational reintegration")
    SOCIAL = "social", _("social reintegration")


class IndividualProgramme(models.Model):
    """The IPZS (CIS) or the social contract / individual programme (KIS) of one participation."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participation = models.OneToOneField(
        "training.Participation", on_delete=models.PROTECT, related_name="+", verbose_name=_("participation")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    situation = models.TextField(
        _("starting situation and needs"),
        blank=True,
        help_text=_("What the programme starts from, in a few sentences; no diagnoses beyond what the goals need."),
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("prepared by")
    )
    agreed_with = models.CharField(
        _("agreed with (social assistance centre)"),
        max_length=200,
        blank=True,
        help_text=_("CIS: the IPZS is agreed with the head of the social assistance centre that referred the person."),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=20, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_reasons = models.TextField(_("reasons"), blank=True)
    decision_delivered_on = models.DateField(_("decision delivered on"), null=True, blank=True)
    complaint_lodged_on = models.DateField(_("complaint lodged on"), null=True, blank=True)
    complaint_note = models.CharField(_("complaint and its outcome"), max_length=500, blank=True)
    # Optimistic locking: an edit carries the version it was read at.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("individual programme")
        verbose_name_plural = _("individual programmes")

    def __str__(self) -> str:
        return f"{self.participation_id}: {self.status}"


class ProgrammeEvent(TransitionEvent):
    programme = models.ForeignKey(IndividualProgramme, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=ProgrammeStatus.choices)
    to_state = models.CharField(max_length=20, choices=ProgrammeStatus.choices)


class Goal(models.Model):
    programme = models.ForeignKey(IndividualProgramme, on_delete=models.CASCADE, related_name="goals")
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    description = models.CharField(_("goal"), max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description


class Action(models.Model):
    """A step towards a goal, with who is responsible and by when (art. 13 ust. 2 pkt 3)."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=500)
    responsible = models.CharField(_("responsible"), max_length=200)
    due_on = models.DateField(_("due by"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description


class ChangeRequester(models.TextChoices):
    PARTICIPANT = "participant", _("the participant")
    CENTRE = "centre", _("the CIS or KIS")


class ProgrammeChange(models.Model):
    """A change of a programme in force, at either party's request (art. 13 ust. 3)."""

    programme = models.ForeignKey(IndividualProgramme, on_delete=models.CASCADE, related_name="changes")
    requested_by = models.CharField(_("requested by"), max_length=20, choices=ChangeRequester.choices)
    description = models.CharField(_("what changes and why"), max_length=1000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.description


# --- the monthly programme of classes (art. 14: the manager sets each participant's classes month by month) ---


class ClassKind(models.TextChoices):
    VOCATIONAL_WORKSHOP = "vocational_workshop", _("vocational workshop")
    WORK_PLACEMENT = "work_placement", _("work placement outside the centre")
    THERAPY = "therapy", _("therapy")
    COUNSELLING = "counselling", _("counselling (psychological, vocational, legal)")
    SOCIAL_SKILLS = "social_skills", _("social skills workshop")
    SOCIALLY_USEFUL_WORK = "socially_useful_work", _("socially useful work")
    SELF_HELP_GROUP = "self_help_group", _("self-help group")
    OTHER = "other", _("other classes")


# What a centre offers: a CIS reintegrates through workshops, placements, therapy and counselling (art. 14);
# a KIS through socially useful work, self-help, counselling and placements (art. 18 ust. 2).
CLASS_KINDS_OF = {
    "cis": (
        ClassKind.VOCATIONAL_WORKSHOP,
        ClassKind.WORK_PLACEMENT,
        ClassKind.THERAPY,
        ClassKind.COUNSELLING,
        ClassKind.SOCIAL_SKILLS,
        ClassKind.OTHER,
    ),
    "kis": (
        ClassKind.SOCIALLY_USEFUL_WORK,
        ClassKind.SELF_HELP_GROUP,
        ClassKind.COUNSELLING,
        ClassKind.SOCIAL_SKILLS,
        ClassKind.WORK_PLACEMENT,
        ClassKind.OTHER,
    ),
}


class Instructor(models.Model):
    """A vocational instructor, therapist or counsellor of a CIS/KIS who runs classes directly."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("CIS or KIS")
    )
    name = models.CharField(_("first name and surname"), max_length=200)
    specialty = models.CharField(
        _("specialty"), max_length=200, help_text=_("E.g. care worker instructor, psychologist.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("instructor")
        verbose_name_plural = _("instructors")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="instructor_unique_name")]

    def __str__(self) -> str:
        return self.name


class PlannedClass(models.Model):
    """One line of a participant's programme of classes for a month: what, with whom, how many hours, where."""

    participation = models.ForeignKey("training.Participation", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))  # its first day
    kind = models.CharField(_("kind of classes"), max_length=30, choices=ClassKind.choices)
    description = models.CharField(_("classes"), max_length=300)
    instructor = models.ForeignKey(
        Instructor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="classes",
        verbose_name=_("instructor"),
    )
    hours = models.DecimalField(_("hours in the month"), max_digits=5, decimal_places=1)
    place = models.CharField(_("place (outside the centre: the employer or institution)"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("planned classes")
        verbose_name_plural = _("planned classes")
        ordering = ["month", "kind", "id"]
        indexes = [models.Index(fields=["instructor", "month"]), models.Index(fields=["participation", "month"])]

    def __str__(self) -> str:
        return self.description


auditlog.register(IndividualProgramme, exclude_fields=["updated_at", "version"])
auditlog.register(Instructor)
auditlog.register(PlannedClass)
auditlog.register(Goal)
auditlog.register(Action)
auditlog.register(ProgrammeChange)
