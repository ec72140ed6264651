"""The bulk import of daily attendance (columns: PESEL, day, kind, hours): every row checked by the rules of
:mod:`attendance`, against the organisation's persons and stays read once per file, and all rows written in one
transaction by ``core.bulk``.

Rows are kept between checking and writing as compact arrays (about 30 bytes a row), so two million rows fit
in little memory. Duplicates within the file, days already recorded and the weekly limits (the week's hours in
the file plus those already recorded) are checked for the whole file at once with NumPy, after the rows are.
"""

from array import array
from datetime import date
from decimal import Decimal

import numpy as np
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from kooperacja.core import bulk
from kooperacja.core.crypto import blind_index
from kooperacja.law.selectors import StatutoryValues
from kooperacja.training import imports
from kooperacja.training.models import Attendance, AttendanceKind, ImportJob, Participation, Person
from kooperacja.training.rules import PARTICIPANT_STAFF_ROLES
from kooperacja.training.selectors import PZS_KINDS
from kooperacja.training.services.attendance import (
    DayEntry,
    HoursLimits,
    attendance_day_over_limit,
    attendance_entry_checked,
    attendance_recorded_message,
    attendance_week_over_limit,
    hours_limits,
)
from kooperacja.training.services.common import StayDates, participation_period, require_role
from kooperacja.training.services.persons import pesels_validated

ATTENDANCE_COLUMNS = ("participation_id", "day", "kind", "hours", "recorded_by_id")
# A key of (person or participation, day) in one integer: the id times this, plus the day number.
_DAY_SPAN = 1 << 22
KINDS = tuple(AttendanceKind.values)


def _monday_numbers(days: np.ndarray) -> np.ndarray:
    """The day number of the Monday of each day number (day 1, 1 January of year 1, was a Monday)."""
    return days - (days - 1) % 7


class _Stay:
    """What the check of a day needs of a participation: its id, its period as day numbers, and what its
    limits depend on (the kind of stay and the degree of disability)."""

    __slots__ = ("end", "limit_class", "pk", "start")

    def __init__(self, pk: int, kind: str, disability: str, dates: StayDates):
        start, end = participation_period(dates)
        self.pk = pk
        self.start = start.toordinal()
        self.end = end.toordinal()
        self.limit_class = (kind, disability)


