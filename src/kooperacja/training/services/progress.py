"""What a participant does: weekly attendance, modules completed, qualifications gained."""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.catalogue import selectors as catalogue_selectors
from kooperacja.core.dates import week_monday
from kooperacja.core.errors import ConflictError
from kooperacja.core.text import plain_number, short_date
from kooperacja.law import parameters as statutory
from kooperacja.law.selectors import statutory_or_error
from kooperacja.training.models import (
    Attendance,
    ModuleCompletion,
    Participation,
    QualificationGained,
    TrainingProgramme,
)
from kooperacja.training.services.common import FINISHED_STATES, participation_period

# --- attendance, modules, qualifications -------------------------------------------------------------


def attendance_hours_checked(hours, *, monday: date, lookup=statutory_or_error) -> Decimal:
    """``hours`` of the week of ``monday`` as a decimal, or ValidationError on ``hours`` (not a number,
    negative, more than one decimal place, over the legal weekly maximum in force that week) or on
    ``week_start`` (no statutory value for that week). ``lookup`` answers like :func:`statutory_or_error`."""
    try:
        hours = Decimal(str(hours))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"hours": _("Enter a number of hours.")}) from None
    if hours < 0:
        raise ValidationError({"hours": _("Hours cannot be negative.")})
    if hours != hours.quantize(Decimal("0.1")) or hours >= 1000:
        raise ValidationError({"hours": _("Enter hours with at most one decimal place.")})
    limit = lookup(statutory.WEEKLY_HOURS_MAX, monday, field="week_start")
    if hours > limit:
        raise ValidationError(
            {
                "hours": _(
                    "%(hours)s h is more than the legal weekly maximum of %(limit)s h in force in the week of %(week)s."
                )
                % {"hours": plain_number(hours), "limit": plain_number(limit), "week": short_date(monday)}
            }
        )
    return hours


def attendance_week_problem(participation: Participation, monday: date) -> str | None:
    """Why the week of ``monday`` cannot be recorded for ``participation`` (on ``week_start``), or None."""
    if participation.status in FINISHED_STATES and participation.exit_date and monday > participation.exit_date:
        return _("The participation had ended by this week.")
    start, end = participation_period(participation)
    if monday + timedelta(days=6) < start or monday > end:
        return _("The week is outside the participation (%(start)s – %(end)s).") % {
            "start": short_date(start),
            "end": short_date(end),
        }
    return None


def attendance_recorded_message(monday: date, hours: Decimal) -> str:
    """Why a week already recorded is not recorded again (on ``week_start``)."""
    return _("Attendance for the week of %(week)s is already recorded (%(hours)s h). Correct it instead.") % {
        "week": short_date(monday),
        "hours": plain_number(hours),
    }


def attendance_record(
    *,
    actor: User | None,
    participation: Participation,
    week_start: date,
    hours,
    expected_hours: Decimal | None = None,
) -> Attendance:
    """Hours attended in one ISO week (``week_start`` is moved to its Monday).

    More hours than the legal weekly maximum in force that week is refused, naming the limit. A week
    already recorded is refused unless ``expected_hours`` repeats the hours read, in which case it is
    corrected (a conditional update: someone else's change in between gives ConflictError).
    """
    monday = week_monday(week_start)
    hours = attendance_hours_checked(hours, monday=monday)
    problem = attendance_week_problem(participation, monday)
    if problem is not None:
        raise ValidationError({"week_start": problem})
    recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        existing = Attendance.objects.select_for_update().filter(participation=participation, week_start=monday).first()
        if existing is None:
            try:
                with transaction.atomic():
                    return Attendance.objects.create(
                        participation=participation, week_start=monday, hours=hours, recorded_by=recorded_by
                    )
            except IntegrityError:
                raise ConflictError(_("Someone else recorded this week in the meantime. Reload and check.")) from None
        if expected_hours is None:
            raise ValidationError({"week_start": attendance_recorded_message(monday, existing.hours)})
        changed = Attendance.objects.filter(pk=existing.pk, hours=Decimal(str(expected_hours))).update(
            hours=hours, recorded_by=recorded_by
        )
        if changed != 1:
            raise ConflictError(_("Someone else changed this week's attendance in the meantime. Reload and check."))
        existing.hours = hours
        existing.recorded_by = recorded_by
        return existing


def module_complete(*, actor: User, participation: Participation, module, completed_on: date) -> ModuleCompletion:
    """Record a completed module; it must belong to a programme of a cohort the participant is in."""
    belongs = TrainingProgramme.objects.filter(cohorts__participations=participation, modules=module).exists()
    if not belongs:
        raise ValidationError(
            {"module": _("The module is not part of a programme of any cohort this participant is in.")}
        )
    if completed_on is None:
        raise ValidationError({"completed_on": _("Enter the date.")})
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("The date cannot be in the future.")})
    if ModuleCompletion.objects.filter(participation=participation, module=module).exists():
        raise ValidationError({"module": _("This module is already recorded as completed.")})
    try:
        with transaction.atomic():
            return ModuleCompletion.objects.create(
                participation=participation,
                module=module,
                completed_on=completed_on,
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise ValidationError({"module": _("This module is already recorded as completed.")}) from None


def qualification_gain(
    *, actor: User, participation: Participation, code: str, issued_on: date, certificate_number: str = ""
) -> QualificationGained:
    """Record a qualification gained; the code must be one the catalogue knows (any card version)."""
    code = (code or "").strip()
    known = catalogue_selectors.qualification_find(code=code)
    if known is None:
        raise ValidationError({"code": _("The catalogue knows no qualification with this code.")})
    if issued_on is None:
        raise ValidationError({"issued_on": _("Enter the date of issue.")})
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("The date cannot be in the future.")})
    person = participation.person
    if QualificationGained.objects.filter(person=person, code=code).exists():
        raise ValidationError({"code": _("This person already holds this qualification.")})
    try:
        with transaction.atomic():
            return QualificationGained.objects.create(
                person=person,
                participation=participation,
                code=code,
                name=known.name,
                certificate_number=(certificate_number or "").strip(),
                issued_on=issued_on,
            )
    except IntegrityError:
        raise ValidationError({"code": _("This person already holds this qualification.")}) from None
