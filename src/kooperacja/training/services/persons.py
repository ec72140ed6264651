"""The records a CIS/KIS holds of people: enrolment of a new person (or one it already holds), corrections."""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.pl import pesel as pesel_number

from kooperacja.core import plausible
from kooperacja.core.crypto import blind_index, encrypt
from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.registry.models import Organisation
from kooperacja.training.models import (
    Participation,
    Person,
)
from kooperacja.training.rules import PARTICIPANT_STAFF_ROLES
from kooperacja.training.selectors import (
    PZS_KINDS,
    pesel_compact,
)
from kooperacja.training.services.common import municipality_of, require_role
from kooperacja.training.services.participations import participation_save, participation_validated

# --- persons -----------------------------------------------------------------------------------------

PERSON_FIELDS = ("first_name", "last_name", "home_municipality", "phone", "email")
# What to do when the CIS/KIS already holds a person with the PESEL entered and the data entered differ.
HELD_KEEP = "keep"  # enrol with the data held
HELD_UPDATE = "update"  # correct the data held with the data entered, then enrol
HELD_CHOICES = (HELD_KEEP, HELD_UPDATE)


def pesel_validate(value: str, *, field: str = "pesel") -> str:
    """The PESEL in compact form, or a field error "Invalid PESEL"."""
    compact = pesel_compact(value)
    try:
        return pesel_number.validate(compact)
    except StdnumValidationError as exc:
        raise ValidationError({field: ValidationError(_("Invalid PESEL"), code="invalid_pesel")}) from exc


def pesel_birth_date_check(pesel: str | None, errors: FieldErrors, *, field: str = "pesel", birth_date=None) -> None:
    """The date of birth a valid PESEL encodes, within the plausible ages of a participant (a mistyped century
    or year makes a PESEL valid but a person 3 or 130 years old)."""
    if pesel:
        born = birth_date or pesel_number.get_birth_date(pesel)
        plausible.check(errors, {field: (plausible.BIRTH_DATE, born)})


