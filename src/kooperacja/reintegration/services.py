"""Writes of individual programmes: prepare, sign, change (recorded), mark actions done, complete or terminate.

Ending a programme ends the stay too (through the training app's services), in the same transaction: a
programme is never completed while its participation goes on, nor the other way round by this path.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core import plausible
from kooperacja.core.dates import add_months
from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.core.fsm import transition
from kooperacja.core.text import short_date
from kooperacja.law.parameters import PARTICIPANTS_PER_INSTRUCTOR_MAX, WEEKLY_HOURS_MAX
from kooperacja.law.selectors import statutory_or_error, statutory_parameter_get
from kooperacja.registry.models import Organisation
from kooperacja.reintegration.models import (
    CLASS_KINDS_OF,
    PROGRAMME_MACHINE,
    Action,
    Area,
    ChangeRequester,
    Goal,
    IndividualProgramme,
    Instructor,
    PlannedClass,
    ProgrammeChange,
    ProgrammeEvent,
    ProgrammeStatus,
)
from kooperacja.reintegration.rules import works_with_participants_of_programme
from kooperacja.training import selectors as training_selectors
from kooperacja.training import services as training
from kooperacja.training.models import ExitReason, Participation, ParticipationKind
from kooperacja.training.rules import works_with_participants_of

# Art. 13 ust. 5: the CIS manager's decision ends the programme for a persistent breach or for abandoning the
# classes; the participant's own declaration of withdrawal needs none.
DECISION_REASONS = frozenset({ExitReason.BREACH, ExitReason.ABANDONED})
TEXT_LIMIT = 500


def _require(actor: User, allowed: bool) -> None:
    if not (allowed or getattr(actor, "is_superuser", False)):
        raise PermissionDenied


def _day(value: date | None, errors: FieldErrors, field: str, *, required: bool = True) -> date | None:
    if value is None:
        if required:
            errors.add(field, _("Enter a date."))
        return None
    if value > timezone.localdate():
        errors.add(field, _("The date cannot be in the future."))
    return value


def _locked(programme: IndividualProgramme, version: int | None) -> IndividualProgramme:
    """The programme read again under a lock; an edit made on an older version is refused."""
    current = IndividualProgramme.objects.select_for_update().get(pk=programme.pk)
    if version is not None and current.version != version:
        raise ConflictError(_("Someone else changed this programme in the meantime. Reload the page and try again."))
    return current


def _change_recorded(
    programme: IndividualProgramme, *, actor: User, change: str, requested_by: str, errors: FieldErrors
) -> None:
    """A programme in force changes only with a recorded change (who asked, what and why); a draft freely."""
    if programme.status == ProgrammeStatus.DRAFT:
        return
    if programme.status != ProgrammeStatus.IN_FORCE:
        errors.add("__all__", _("An ended programme cannot be changed."))
        return
    if not change.strip():
        errors.add("change", _("Say what changes and why: a programme in force changes only with a recorded change."))
    if requested_by not in ChangeRequester.values:
        errors.add("requested_by", _("Say who asked for the change."))


def _record_change(programme: IndividualProgramme, *, actor: User, change: str, requested_by: str) -> None:
    if programme.status == ProgrammeStatus.IN_FORCE:
        ProgrammeChange.objects.create(
            programme=programme, requested_by=requested_by, description=change.strip(), recorded_by=actor
        )


def programme_start(*, actor: User, participation: Participation, situation: str = "", agreed_with: str = ""):
    """A draft programme for a participation that has none."""
    _require(actor, works_with_participants_of(actor, participation))
    errors = FieldErrors()
    # A stay that has ended may still get its programme recorded (records kept on paper until now).
    if len(agreed_with) > 200:
        errors.add("agreed_with", _("At most 200 characters."))
    errors.raise_if_any()
    with transaction.atomic():
        programme, created = IndividualProgramme.objects.get_or_create(
            participation=participation,
            defaults={"situation": situation.strip(), "agreed_with": agreed_with.strip(), "prepared_by": actor},
        )
    if not created:
        raise ConflictError(_("This participant already has a programme."))
    return programme


def programme_update(
    *, actor: User, programme: IndividualProgramme, situation: str, agreed_with: str, version: int
) -> IndividualProgramme:
    """The draft's starting situation and the social assistance centre it is agreed with."""
    _require(actor, works_with_participants_of_programme(actor, programme))
    errors = FieldErrors()
    if programme.status != ProgrammeStatus.DRAFT:
        errors.add("__all__", _("Only a draft is edited this way; a programme in force changes by a recorded change."))
    if len(agreed_with) > 200:
        errors.add("agreed_with", _("At most 200 characters."))
    errors.raise_if_any()
    with transaction.atomic():
        current = _locked(programme, version)
        current.situation = situation.strip()
        current.agreed_with = agreed_with.strip()
        current.version += 1
        current.save(update_fields=["situation", "agreed_with", "version", "updated_at"])
    return current