class AttendanceImport:
    """Checks batches of an attendance file and writes what they hold (see :mod:`import_jobs`)."""

    def __init__(self, *, job: ImportJob, actor: User | None):
        organisation = job.organisation
        if organisation.kind not in PZS_KINDS:
            raise imports.ImportFileError(_("You may not do this for this organisation."))
        try:
            require_role(actor, organisation, PARTICIPANT_STAFF_ROLES)
        except PermissionDenied:
            raise imports.ImportFileError(_("You may not do this for this organisation.")) from None
        self.organisation = organisation
        self.recorded_by = actor.pk if actor is not None and actor.is_authenticated else None
        self.lookup = StatutoryValues()
        self.persons: dict[str, int] = dict(
            Person.objects.filter(organisation=organisation).values_list("pesel_index", "id")
        )
        # Each person's stays, the latest start first (the order the form's import always used).
        self.stays: dict[int, list[_Stay]] = {}
        self.stay_of: dict[int, _Stay] = {}
        for pk, person, kind, disability, *dates in (
            Participation.objects.filter(organisation=organisation)
            .order_by("-start_date", "id")
            .values_list("pk", "person_id", "kind", "disability_degree", *StayDates.FIELDS)
        ):
            stay = _Stay(pk, kind, disability, StayDates(*dates))
            self.stays.setdefault(person, []).append(stay)
            self.stay_of[pk] = stay
        # Per PESEL cell: the person's id, or the message why the row is refused.
        self._people: dict[str, int | str] = {}
        self._entries: dict[tuple, DayEntry | tuple[str, str]] = {}
        self._limits: dict[tuple, HoursLimits | str] = {}
        # The rows checked, as arrays: file row, person, participation, day (day number), kind (index), tenths.
        self.rows = array("i")
        self.person_ids = array("q")
        self.participation_ids = array("q")
        self.days = array("i")
        self.kinds = array("b")
        self.tenths = array("h")

    @property
    def staged(self) -> int:
        return len(self.rows)

    # --- checking --------------------------------------------------------------------------------

    def _resolve_people(self, cells: list) -> None:
        unknown = [cell for cell in set(cells) if cell not in self._people]
        for cell, found in zip(unknown, pesels_validated(unknown), strict=True):
            if found is None:
                self._people[cell] = _("Invalid PESEL")
                continue
            person = self.persons.get(blind_index(found[0]))
            if person is None or not self.stays.get(person):
                self._people[cell] = _("No participant of this organisation has this PESEL.")
            else:
                self._people[cell] = person

    def _entry(self, kind, hours) -> DayEntry | tuple[str, str]:
        key = (kind, hours)
        answer = self._entries.get(key)
        if answer is None:
            try:
                entry = attendance_entry_checked(kind, hours, kind_field="kind")
            except ValidationError as exc:
                column, messages = next(iter(exc.message_dict.items()))
                answer = (column, messages[0])
            else:
                answer = entry if entry is not None else ("hours", _("Enter the hours present or the kind of absence."))
            self._entries[key] = answer
        return answer

    def limits(self, limit_class: tuple[str, str], monday: date) -> HoursLimits | str:
        """The limits of a kind of stay and degree of disability in the week of ``monday``, or why unknown."""
        key = (limit_class, monday)
        answer = self._limits.get(key)
        if answer is None:
            kind, disability = limit_class
            try:
                answer = hours_limits(kind=kind, disability_degree=disability, monday=monday, lookup=self.lookup)
            except ValidationError as exc:
                answer = exc.messages[0]
            self._limits[key] = answer
        return answer

    def check(self, batch: imports.Batch) -> None:
        pesel_cells = batch.values["pesel"]
        self._resolve_people(pesel_cells)
        people, stays = self._people, self.stays
        days, kinds, all_hours, numbers = (
            batch.values["day"],
            batch.values["kind"],
            batch.values["hours"],
            batch.numbers,
        )
        bad = batch.bad
        for index, cell in enumerate(pesel_cells):
            if index in bad:
                continue
            person = people[cell]
            if person.__class__ is str:
                batch.error(index, "pesel", person)  # type: ignore[arg-type]
                continue
            entry = self._entry(kinds[index], all_hours[index])
            if entry.__class__ is tuple:
                batch.error(index, *entry)  # type: ignore[misc]
                continue
            day = days[index]
            number = day.toordinal()
            covering = None
            for stay in stays[person]:  # type: ignore[index]
                if stay.start <= number <= stay.end:
                    covering = stay
                    break
            if covering is None:
                batch.error(index, "day", _("No participation of this person covers this day."))
                continue
            monday = date.fromordinal(number - day.weekday())
            limits = self.limits(covering.limit_class, monday)
            if limits.__class__ is str:
                batch.error(index, "day", limits)  # type: ignore[arg-type]
                continue
            over = attendance_day_over_limit(entry.hours, day, limits)  # type: ignore[union-attr, arg-type]
            if over is not None:
                batch.error(index, "hours", over)
                continue
            self.rows.append(numbers[index])
            self.person_ids.append(person)  # type: ignore[arg-type]
            self.participation_ids.append(covering.pk)
            self.days.append(number)
            self.kinds.append(KINDS.index(entry.kind))  # type: ignore[union-attr]
            self.tenths.append(int(entry.hours * 10))  # type: ignore[union-attr]

    def check_file(self) -> list[imports.RowError]:
        """The same person and day twice in the file, days already recorded and weeks over their limit: for all
        rows at once."""
        if not self.rows:
            return []
        rows = np.frombuffer(self.rows, dtype=np.int32)
        days = np.frombuffer(self.days, dtype=np.int32).astype(np.int64)
        errors: list[imports.RowError] = []
        keys = np.frombuffer(self.person_ids, dtype=np.int64) * _DAY_SPAN + days
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        repeated = np.flatnonzero(ordered[1:] == ordered[:-1]) + 1
        if repeated.size:
            # The first row of each run of equal keys is the one the others repeat.
            starts = np.maximum.accumulate(np.where(np.r_[True, ordered[1:] != ordered[:-1]], np.arange(len(keys)), 0))
            for position in repeated.tolist():
                errors.append(
                    imports.RowError(
                        int(rows[order[position]]),
                        "day",
                        _("The same person and day are already in row %(row)s.")
                        % {"row": int(rows[order[starts[position]]])},
                    )
                )
        recorded = self._recorded(days)
        errors.extend(self._recorded_already(rows, days, recorded))
        errors.extend(self._weeks_over_limit(rows, days, recorded))
        return errors

    def _recorded(self, days: np.ndarray) -> dict[int, tuple[str, Decimal]]:
        """What is recorded already in the weeks of the file, by (participation, day) key."""
        mondays = _monday_numbers(days)
        first, last = date.fromordinal(int(mondays.min())), date.fromordinal(int(mondays.max()) + 6)
        found = (
            Attendance.objects.filter(participation__organisation=self.organisation, day__range=(first, last))
            .values_list("participation_id", "day", "kind", "hours")
            .iterator(chunk_size=20_000)
        )
        return {participation * _DAY_SPAN + day.toordinal(): (kind, hours) for participation, day, kind, hours in found}

    def _recorded_already(
        self, rows: np.ndarray, days: np.ndarray, recorded: dict[int, tuple[str, Decimal]]
    ) -> list[imports.RowError]:
        if not recorded:
            return []
        keys = np.frombuffer(self.participation_ids, dtype=np.int64) * _DAY_SPAN + days
        clashing = np.flatnonzero(np.isin(keys, np.fromiter(recorded, dtype=np.int64, count=len(recorded))))
        return [
            imports.RowError(
                int(rows[position]),
                "day",
                attendance_recorded_message(
                    date.fromordinal(int(days[position])), DayEntry(*recorded[int(keys[position])])
                ),
            )
            for position in clashing.tolist()
        ]

    def _weeks_over_limit(
        self, rows: np.ndarray, days: np.ndarray, recorded: dict[int, tuple[str, Decimal]]
    ) -> list[imports.RowError]:
        """Each participation's week whose hours (in the file and recorded on other days) pass its weekly limit,
        reported on the week's last row in the file."""
        participations = np.frombuffer(self.participation_ids, dtype=np.int64)
        week_keys = participations * _DAY_SPAN + _monday_numbers(days)
        weeks, inverse = np.unique(week_keys, return_inverse=True)
        totals = np.bincount(inverse, weights=np.frombuffer(self.tenths, dtype=np.int16), minlength=len(weeks))
        if recorded:
            # Days recorded before count too (a day both in the file and recorded is reported as such).
            in_file = set((participations * _DAY_SPAN + days).tolist())
            extra: dict[int, int] = {}
            for key, (_kind, hours) in recorded.items():
                if key in in_file or not hours:
                    continue
                participation, number = divmod(key, _DAY_SPAN)
                week = participation * _DAY_SPAN + number - (number - 1) % 7
                extra[week] = extra.get(week, 0) + int(hours * 10)
            if extra:
                positions = np.searchsorted(weeks, np.fromiter(extra, dtype=np.int64, count=len(extra)))
                for position, (week, tenths) in zip(positions.tolist(), extra.items(), strict=True):
                    if position < len(weeks) and weeks[position] == week:
                        totals[position] += tenths
        last = np.zeros(len(weeks), dtype=np.int64)
        np.maximum.at(last, inverse, np.arange(len(week_keys)))
        errors = []
        for position in np.flatnonzero(totals > 0).tolist():
            participation, monday_number = divmod(int(weeks[position]), _DAY_SPAN)
            monday = date.fromordinal(monday_number)
            limits = self.limits(self.stay_of[participation].limit_class, monday)
            if limits.__class__ is str:
                continue  # each of its rows was refused already
            total = Decimal(int(totals[position])) / 10
            over = attendance_week_over_limit(total, monday, limits)  # type: ignore[arg-type]
            if over is not None:
                errors.append(imports.RowError(int(rows[last[position]]), "hours", over))
        return errors

    # --- writing ---------------------------------------------------------------------------------

    def write(self) -> int:
        """Write every row checked, inside the caller's transaction (a day recorded meanwhile by someone else
        breaks the unique constraint and rolls it all back)."""
        dates: dict[int, date] = {}
        hours_of = [Decimal(tenths) / 10 for tenths in range(241)]
        recorded_by = self.recorded_by

        def rows():
            for participation, number, kind, tenths in zip(
                self.participation_ids, self.days, self.kinds, self.tenths, strict=True
            ):
                day = dates.get(number)
                if day is None:
                    day = dates[number] = date.fromordinal(number)
                yield (participation, day, KINDS[kind], hours_of[tenths], recorded_by)

        return bulk.insert_rows(Attendance, ATTENDANCE_COLUMNS, rows())