_PESEL_WEIGHTS = np.array([1, 3, 7, 9, 1, 3, 7, 9, 1, 3], dtype=np.int64)
_PESEL_CENTURIES = np.array([1900, 2000, 2100, 2200, 1800], dtype=np.int64)  # by month // 20
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def pesels_validated(values: Sequence[Any]) -> list[tuple[str, date] | None]:
    """:func:`pesel_validate` for a column of values at once: per value its compact form and the date of birth
    it encodes, or None when it is not a valid PESEL. The check digit and the date are computed for the whole
    column with NumPy (the rules of ``stdnum.pl.pesel``: eleven digits, weights 1-3-7-9, the century in the
    month)."""
    compacts = [
        value
        if value.__class__ is str and len(value) == 11 and value.isascii() and value.isdigit()
        else pesel_compact(value or "")
        for value in values
    ]
    found: list[tuple[str, date] | None] = [None] * len(compacts)
    candidates = [index for index, compact in enumerate(compacts) if len(compact) == 11 and compact.isascii()]
    candidates = [index for index in candidates if compacts[index].isdigit()]
    if not candidates:
        return found
    text = "".join(compacts[index] for index in candidates).encode("ascii")
    digits = np.frombuffer(text, dtype=np.uint8).reshape(-1, 11).astype(np.int64) - 48
    check_ok = (10 - (digits[:, :10] @ _PESEL_WEIGHTS) % 10) % 10 == digits[:, 10]
    coded_month = digits[:, 2] * 10 + digits[:, 3]
    year = digits[:, 0] * 10 + digits[:, 1] + _PESEL_CENTURIES[coded_month // 20]
    month = coded_month % 20
    day = digits[:, 4] * 10 + digits[:, 5]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    days = _DAYS_IN_MONTH[np.clip(month, 0, 12)] + (leap & (month == 2))
    valid = check_ok & (month >= 1) & (month <= 12) & (day >= 1) & (day <= days)
    years, months, days_of_month = year.tolist(), month.tolist(), day.tolist()
    for position in np.flatnonzero(valid).tolist():
        index = candidates[position]
        found[index] = (compacts[index], date(years[position], months[position], days_of_month[position]))
    return found


def _person_values(data: Mapping[str, Any], errors: FieldErrors) -> dict[str, Any]:
    """The person's fields from ``data``, trimmed and checked; problems are added to ``errors``."""
    values = {
        "first_name": (data.get("first_name") or "").strip(),
        "last_name": (data.get("last_name") or "").strip(),
        "home_municipality": municipality_of(data.get("home_municipality"), field="home_municipality", errors=errors),
        "phone": (data.get("phone") or "").strip(),
        "email": (data.get("email") or "").strip(),
    }
    if not values["first_name"]:
        errors.add("first_name", _("Enter the first name."))
    if not values["last_name"]:
        errors.add("last_name", _("Enter the last name."))
    probe = Person(**{name: value for name, value in values.items() if name != "home_municipality"})
    try:
        probe.full_clean(exclude=["organisation", "pesel_encrypted", "pesel_index", "birth_date", "home_municipality"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            if field not in errors:
                errors.update({field: [ValidationError(m) for m in messages]})
    return values


def person_set_pesel(person: Person, pesel: str) -> None:
    """The encrypted PESEL, its blind index and the birth date it carries (also for bulk writers)."""
    person.pesel_encrypted = encrypt(pesel)
    person.pesel_index = blind_index(pesel)
    person.birth_date = pesel_number.get_birth_date(pesel)


def _held_summary(person: Person) -> str:
    parts = [f"{person.first_name} {person.last_name}", person.home_municipality.display_name]
    parts += [value for value in (person.phone, person.email) if value]
    return ", ".join(parts)


def _differs(person: Person, values: Mapping[str, Any]) -> bool:
    return any(
        (value.code if name == "home_municipality" else value)
        != getattr(person, f"{name}_id" if name == "home_municipality" else name)
        for name, value in values.items()
    )


def participant_enrol(
    *,
    actor: User | None,
    organisation: Organisation,
    person_data: Mapping[str, Any],
    participation_data: Mapping[str, Any],
    held_person: str = "",
) -> Participation:
    """Record a person in the CIS/KIS's own records and enrol them, in one transaction: a refused enrolment
    stores nothing, neither the person nor their PESEL.

    Only this organisation's records are searched for the PESEL: whether another institution knows the
    person changes nothing in the answer, and nothing of its records is read or linked. If this organisation
    already holds a person with the PESEL and the data entered differ from the data held, the enrolment is
    refused on ``held_person`` with the data held, until the caller chooses ``HELD_KEEP`` (enrol with the
    data held) or ``HELD_UPDATE`` (correct them with the data entered).
    """
    if organisation.kind not in PZS_KINDS:
        raise ValidationError({"organisation": _("Only a CIS or a KIS enrols participants.")})
    require_role(actor, organisation, PARTICIPANT_STAFF_ROLES)
    errors = FieldErrors()
    try:
        pesel = pesel_validate(person_data.get("pesel", ""))
    except ValidationError as exc:
        errors.absorb(exc)
        pesel = None
    pesel_birth_date_check(pesel, errors)
    values = _person_values(person_data, errors)
    try:
        participation = participation_validated(organisation=organisation, data=participation_data)
    except ValidationError as exc:
        errors.absorb(exc, new_fields_only=True)
        participation = None
    errors.raise_if_any()
    assert pesel is not None and participation is not None  # each check that failed left an error raised above
    with transaction.atomic():
        person = (
            Person.objects.select_for_update()
            .select_related("home_municipality")
            .filter(organisation=organisation, pesel_index=blind_index(pesel))
            .first()
        )
        if person is None:
            person = Person(organisation=organisation, **values)
            person_set_pesel(person, pesel)
            try:
                with transaction.atomic():
                    person.save()
            except IntegrityError:
                raise ConflictError(
                    _("Someone else has just recorded a person with this PESEL. Submit the form again.")
                ) from None
        elif _differs(person, values):
            if held_person not in HELD_CHOICES:
                raise ValidationError(
                    {
                        "held_person": ValidationError(
                            _(
                                "Your records already hold a person with this PESEL: %(held)s. The data entered "
                                "differ: choose whether to enrol with the data held or to correct them."
                            ),
                            code="person_held",
                            params={"held": _held_summary(person)},
                        )
                    }
                )
            if held_person == HELD_UPDATE:
                _person_write(person, values)
        participation.person = person
        return participation_save(actor=actor, participation=participation, data=participation_data)


def _person_write(person: Person, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        setattr(person, name, value)
    person.version += 1
    person.save(update_fields=[*values, "version", "pesel_encrypted", "pesel_index", "birth_date"])


def person_update(*, actor: User, person: Person, data: Mapping[str, Any], expected_version: int) -> Person:
    """Correct the data a CIS/KIS holds of a person (names, home municipality, contact, and — when typed — the
    PESEL). Refused with ConflictError if someone saved the person since ``expected_version`` was read."""
    require_role(actor, person.organisation, PARTICIPANT_STAFF_ROLES)
    errors = FieldErrors()
    values = _person_values(data, errors)
    pesel = None
    if data.get("pesel"):
        try:
            pesel = pesel_validate(data["pesel"])
        except ValidationError as exc:
            errors.absorb(exc)
        else:
            pesel_birth_date_check(pesel, errors)
            taken = Person.objects.filter(organisation_id=person.organisation_id, pesel_index=blind_index(pesel))
            if taken.exclude(pk=person.pk).exists():
                errors.add("pesel", _("Your records already hold another person with this PESEL."))
    errors.raise_if_any()
    with transaction.atomic():
        claimed = Person.objects.filter(pk=person.pk, version=expected_version).update(version=expected_version + 1)
        if claimed != 1:
            raise ConflictError(
                _("Someone else changed this person's data in the meantime. Nothing was saved; check and repeat.")
            )
        for name, value in values.items():
            setattr(person, name, value)
        if pesel is not None:
            person_set_pesel(person, pesel)
        person.version = expected_version + 1
        person.save(update_fields=[*values, "pesel_encrypted", "pesel_index", "birth_date"])
    return person