def goal_add(
    *,
    actor: User,
    programme: IndividualProgramme,
    area: str,
    description: str,
    change: str = "",
    requested_by: str = "",
) -> Goal:
    _require(actor, works_with_participants_of_programme(actor, programme))
    errors = FieldErrors()
    if area not in Area.values:
        errors.add("area", _("Choose vocational or social reintegration."))
    if not description.strip():
        errors.add("description", _("Describe the goal."))
    elif len(description) > TEXT_LIMIT:
        errors.add("description", _("At most 500 characters."))
    _change_recorded(programme, actor=actor, change=change, requested_by=requested_by, errors=errors)
    errors.raise_if_any()
    with transaction.atomic():
        current = _locked(programme, None)
        goal = Goal.objects.create(
            programme=current, area=area, description=description.strip(), position=current.goals.count() + 1
        )
        _record_change(current, actor=actor, change=change, requested_by=requested_by)
    return goal


def action_add(
    *,
    actor: User,
    programme: IndividualProgramme,
    goal: Goal | None,
    description: str,
    responsible: str,
    due_on: date | None,
    change: str = "",
    requested_by: str = "",
) -> Action:
    _require(actor, works_with_participants_of_programme(actor, programme))
    errors = FieldErrors()
    if goal is None or goal.programme_id != programme.pk:
        errors.add("goal", _("Choose a goal of this programme."))
    if not description.strip():
        errors.add("description", _("Describe the action."))
    elif len(description) > TEXT_LIMIT:
        errors.add("description", _("At most 500 characters."))
    if not responsible.strip():
        errors.add("responsible", _("Say who is responsible (a person or an institution)."))
    elif len(responsible) > 200:
        errors.add("responsible", _("At most 200 characters."))
    if due_on is None:
        errors.add("due_on", _("Enter a date."))
    elif due_on < programme.participation.start_date:
        errors.add(
            "due_on",
            _("The date cannot be before the stay starts (%(date)s).")
            % {"date": short_date(programme.participation.start_date)},
        )
    _change_recorded(programme, actor=actor, change=change, requested_by=requested_by, errors=errors)
    errors.raise_if_any()
    assert goal is not None and due_on is not None
    with transaction.atomic():
        current = _locked(programme, None)
        action = Action.objects.create(
            goal=goal,
            description=description.strip(),
            responsible=responsible.strip(),
            due_on=due_on,
            position=goal.actions.count() + 1,
        )
        _record_change(current, actor=actor, change=change, requested_by=requested_by)
    return action


def action_mark_done(*, actor: User, programme: IndividualProgramme, action: Action | None, done_on: date | None):
    """Progress of a programme in force: an action done on a day (not before the programme was signed)."""
    _require(actor, works_with_participants_of_programme(actor, programme))
    errors = FieldErrors()
    if action is None or action.goal.programme_id != programme.pk:
        errors.add("action", _("Choose an action of this programme."))
    if programme.status != ProgrammeStatus.IN_FORCE:
        errors.add("__all__", _("Actions are marked done while the programme is in force."))
    day = _day(done_on, errors, "done_on")
    if day and programme.signed_on and day < programme.signed_on:
        errors.add("done_on", _("The date cannot be before the programme was signed."))
    errors.raise_if_any()
    assert action is not None
    with transaction.atomic():
        if Action.objects.filter(pk=action.pk, done_on__isnull=True).update(done_on=day) != 1:
            raise ConflictError(_("This action is already marked done."))
    action.done_on = day
    return action


