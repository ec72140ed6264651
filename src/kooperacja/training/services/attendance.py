"""Daily attendance: one row per participation and day (present with hours, or why absent), entered a week at a
time in a grid, one day over the API, or imported.

The hours are checked against the limits in force in the week (the statutory parameters of its Monday):
- CIS: the weekly maximum of art. 14 ust. 1 of the act on social employment; a week of full presence below the
  weekly minimum is flagged, not refused (see the parameter's assumption);
- KIS: no statutory weekly hours, the hours are recorded as given;
- a participant with a moderate or significant degree of disability: 7 h a day and 35 h a week (art. 15 ust. 2 of
  the act on vocational and social rehabilitation), for a CIS the lower of the two weekly limits.
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kooperacja.core import plausible
from kooperacja.core.dates import week_monday
from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.core.text import plain_number, short_date
from kooperacja.law import parameters as statutory
from kooperacja.law.selectors import statutory_or_error
from kooperacja.registry.models import Organisation
from kooperacja.training.models import (
    SHORTER_HOURS_DEGREES,
    Attendance,
    AttendanceKind,
    DisabilityDegree,
    Participation,
    ParticipationKind,
)
from kooperacja.training.rules import PARTICIPANT_STAFF_ROLES
from kooperacja.training.services.common import FINISHED_STATES, participation_period, require_role

TENTH = Decimal("0.1")
KIND_WORDS = {
    # What an import or a form may say for each kind (the codes and the Polish words staff use).
    AttendanceKind.PRESENT: ("present", "obecny", "obecna", "obecność", "o"),
    AttendanceKind.EXCUSED: ("excused", "usprawiedliwiona", "nieobecność usprawiedliwiona", "nu"),
    AttendanceKind.UNEXCUSED: ("unexcused", "nieusprawiedliwiona", "nieobecność nieusprawiedliwiona", "nn"),
    AttendanceKind.SICK: ("sick", "chorobowe", "zwolnienie lekarskie", "l4", "zl"),
    AttendanceKind.DAY_OFF: ("day_off", "dzień wolny", "wolne", "dw"),
}
KIND_OF_WORD = {word: kind.value for kind, words in KIND_WORDS.items() for word in words}

Lookup = Callable[..., Decimal]


@dataclass(frozen=True)
class DayEntry:
    """What is recorded for one day."""

    kind: str
    hours: Decimal


def _basis_social_employment() -> str:
    return _("art. 14 ust. 1 of the act on social employment")


def _basis_rehabilitation() -> str:
    return _("art. 15 ust. 2 of the act on vocational and social rehabilitation")


@dataclass(frozen=True)
class HoursLimits:
    """The limits of one participant in one week, each with its legal basis (None: no limit)."""

    daily: Decimal | None = None
    daily_basis: str = ""
    weekly: Decimal | None = None
    weekly_basis: str = ""
    weekly_min: Decimal | None = None


def _optional(lookup: Lookup, code: str, day: date) -> Decimal | None:
    try:
        return lookup(code, day, field="day")
    except ValidationError:
        return None


def hours_limits(
    *, kind: str, disability_degree: str, monday: date, lookup: Lookup = statutory_or_error
) -> HoursLimits:
    """The limits of a participation of ``kind`` with ``disability_degree`` in the week of ``monday``. A CIS
    week with no statutory maximum loaded is a ValidationError on ``day`` (the parameters must be loaded)."""
    daily = weekly = weekly_min = None
    daily_basis = weekly_basis = ""
    if kind == ParticipationKind.CIS:
        weekly = lookup(statutory.WEEKLY_HOURS_MAX, monday, field="day")
        weekly_basis = _basis_social_employment()
        weekly_min = _optional(lookup, statutory.WEEKLY_HOURS_MIN, monday)
    if disability_degree in SHORTER_HOURS_DEGREES:
        daily = lookup(statutory.DISABLED_DAILY_HOURS_MAX, monday, field="day")
        daily_basis = _basis_rehabilitation()
        disabled_weekly = lookup(statutory.DISABLED_WEEKLY_HOURS_MAX, monday, field="day")
        if weekly is None or disabled_weekly < weekly:
            weekly, weekly_basis = disabled_weekly, _basis_rehabilitation()
    return HoursLimits(daily, daily_basis, weekly, weekly_basis, weekly_min)


def attendance_kind_parsed(value) -> str | None:
    """The kind named by ``value`` (a code or a Polish word, any case), "" for an empty cell, None if unknown."""
    text = str(value if value is not None else "").strip().lower()
    if not text:
        return ""
    return KIND_OF_WORD.get(text)


def attendance_entry_checked(kind, hours, *, field_name: str = "hours", kind_field: str = "") -> DayEntry | None:
    """The day as given by a kind and hours, or None when both are empty (nothing recorded). Hours alone mean
    present. ValidationError on ``kind_field`` (if given) for an unknown kind, on ``field_name`` for the rest:
    hours that are not a number with at most one decimal place, present without hours, hours on a day of absence,
    more than a day's plausible hours."""
    parsed = attendance_kind_parsed(kind)
    if parsed is None:
        choices = ", ".join(f"{words[0]} ({words[1]})" for words in KIND_WORDS.values())
        raise ValidationError(
            {kind_field or field_name: _("Unknown kind of day; use one of: %(choices)s.") % {"choices": choices}}
        )
    empty_hours = hours is None or str(hours).strip() == ""
    if not parsed and empty_hours:
        return None
    value = Decimal("0")
    if not empty_hours:
        try:
            value = Decimal(str(hours).strip().replace(",", "."))
        except (InvalidOperation, TypeError, ValueError):
            raise ValidationError({field_name: _("Enter a number of hours.")}) from None
        if not value.is_finite():
            raise ValidationError({field_name: _("Enter a number of hours.")})
        if value < 0:
            raise ValidationError({field_name: _("Hours cannot be negative.")})
        if value != value.quantize(TENTH) or value >= 100:
            raise ValidationError({field_name: _("Enter hours with at most one decimal place.")})
    kind = parsed or AttendanceKind.PRESENT
    if kind == AttendanceKind.PRESENT:
        if value <= 0:
            raise ValidationError({field_name: _("Enter the hours present.")})
        plausible.validate({field_name: (plausible.DAILY_HOURS, value)})
    elif value:
        raise ValidationError({field_name: _("Hours are recorded only on days present.")})
    return DayEntry(kind, value if kind == AttendanceKind.PRESENT else Decimal("0"))


