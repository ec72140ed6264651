"""The bulk import of participants: every row checked by the rules of :func:`participant_enrol`, against
reference data read once per file, and all rows written in one transaction by ``core.bulk``.

A row of a PESEL the CIS/KIS already holds enrols that person with the data held (as the form does with
"keep the data held"); a PESEL twice in one file is an error. Rows are written without change-log entries of
their own: the import job records who imported which file, when, and how many rows; each participation gets
its "enrolled" event as from the form.
"""

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core import bulk
from kooperacja.core.crypto import blind_index, encrypt
from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.law.selectors import StatutoryValues
from kooperacja.territory import selectors as territory
from kooperacja.training import imports
from kooperacja.training.models import (
    ImportJob,
    Participation,
    ParticipationCategory,
    ParticipationEvent,
    ParticipationStatus,
    Person,
)
from kooperacja.training.rules import PARTICIPANT_STAFF_ROLES
from kooperacja.training.selectors import PZS_KINDS
from kooperacja.training.services.common import StayDates, participation_period, require_role
from kooperacja.training.services.participations import overlap_message, participation_check
from kooperacja.training.services.persons import pesel_birth_date_check, pesels_validated

PERSON_COLUMNS = (
    "id",
    "public_id",
    "organisation_id",
    "first_name",
    "last_name",
    "pesel_encrypted",
    "pesel_index",
    "birth_date",
    "home_municipality_id",
    "phone",
    "email",
    "version",
    "created_at",
)
PARTICIPATION_COLUMNS = (
    "id",
    "public_id",
    "person_id",
    "organisation_id",
    "kind",
    "exclusion",
    "exclusions_checked_by_id",
    "exclusions_checked_at",
    "referred_by_id",
    "referral_date",
    "plan_reference",
    "plan_signed_on",
    "trial_start",
    "trial_end",
    "start_date",
    "planned_end_date",
    "exit_date",
    "exit_reason",
    "status",
    "ready_confirmed_by_id",
    "ready_confirmed_at",
    "commute_limit_km",
    "available_from",
    "working_time",
    "consent_to_share",
    "consent_recorded_at",
    "version",
    "created_at",
    "updated_at",
)
EVENT_COLUMNS = ("participation_id", "from_state", "to_state", "actor_id", "note", "at")
CATEGORY_COLUMNS = ("participation_id", "category")
# The rules name the categories "categories"; the file's column is "eligibility".
FIELD_COLUMNS = {"categories": "eligibility"}
PARTICIPATION_VALUES = (
    "eligibility",
    "exclusions",
    "referral_date",
    "plan_reference",
    "plan_signed_on",
    "trial_start",
    "trial_end",
    "start_date",
    "planned_end_date",
    "working_time",
)
# Text fields checked by their model field's own validators (length, e-mail) when the quick test fails.
PERSON_TEXTS = ("first_name", "last_name", "phone", "email")


def _field(model, name: str):
    return model._meta.get_field(name)


def _field_problems(model, name: str, value: Any) -> list[str]:
    """The messages of the model field's validators for ``value`` (as ``full_clean`` gives them)."""
    try:
        _field(model, name).run_validators(value)
    except ValidationError as exc:
        return list(exc.messages)
    return []