def _move(programme: IndividualProgramme, target: str, *, actor: User, note: str, updates: dict):
    return transition(
        programme,
        machine=PROGRAMME_MACHINE,
        target=target,
        actor=actor,
        event_model=ProgrammeEvent,
        note=note[:500],
        extra_updates={**updates, "version": programme.version + 1},
        programme=programme,
    )


def programme_sign(*, actor: User, programme: IndividualProgramme, signed_on: date | None) -> IndividualProgramme:
    """The draft comes into force: it has goals of reintegration and each goal has an action with its owner."""
    errors = FieldErrors()
    day = _day(signed_on, errors, "signed_on")
    goals = list(programme.goals.prefetch_related("actions"))
    if not goals:
        errors.add("__all__", _("Add at least one goal before signing."))
    elif any(not goal.actions.all() for goal in goals):
        errors.add("__all__", _("Every goal needs at least one action with who is responsible and by when."))
    if day and day < programme.participation.referral_date:
        errors.add(
            "signed_on",
            _("The programme cannot be signed before the referral (%(date)s).")
            % {"date": short_date(programme.participation.referral_date)},
        )
    errors.raise_if_any()
    with transaction.atomic():
        return _move(programme, ProgrammeStatus.IN_FORCE, actor=actor, note="", updates={"signed_on": day})


def programme_complete(
    *,
    actor: User,
    programme: IndividualProgramme,
    ended_on: date | None,
    reason: str,
    outcome: training.OutcomeInput | None = None,
) -> IndividualProgramme:
    """Completion (art. 13 ust. 6): work, a social cooperative, a business, or the end of the period; the stay
    ends with it, with its ``outcome`` if known (errors on ``outcome_*`` fields)."""
    errors = FieldErrors()
    day = _day(ended_on, errors, "ended_on")
    if reason not in training.COMPLETED_REASONS:
        errors.add("reason", _("Choose how the programme was completed."))
    if day and programme.signed_on and day < programme.signed_on:
        errors.add("ended_on", _("The date cannot be before the programme was signed."))
    _same_end_as_the_stay(programme.participation, reason, errors)
    errors.raise_if_any()
    label = str(ExitReason(reason).label)
    with transaction.atomic():
        ended = _move(
            programme,
            ProgrammeStatus.COMPLETED,
            actor=actor,
            note=label,
            updates={"ended_on": day, "end_reason": reason},
        )
        _end_stay(actor, programme.participation, reason=reason, day=day, note=label, outcome=outcome)
    return ended


def programme_terminate(
    *,
    actor: User,
    programme: IndividualProgramme,
    ended_on: date | None,
    reason: str,
    decision_number: str = "",
    decision_reasons: str = "",
    delivered_on: date | None = None,
    outcome: training.OutcomeInput | None = None,
) -> IndividualProgramme:
    """Termination (art. 13 ust. 5). For a breach or abandoned classes in a CIS it is the manager's decision with
    its number and reasons, which the person may bring before the administrative court; a withdrawal is the
    participant's own declaration."""
    errors = FieldErrors()
    day = _day(ended_on, errors, "ended_on")
    if reason not in training.TERMINATED_REASONS:
        errors.add("reason", _("Choose why the programme ends."))
    decision = reason in DECISION_REASONS and programme.participation.kind == ParticipationKind.CIS
    if decision:
        if not decision_number.strip():
            errors.add("decision_number", _("Enter the number of the manager's decision."))
        if not decision_reasons.strip():
            errors.add("decision_reasons", _("Give the reasons of the decision: the person may contest it."))
    if len(decision_number) > 60:
        errors.add("decision_number", _("At most 60 characters."))
    _day(delivered_on, errors, "delivered_on", required=False)
    if day and delivered_on and delivered_on < day:
        errors.add("delivered_on", _("The decision cannot be delivered before it was made."))
    _same_end_as_the_stay(programme.participation, reason, errors)
    errors.raise_if_any()
    label = str(ExitReason(reason).label)
    updates = {
        "ended_on": day,
        "end_reason": reason,
        "decision_number": decision_number.strip() if decision else "",
        "decision_reasons": decision_reasons.strip(),
        "decision_delivered_on": delivered_on if decision else None,
    }
    with transaction.atomic():
        ended = _move(programme, ProgrammeStatus.TERMINATED, actor=actor, note=label, updates=updates)
        _end_stay(actor, programme.participation, reason=reason, day=day, note=label, outcome=outcome)
    return ended