def _hours(value: Decimal) -> str:
    return plain_number(value)


def attendance_day_over_limit(hours: Decimal, day: date, limits: HoursLimits) -> str | None:
    """Why ``hours`` present on ``day`` are refused, or None."""
    if limits.daily is not None and hours > limits.daily:
        return _("%(hours)s h on %(day)s is more than the limit of %(limit)s h a day (%(basis)s).") % {
            "hours": _hours(hours),
            "day": short_date(day),
            "limit": _hours(limits.daily),
            "basis": limits.daily_basis,
        }
    return None


def attendance_week_over_limit(total: Decimal, monday: date, limits: HoursLimits) -> str | None:
    """Why ``total`` hours in the week of ``monday`` are refused, or None."""
    if limits.weekly is not None and total > limits.weekly:
        return _("%(hours)s h in the week of %(week)s is more than the limit of %(limit)s h a week (%(basis)s).") % {
            "hours": _hours(total),
            "week": short_date(monday),
            "limit": _hours(limits.weekly),
            "basis": limits.weekly_basis,
        }
    return None


def attendance_week_below_minimum(
    entries: dict[date, DayEntry], monday: date, limits: HoursLimits, period: tuple[date, date]
) -> str | None:
    """The flag of a CIS week of full presence below the weekly minimum, or None. Full presence: every working
    day (Monday–Friday) of the week inside the stay is recorded as present."""
    if limits.weekly_min is None:
        return None
    start, end = period
    working = [monday + timedelta(days=offset) for offset in range(5)]
    working = [day for day in working if start <= day <= end]
    if not working or any(entries.get(day) is None or entries[day].kind != AttendanceKind.PRESENT for day in working):
        return None
    if len(working) < 5:
        return None  # a week cut by the start or the end of the stay is not a full week
    total = sum((entry.hours for entry in entries.values()), Decimal("0"))
    if total >= limits.weekly_min:
        return None
    return _("%(hours)s h in the week of %(week)s is below the CIS minimum of %(limit)s h a week.") % {
        "hours": _hours(total),
        "week": short_date(monday),
        "limit": _hours(limits.weekly_min),
    }


def attendance_day_problem(participation: Participation, day: date) -> str | None:
    """Why ``day`` cannot be recorded for ``participation``, or None."""
    if participation.status in FINISHED_STATES and participation.exit_date and day > participation.exit_date:
        return _("The participation had ended by this day.")
    start, end = participation_period(participation)
    if day < start or day > end:
        return _("The day is outside the participation (%(start)s – %(end)s).") % {
            "start": short_date(start),
            "end": short_date(end),
        }
    return None