class ParticipantImport:
    """Checks batches of a participants file and writes what they hold (see :mod:`import_jobs`)."""

    def __init__(self, *, job: ImportJob, actor: User | None):
        organisation = job.organisation
        if organisation.kind not in PZS_KINDS:
            raise imports.ImportFileError(_("Only a CIS or a KIS enrols participants."))
        try:
            require_role(actor, organisation, PARTICIPANT_STAFF_ROLES)
        except PermissionDenied:
            raise imports.ImportFileError(_("You may not do this for this organisation.")) from None
        self.organisation = organisation
        self.actor_id = actor.pk if actor is not None and actor.is_authenticated else None
        self.lookup = StatutoryValues()
        self.units = territory.UnitIndex()
        # The persons this CIS/KIS holds, by blind index, and the periods of their stays.
        self.held: dict[str, int] = dict(
            Person.objects.filter(organisation=organisation).values_list("pesel_index", "id")
        )
        self.periods: dict[int, list[tuple[date, date]]] = {}
        for person, *dates in Participation.objects.filter(organisation=organisation).values_list(
            "person_id", *StayDates.FIELDS
        ):
            self.periods.setdefault(person, []).append(participation_period(StayDates(*dates)))
        self.held_participations = sum(len(periods) for periods in self.periods.values())
        self.first_row: dict[str, int] = {}  # compact PESEL -> the row it first appears in
        self.persons: list[tuple] = []  # new persons, without their id
        self.participations: list[tuple] = []  # (person: -1 - index of a new person, or a held person's id, ...)
        self.held_used: set[int] = set()
        self.max_lengths = {name: _field(Person, name).max_length for name in PERSON_TEXTS}
        self.reference_length = _field(Participation, "plan_reference").max_length

    @property
    def staged(self) -> int:
        return len(self.participations)

    # --- checking --------------------------------------------------------------------------------

    def check(self, batch: imports.Batch) -> None:
        values = batch.values
        pesels = pesels_validated(values["pesel"])
        kind = self.organisation.kind
        now = timezone.now()
        for index in range(len(batch)):
            if index in batch.bad:
                continue  # a cell could not be read: its other rules are checked once it can
            row = {name: column[index] for name, column in values.items()}
            row["categories"] = row["eligibility"]
            exclusions = row["exclusions"] or ()
            row["exclusions_none"] = imports.EXCLUSIONS_NONE in exclusions
            row["exclusions"] = [code for code in exclusions if code != imports.EXCLUSIONS_NONE]
            errors = FieldErrors()
            found = pesels[index]
            if found is None:
                errors.add("pesel", _("Invalid PESEL"))
            else:
                first = self.first_row.setdefault(found[0], batch.numbers[index])
                if first != batch.numbers[index]:
                    errors.add("pesel", _("The same PESEL is already in row %(row)s.") % {"row": first})
                pesel_birth_date_check(found[0], errors, birth_date=found[1])
            municipality = self._municipality(row["home_municipality"], errors)
            self._texts(row, errors)
            try:
                reference, trial_start, trial_end, categories, exclusion = participation_check(
                    kind, row, errors, lookup=self.lookup
                )
            except ValidationError as exc:  # no statutory value for the dates given
                errors.absorb(exc)
                reference, trial_start, trial_end, categories, exclusion = "", None, None, [], ""
            if len(reference) > self.reference_length:
                for message in _field_problems(Participation, "plan_reference", reference):
                    errors.add("plan_reference", message)
            # Its plausible range (0 to 200 km) was checked with the stay's other rules.
            commute = row["commute_limit_km"] if row["commute_limit_km"] is not None else 25
            person = None
            if found is not None and not errors:
                person = self._person(found, row, municipality, trial_start, errors)
            if errors:
                for field, problems in errors.by_field.items():
                    for problem in problems:
                        for message in problem.messages:
                            batch.error(index, FIELD_COLUMNS.get(field, field), message)
                continue
            consent = bool(row["consent_to_share"])
            self.participations.append(
                (
                    person,
                    kind,
                    tuple(categories),
                    exclusion,
                    row["referral_date"],
                    reference,
                    row["plan_signed_on"],
                    trial_start,
                    trial_end,
                    row["start_date"],
                    row["planned_end_date"],
                    commute,
                    row["available_from"],
                    row["working_time"] or "full_time",
                    consent,
                    now if consent else None,
                )
            )

    def _municipality(self, value: Any, errors: FieldErrors) -> str | None:
        """As :func:`municipality_of`, from the units read once."""
        try:
            return self.units.municipality(imports._text(value))
        except ValidationError as exc:
            errors.absorb(exc, field="home_municipality")
            return None

    def _texts(self, row: dict[str, Any], errors: FieldErrors) -> None:
        for name in PERSON_TEXTS:
            value = row[name] or ""
            if len(value) > self.max_lengths[name] or (name == "email" and value):
                for message in _field_problems(Person, name, value):
                    errors.add(name, message)

    def _person(
        self, found: tuple[str, date], row: dict[str, Any], municipality: str | None, trial_start, errors: FieldErrors
    ) -> int | None:
        """The person to enrol: a held one (its id) or a new one (``-1 - index`` in ``self.persons``); a held
        person's overlapping stay is an error."""
        compact, birth_date = found
        index = blind_index(compact)
        held = self.held.get(index)
        if held is None:
            self.persons.append(
                (
                    row["first_name"],
                    row["last_name"],
                    encrypt(compact),
                    index,
                    birth_date,
                    municipality,
                    row["phone"] or "",
                    row["email"] or "",
                )
            )
            return -len(self.persons)
        start = min(trial_start, row["start_date"]) if trial_start else row["start_date"]
        end = row["planned_end_date"]
        for other_start, other_end in self.periods.get(held, ()):
            if start <= other_end and other_start <= end:
                errors.add("start_date", overlap_message(other_start, other_end))
                return None
        self.held_used.add(held)
        return held

    def check_file(self) -> list[imports.RowError]:
        return []  # every rule is checked row by row, duplicates included

    # --- writing ---------------------------------------------------------------------------------

    def write(self) -> int:
        """Write the persons, their participations and the events, inside the caller's transaction; a
        held person enrolled meanwhile by someone else, or a new one recorded meanwhile, is a conflict."""
        self._lock_held_persons()
        now = bulk.db_datetime(timezone.now())
        person_ids = bulk.allocate_ids(Person, len(self.persons))
        organisation_id = self.organisation.pk
        bulk.insert_rows(
            Person,
            PERSON_COLUMNS,
            (
                (
                    person_id,
                    public_id,
                    organisation_id,
                    first_name,
                    last_name,
                    pesel_encrypted,
                    pesel_index,
                    birth_date,
                    municipality,
                    phone,
                    email,
                    1,
                    now,
                )
                for person_id, public_id, (
                    first_name,
                    last_name,
                    pesel_encrypted,
                    pesel_index,
                    birth_date,
                    municipality,
                    phone,
                    email,
                ) in zip(person_ids, bulk.new_public_ids(len(self.persons)), self.persons, strict=True)
            ),
        )
        participation_ids = bulk.allocate_ids(Participation, len(self.participations))
        bulk.insert_rows(
            Participation,
            PARTICIPATION_COLUMNS,
            (
                (
                    participation_id,
                    public_id,
                    person_ids[-1 - person] if person < 0 else person,
                    organisation_id,
                    kind,
                    exclusion,
                    self.actor_id,
                    now,
                    None,
                    referral_date,
                    reference,
                    signed_on,
                    trial_start,
                    trial_end,
                    start,
                    planned_end,
                    None,
                    "",
                    ParticipationStatus.REFERRED,
                    None,
                    None,
                    commute,
                    available_from,
                    working_time,
                    consent,
                    bulk.db_datetime(consent_at) if consent_at else None,
                    1,
                    now,
                    now,
                )
                for participation_id, public_id, (
                    person,
                    kind,
                    _categories,
                    exclusion,
                    referral_date,
                    reference,
                    signed_on,
                    trial_start,
                    trial_end,
                    start,
                    planned_end,
                    commute,
                    available_from,
                    working_time,
                    consent,
                    consent_at,
                ) in zip(
                    participation_ids, bulk.new_public_ids(len(self.participations)), self.participations, strict=True
                )
            ),
        )
        bulk.insert_rows(
            ParticipationCategory,
            CATEGORY_COLUMNS,
            (
                (participation_id, code)
                for participation_id, staged in zip(participation_ids, self.participations, strict=True)
                for code in staged[2]
            ),
        )
        note = _("Enrolled")
        bulk.insert_rows(
            ParticipationEvent,
            EVENT_COLUMNS,
            ((pk, "", ParticipationStatus.REFERRED, self.actor_id, note, now) for pk in participation_ids),
        )
        return len(self.participations)

    def _lock_held_persons(self) -> None:
        """Serialise with enrolments from the form (which lock the person too), and make sure the stays read
        when the file was checked are still all there are."""
        if not self.held_used:
            return
        held = sorted(self.held_used)
        for start in range(0, len(held), bulk.BATCH_ROWS):
            list(Person.objects.select_for_update().filter(pk__in=held[start : start + bulk.BATCH_ROWS]).values("pk"))
        if Participation.objects.filter(organisation=self.organisation).count() != self.held_participations:
            raise ConflictError("stays changed meanwhile")  # the import job tells the uploader (_Conflict)