def programme_record_complaint(
    *, actor: User, programme: IndividualProgramme, lodged_on: date | None, note: str, version: int
) -> IndividualProgramme:
    """A complaint against the termination decision to the administrative court, and later its outcome."""
    _require(actor, works_with_participants_of_programme(actor, programme))
    errors = FieldErrors()
    if programme.status != ProgrammeStatus.TERMINATED or not programme.decision_number:
        errors.add("__all__", _("Only a termination decision can be contested."))
    day = _day(lodged_on, errors, "lodged_on")
    if day and programme.ended_on and day < programme.ended_on:
        errors.add("lodged_on", _("A complaint cannot be lodged before the decision."))
    if len(note) > 500:
        errors.add("note", _("At most 500 characters."))
    errors.raise_if_any()
    with transaction.atomic():
        current = _locked(programme, version)
        current.complaint_lodged_on = day
        current.complaint_note = note.strip()
        current.version += 1
        current.save(update_fields=["complaint_lodged_on", "complaint_note", "version", "updated_at"])
    return current


def _same_end_as_the_stay(participation: Participation, reason: str, errors: FieldErrors) -> None:
    """A stay that has ended already decides how its programme ends."""
    if participation.status in training.FINISHED_STATES and reason and reason != participation.exit_reason:
        errors.add(
            "reason",
            _("The stay has ended already (%(reason)s); the programme ends for the same reason.")
            % {"reason": participation.get_exit_reason_display()},
        )


def _end_stay(
    actor: User,
    participation: Participation,
    *,
    reason: str,
    day: date | None,
    note: str,
    outcome: training.OutcomeInput | None = None,
) -> None:
    """The stay ends with its programme, unless it has ended already (then the programme follows it); the
    outcome given is recorded with the exit (or, for a stay ended already, on its own)."""
    try:
        if participation.status not in training.FINISHED_STATES:
            training.participation_exit(
                actor=actor, participation=participation, reason=reason, exit_date=day, note=note, outcome=outcome
            )
        elif outcome is not None and outcome.given:
            try:
                training.outcome_record(
                    actor=actor,
                    participation=participation,
                    kind=outcome.kind,
                    started_on=outcome.started_on,
                    organisation_name=outcome.organisation_name,
                    note=outcome.note,
                )
            except ValidationError as exc:
                raise ValidationError({f"outcome_{name}": found for name, found in exc.message_dict.items()}) from exc
    except ValidationError as exc:
        # The stay's own rules (its state, its dates) are the programme's too: say so on the programme's form;
        # the outcome's errors stay on its fields.
        errors = FieldErrors()
        found = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        for name, messages in found.items():
            for message in messages:
                errors.add(name if name.startswith("outcome_") else "__all__", message)
        errors.raise_if_any()


# --- instructors and the monthly programme of classes ----------------------------------------------------------


def _working_days(month: date) -> int:
    """Monday to Friday in the month (the weekly limit, five days of classes, spread over the month)."""
    last = add_months(month, 1) - timedelta(days=1)
    return sum(1 for offset in range(last.day) if (month + timedelta(days=offset)).weekday() < 5)


def instructor_create(*, actor: User, organisation: Organisation, name: str, specialty: str) -> Instructor:
    """An instructor of a CIS/KIS, added by its staff."""
    if organisation.pk not in training_selectors.staff_organisation_ids(actor) and not actor.is_superuser:
        raise PermissionDenied
    errors = FieldErrors()
    if organisation.kind not in training_selectors.PZS_KINDS:
        errors.add("organisation", _("Instructors work in a CIS or a KIS."))
    if not name.strip():
        errors.add("name", _("Enter the first name and surname."))
    elif Instructor.objects.filter(organisation=organisation, name=name.strip()).exists():
        errors.add("name", _("This centre already has an instructor of this name."))
    if not specialty.strip():
        errors.add("specialty", _("Enter the specialty."))
    errors.raise_if_any()
    return Instructor.objects.create(organisation=organisation, name=name.strip(), specialty=specialty.strip())