def attendance_recorded_message(day: date, entry: DayEntry) -> str:
    """Why a day already recorded is not recorded again by an import or a single entry."""
    return _("Attendance for %(day)s is already recorded (%(kind)s). Correct it instead.") % {
        "day": short_date(day),
        "kind": _entry_text(entry),
    }


def _entry_text(entry: DayEntry) -> str:
    label = str(AttendanceKind(entry.kind).label)
    return f"{label}, {_hours(entry.hours)} h" if entry.kind == AttendanceKind.PRESENT else label


def week_fingerprint(rows: Iterable[tuple[int, date, str, Decimal]]) -> str:
    """A short digest of the recorded rows (participation id, day, kind, hours) a grid was built from: a save
    whose rows changed in between is refused."""
    text = "|".join(f"{pk}:{day.isoformat()}:{kind}:{Decimal(hours):.1f}" for pk, day, kind, hours in sorted(rows))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _week_rows(participation_ids: Iterable[int], monday: date, *, lock: bool = False):
    rows = Attendance.objects.filter(
        participation_id__in=list(participation_ids), day__range=(monday, monday + timedelta(days=6))
    )
    if lock:
        rows = rows.select_for_update()
    return rows


def attendance_week_read(participation_ids: Iterable[int], monday: date) -> dict[int, dict[date, DayEntry]]:
    """The recorded days of the week of ``monday`` per participation id."""
    recorded: dict[int, dict[date, DayEntry]] = {}
    for pk, day, kind, hours in _week_rows(participation_ids, monday).values_list(
        "participation_id", "day", "kind", "hours"
    ):
        recorded.setdefault(pk, {})[day] = DayEntry(kind, hours)
    return recorded


def attendance_week_fingerprint(participation_ids: Iterable[int], monday: date) -> str:
    recorded = attendance_week_read(participation_ids, monday)
    return week_fingerprint(
        (pk, day, entry.kind, entry.hours) for pk, days in recorded.items() for day, entry in days.items()
    )


@dataclass
class WeekSaved:
    """What a save of a week did: rows written and removed, and the weeks flagged below the CIS minimum."""

    written: int = 0
    removed: int = 0
    flags: list[str] = field(default_factory=list)


def cell_key(participation: Participation | int, day: date) -> str:
    """The error key of one cell of the grid."""
    return f"{getattr(participation, 'pk', participation)}-{day.isoformat()}"


def row_key(participation: Participation | int) -> str:
    """The error key of one participant's week in the grid."""
    return str(getattr(participation, "pk", participation))


def attendance_week_save(
    *,
    actor: User | None,
    organisation: Organisation,
    monday: date,
    participations: list[Participation],
    cells: dict[tuple[int, date], tuple],
    fingerprint: str | None = None,
) -> WeekSaved:
    """Save a week of the grid: ``cells`` maps (participation id, day) to (kind, hours) as typed; an empty cell
    removes what was recorded that day. Every problem of every cell and week is raised at once (ValidationError
    keyed by :func:`cell_key` and :func:`row_key`), and nothing is saved unless everything is right. With
    ``fingerprint`` (of the rows the grid was built from) a week changed by someone else is a ConflictError."""
    require_role(actor, organisation, PARTICIPANT_STAFF_ROLES)
    if monday.weekday() != 0:
        monday = week_monday(monday)
    by_id = {participation.pk: participation for participation in participations}
    if any(participation.organisation_id != organisation.pk for participation in participations):
        raise PermissionDenied
    errors = FieldErrors()
    wanted: dict[tuple[int, date], DayEntry | None] = {}
    for (pk, day), (kind, hours) in cells.items():
        if pk not in by_id or not monday <= day <= monday + timedelta(days=6):
            raise PermissionDenied
        key = cell_key(pk, day)
        try:
            entry = attendance_entry_checked(kind, hours, field_name=key)
        except ValidationError as exc:
            errors.absorb(exc)
            continue
        if entry is not None:
            problem = attendance_day_problem(by_id[pk], day)
            if problem is not None:
                errors.add(key, problem)
                continue
        wanted[(pk, day)] = entry
    recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    result = WeekSaved()
    with transaction.atomic():
        existing = {(row.participation_id, row.day): row for row in _week_rows(by_id, monday, lock=True)}
        if fingerprint is not None:
            now = week_fingerprint((row.participation_id, row.day, row.kind, row.hours) for row in existing.values())
            if now != fingerprint:
                raise ConflictError(_("Someone else changed this week's attendance in the meantime. Reload and check."))
        for pk, participation in by_id.items():
            entries: dict[date, DayEntry] = {
                day: DayEntry(row.kind, row.hours) for (row_pk, day), row in existing.items() if row_pk == pk
            }
            bad_cells = False
            for offset in range(7):
                day = monday + timedelta(days=offset)
                if (pk, day) in cells:
                    if cell_key(pk, day) in errors:
                        bad_cells = True
                        entries.pop(day, None)
                    elif wanted[(pk, day)] is None:
                        entries.pop(day, None)
                    else:
                        entries[day] = wanted[(pk, day)]  # type: ignore[assignment]
            try:
                limits = hours_limits(
                    kind=participation.kind, disability_degree=participation.disability_degree, monday=monday
                )
            except ValidationError as exc:
                errors.add(row_key(pk), exc.messages[0])
                continue
            for day, entry in sorted(entries.items()):
                over = attendance_day_over_limit(entry.hours, day, limits)
                if over is not None:
                    errors.add(cell_key(pk, day), over)
                    bad_cells = True
            total = sum((entry.hours for entry in entries.values()), Decimal("0"))
            over_week = attendance_week_over_limit(total, monday, limits)
            if over_week is not None:
                errors.add(row_key(pk), over_week)
            elif not bad_cells:
                flag = attendance_week_below_minimum(entries, monday, limits, participation_period(participation))
                if flag is not None:
                    result.flags.append(f"{participation.person}: {flag}")
        errors.raise_if_any()
        for (pk, day), entry in wanted.items():
            row = existing.get((pk, day))
            if entry is None:
                if row is not None:
                    row.delete()
                    result.removed += 1
            elif row is None:
                Attendance.objects.create(
                    participation_id=pk, day=day, kind=entry.kind, hours=entry.hours, recorded_by=recorded_by
                )
                result.written += 1
            elif (row.kind, row.hours) != (entry.kind, entry.hours):
                row.kind, row.hours, row.recorded_by = entry.kind, entry.hours, recorded_by
                row.save(update_fields=["kind", "hours", "recorded_by"])
                result.written += 1
    return result


