"""The bulk import of weekly attendance: every row checked by the rules of :func:`attendance_record`, against
the organisation's persons and stays read once per file, and all rows written in one transaction by
``core.bulk``.

Rows are kept between checking and writing as compact arrays (28 bytes a row), so two million rows fit
in little memory. Duplicates within the file and weeks already recorded are found for the whole file at once
with NumPy, after the rows are checked.
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
from kooperacja.core.dates import week_monday
from kooperacja.law.selectors import StatutoryValues
from kooperacja.training import imports
from kooperacja.training.models import Attendance, ImportJob, Participation, Person
from kooperacja.training.rules import PARTICIPANT_STAFF_ROLES
from kooperacja.training.selectors import PZS_KINDS
from kooperacja.training.services.common import StayDates, participation_period, require_role
from kooperacja.training.services.persons import pesels_validated
from kooperacja.training.services.progress import attendance_hours_checked, attendance_recorded_message

ATTENDANCE_COLUMNS = ("participation_id", "week_start", "hours", "recorded_by_id")
# A key of (person or participation, week) in one integer: the id times this, plus the Monday's day number.
_WEEK_SPAN = 1 << 22


class _Stay:
    """What the check of a week needs of a participation: its id and its period as day numbers."""

    __slots__ = ("end", "pk", "start")

    def __init__(self, pk: int, dates: StayDates):
        start, end = participation_period(dates)
        self.pk = pk
        self.start = start.toordinal()
        self.end = end.toordinal()


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
        for pk, person, *dates in (
            Participation.objects.filter(organisation=organisation)
            .order_by("-start_date", "id")
            .values_list("pk", "person_id", *StayDates.FIELDS)
        ):
            self.stays.setdefault(person, []).append(_Stay(pk, StayDates(*dates)))
        # Per PESEL cell: the person's id, or the message why the row is refused.
        self._people: dict[str, int | str] = {}
        self._mondays: dict[date, date] = {}
        self._hours: dict[tuple[Decimal, date], Decimal | tuple[str, str]] = {}
        self.hour_values: list[Decimal] = []
        self._hour_index: dict[Decimal, int] = {}
        # The rows checked, as arrays: file row, person, participation, Monday (day number), hours (index).
        self.rows = array("i")
        self.person_ids = array("q")
        self.participation_ids = array("q")
        self.mondays = array("i")
        self.hours = array("i")

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

    def _hours_checked(self, hours: Decimal, monday: date) -> Decimal | tuple[str, str]:
        key = (hours, monday)
        answer = self._hours.get(key)
        if answer is None:
            try:
                answer = attendance_hours_checked(hours, monday=monday, lookup=self.lookup)
            except ValidationError as exc:
                field, messages = next(iter(exc.message_dict.items()))
                answer = (field, messages[0])
            self._hours[key] = answer
        return answer

    def check(self, batch: imports.Batch) -> None:
        pesel_cells = batch.values["pesel"]
        self._resolve_people(pesel_cells)
        people, stays, mondays = self._people, self.stays, self._mondays
        weeks, all_hours, numbers = batch.values["week_start"], batch.values["hours"], batch.numbers
        bad = batch.bad
        for index, cell in enumerate(pesel_cells):
            if index in bad:
                continue
            person = people[cell]
            if person.__class__ is str:
                batch.error(index, "pesel", person)  # type: ignore[arg-type]
                continue
            day = weeks[index]
            monday = mondays.get(day)
            if monday is None:
                monday = mondays[day] = week_monday(day)
            hours = self._hours_checked(all_hours[index], monday)
            if hours.__class__ is tuple:
                batch.error(index, *hours)  # type: ignore[misc]
            first = monday.toordinal()
            covering = None
            for stay in stays[person]:  # type: ignore[index]
                # The week overlaps the stay. Then attendance_week_problem() has nothing to add: a stay ended
                # ends on its exit date, so a week starting after it is outside the stay.
                if stay.start <= first + 6 and first <= stay.end:
                    covering = stay
                    break
            if covering is None:
                batch.error(index, "week_start", _("No participation of this person covers this week."))
                continue
            if index in bad:
                continue
            self.rows.append(numbers[index])
            self.person_ids.append(person)  # type: ignore[arg-type]
            self.participation_ids.append(covering.pk)
            self.mondays.append(first)
            self.hours.append(self._hour_position(hours))  # type: ignore[arg-type]

    def _hour_position(self, hours: Decimal) -> int:
        position = self._hour_index.get(hours)
        if position is None:
            position = self._hour_index[hours] = len(self.hour_values)
            self.hour_values.append(hours)
        return position

    def check_file(self) -> list[imports.RowError]:
        """The same person and week twice in the file, and weeks already recorded: for all rows at once."""
        if not self.rows:
            return []
        rows = np.frombuffer(self.rows, dtype=np.int32)
        mondays = np.frombuffer(self.mondays, dtype=np.int32).astype(np.int64)
        errors: list[imports.RowError] = []
        keys = np.frombuffer(self.person_ids, dtype=np.int64) * _WEEK_SPAN + mondays
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
                        "week_start",
                        _("The same person and week are already in row %(row)s.")
                        % {"row": int(rows[order[starts[position]]])},
                    )
                )
        errors.extend(self._recorded_already(rows, mondays))
        return errors

    def _recorded_already(self, rows: np.ndarray, mondays: np.ndarray) -> list[imports.RowError]:
        participations = np.frombuffer(self.participation_ids, dtype=np.int64)
        keys = participations * _WEEK_SPAN + mondays
        first, last = date.fromordinal(int(mondays.min())), date.fromordinal(int(mondays.max()))
        recorded = (
            Attendance.objects.filter(participation__organisation=self.organisation, week_start__range=(first, last))
            .values_list("participation_id", "week_start", "hours")
            .iterator(chunk_size=20_000)
        )
        hours_of: dict[int, Decimal] = {}
        for participation, week, hours in recorded:
            hours_of[participation * _WEEK_SPAN + week.toordinal()] = hours
        if not hours_of:
            return []
        clashing = np.flatnonzero(np.isin(keys, np.fromiter(hours_of, dtype=np.int64, count=len(hours_of))))
        return [
            imports.RowError(
                int(rows[position]),
                "week_start",
                attendance_recorded_message(date.fromordinal(int(mondays[position])), hours_of[int(keys[position])]),
            )
            for position in clashing.tolist()
        ]

    # --- writing ---------------------------------------------------------------------------------

    def write(self) -> int:
        """Write every row checked, inside the caller's transaction (a week recorded meanwhile by someone else
        breaks the unique constraint and rolls it all back)."""
        days: dict[int, date] = {}
        hour_values, recorded_by = self.hour_values, self.recorded_by

        def rows():
            for participation, monday, hours in zip(self.participation_ids, self.mondays, self.hours, strict=True):
                day = days.get(monday)
                if day is None:
                    day = days[monday] = date.fromordinal(monday)
                yield (participation, day, hour_values[hours], recorded_by)

        return bulk.insert_rows(Attendance, ATTENDANCE_COLUMNS, rows())