def planned_class_add(
    *,
    actor: User,
    participation: Participation,
    month: date,
    kind: str,
    description: str,
    instructor: Instructor | None,
    hours: Decimal | None,
    place: str = "",
) -> PlannedClass:
    """A line of the participant's programme of classes for ``month``. The classes suit the centre (a CIS's or a
    KIS's forms of work), a CIS participant's hours in the month stay within the weekly limit, and no instructor
    has more participants in the month than the statutory norm."""
    _require(actor, works_with_participants_of(actor, participation))
    month = month.replace(day=1)
    errors = FieldErrors()
    if participation.status in training.FINISHED_STATES:
        errors.add("__all__", _("The stay has ended; its programme of classes cannot change."))
    first, last = participation.start_date.replace(day=1), participation.planned_end_date.replace(day=1)
    if not first <= month <= last:
        errors.add(
            "month",
            _("Choose a month of the stay (%(start)s – %(end)s).")
            % {"start": short_date(participation.start_date), "end": short_date(participation.planned_end_date)},
        )
    if kind not in CLASS_KINDS_OF[participation.kind]:
        errors.add(
            "kind", _("A %(centre)s does not run classes of this kind.") % {"centre": participation.kind.upper()}
        )
    if not description.strip():
        errors.add("description", _("Describe the classes."))
    if instructor is not None and (
        instructor.organisation_id != participation.organisation_id or not instructor.is_active
    ):
        errors.add("instructor", _("Choose an active instructor of this centre."))
    if hours is None or hours <= 0:
        errors.add("hours", _("Enter the hours in the month (more than 0)."))
    plausible.check(errors, {"hours": (plausible.MONTHLY_HOURS, hours)})
    errors.raise_if_any()
    assert hours is not None
    with transaction.atomic():
        if instructor is not None:
            # Locked, so that two people planning at once cannot both take the instructor's last place.
            Instructor.objects.select_for_update().get(pk=instructor.pk)
            _instructor_has_room(instructor, participation, month, errors)
        if participation.kind == ParticipationKind.CIS:
            _hours_within_the_weekly_limit(participation, month, hours, errors)
        errors.raise_if_any()
        return PlannedClass.objects.create(
            participation=participation,
            month=month,
            kind=kind,
            description=description.strip(),
            instructor=instructor,
            hours=hours,
            place=place.strip(),
            recorded_by=actor,
        )


def _instructor_has_room(instructor: Instructor, participation: Participation, month: date, errors: FieldErrors):
    limit = statutory_parameter_get(PARTICIPANTS_PER_INSTRUCTOR_MAX, month)
    if limit is None:
        return
    others = (
        PlannedClass.objects.filter(instructor=instructor, month=month)
        .exclude(participation=participation)
        .values("participation")
        .distinct()
        .count()
    )
    if others + 1 > limit.value:
        message = _(
            "%(instructor)s already has %(count)s participants in this month; the limit is %(limit)s per instructor."
        ) % {"instructor": instructor.name, "count": others, "limit": int(limit.value)}
        if limit.assumption:
            message += " " + _("Assumed: %(assumption)s") % {"assumption": limit.assumption}
        errors.add("instructor", message)


def _hours_within_the_weekly_limit(participation: Participation, month: date, hours: Decimal, errors: FieldErrors):
    weekly = statutory_or_error(WEEKLY_HOURS_MAX, month, field="month")
    allowed = (weekly * _working_days(month) / 5).quantize(Decimal("0.1"))
    planned = PlannedClass.objects.filter(participation=participation, month=month).aggregate(total=Sum("hours"))
    total = (planned["total"] or Decimal(0)) + hours
    if total > allowed:
        errors.add(
            "hours",
            _(
                "With these hours the month has %(total)s hours of classes; a CIS participant has at most "
                "%(weekly)s hours a week, %(allowed)s in this month."
            )
            % {"total": floatformat(total, -1), "weekly": floatformat(weekly, -1), "allowed": floatformat(allowed, -1)},
        )


def planned_classes_exist(*, participation: Participation, month: date) -> bool:
    return PlannedClass.objects.filter(participation=participation, month=month).exists()


def planned_class_remove(*, actor: User, planned_class: PlannedClass) -> None:
    """A line of a month not yet past."""
    participation = planned_class.participation
    _require(actor, works_with_participants_of(actor, participation))
    if planned_class.month < timezone.localdate().replace(day=1):
        raise ValidationError({"__all__": _("The programme of a past month is kept as it was.")})
    planned_class.delete()