def attendance_record(
    *,
    actor: User | None,
    participation: Participation,
    day: date,
    kind="",
    hours=None,
    expected_kind: str | None = None,
    expected_hours=None,
) -> Attendance:
    """Record one day (the API and the participant's page). A day already recorded is refused unless
    ``expected_kind`` (and ``expected_hours`` for a day present) repeat what was read, in which case it is
    corrected; someone else's change in between gives ConflictError. Errors are on ``day`` and ``hours``."""
    require_role(actor, participation.organisation, PARTICIPANT_STAFF_ROLES)
    entry = attendance_entry_checked(kind, hours)
    if entry is None:
        raise ValidationError({"hours": _("Enter the hours present or the kind of absence.")})
    problem = attendance_day_problem(participation, day)
    if problem is not None:
        raise ValidationError({"day": problem})
    monday = week_monday(day)
    with transaction.atomic():
        recorded = attendance_week_read([participation.pk], monday).get(participation.pk, {})
        current = recorded.get(day)
        if current is not None:
            if not expected_kind:
                raise ValidationError({"day": attendance_recorded_message(day, current)})
            expected = DayEntry(expected_kind, Decimal(str(expected_hours or 0)).quantize(TENTH))
            if (current.kind, current.hours) != (expected.kind, expected.hours):
                raise ConflictError(_("Someone else changed this day's attendance in the meantime. Reload and check."))
        fingerprint = week_fingerprint((participation.pk, d, e.kind, e.hours) for d, e in recorded.items())
        try:
            attendance_week_save(
                actor=actor,
                organisation=participation.organisation,
                monday=monday,
                participations=[participation],
                cells={(participation.pk, day): (entry.kind, entry.hours)},
                fingerprint=fingerprint,
            )
        except ValidationError as exc:
            messages = [message for messages in exc.message_dict.values() for message in messages]
            raise ValidationError({"hours": messages}) from None
        except IntegrityError:
            raise ConflictError(_("Someone else recorded this day in the meantime. Reload and check.")) from None
    return Attendance.objects.get(participation=participation, day=day)


def participation_disability_set(*, actor: User | None, participation: Participation, degree: str) -> Participation:
    """Record the degree of disability of a participation (health data: the staff of its CIS/KIS only). It sets
    the limits of the days and weeks recorded from now on; what was recorded stays as it is."""
    require_role(actor, participation.organisation, PARTICIPANT_STAFF_ROLES)
    if degree not in DisabilityDegree.values:
        raise ValidationError({"disability_degree": _("Choose a degree of disability.")})
    if participation.disability_degree != degree:
        participation.disability_degree = degree
        participation.save(update_fields=["disability_degree", "updated_at"])
    return participation
