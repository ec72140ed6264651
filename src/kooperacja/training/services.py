"""Writes of the training app. Views, the API, imports and commands all go through these functions."""

import contextlib
import logging
import traceback
import uuid
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.pl import pesel as pesel_number

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.roles import Role
from kooperacja.catalogue import selectors as catalogue_selectors
from kooperacja.core import jobs
from kooperacja.core.crypto import blind_index, decrypt_bytes, encrypt, encrypt_bytes
from kooperacja.core.errors import ConflictError
from kooperacja.core.fsm import transition
from kooperacja.registry.models import Organisation, OrganisationKind
from kooperacja.staffing import selectors as staffing_selectors
from kooperacja.staffing import services as staffing_services
from kooperacja.territory.models import Level, Unit
from kooperacja.territory.selectors import unit_resolve
from kooperacja.training import imports, statutory
from kooperacja.training.models import (
    PARTICIPATION_MACHINE,
    Attendance,
    Cohort,
    EligibilityCategory,
    ExitReason,
    ImportJob,
    ImportKind,
    ImportStatus,
    ModuleCompletion,
    Participation,
    ParticipationEvent,
    ParticipationKind,
    ParticipationStatus,
    Person,
    QualificationGained,
    StatutoryParameter,
    TrainingProgramme,
)
from kooperacja.training.rules import PARTICIPANT_STAFF_ROLES
from kooperacja.training.selectors import (
    PZS_KINDS,
    StatutoryParameterMissing,
    person_find_by_pesel,
    pesel_compact,
    statutory_value,
)

COMPLETED_REASONS = frozenset(
    {ExitReason.EMPLOYMENT, ExitReason.COOPERATIVE, ExitReason.BUSINESS, ExitReason.PERIOD_EXPIRED}
)
TERMINATED_REASONS = frozenset({ExitReason.BREACH, ExitReason.ABANDONED, ExitReason.WITHDREW})
FINISHED_STATES = (ParticipationStatus.COMPLETED, ParticipationStatus.TERMINATED)

logger = logging.getLogger(__name__)


# --- helpers -----------------------------------------------------------------------------------------


def _raise_if(errors: Mapping[str, list]) -> None:
    if errors:
        raise ValidationError(dict(errors))


def _add(errors: dict[str, list], field: str, message: str) -> None:
    errors.setdefault(field, []).append(ValidationError(message))


def _require_role(actor, organisation: Organisation, roles: Iterable[str]) -> None:
    """Defence in depth behind the fetch helpers: the actor must hold one of ``roles`` there. ``actor`` None
    is the system itself (the demo loader; an import whose author's account is gone was authorised when
    it was uploaded)."""
    if actor is None or getattr(actor, "is_superuser", False):
        return
    if organisation.pk not in actor_of(actor).organisations_with(*roles):
        raise PermissionDenied


def _unit(value: Any, *, field: str, errors: dict[str, list], required: bool = True) -> Unit | None:
    if value in (None, ""):
        if required:
            _add(errors, field, _("Choose a municipality."))
        return None
    unit = unit_resolve(value)
    if unit is None:
        _add(errors, field, _("There is no territorial unit with this TERYT code or name."))
        return None
    if unit.level != Level.MUNICIPALITY:
        _add(errors, field, _("Choose a municipality."))
        return None
    return unit


def _statutory(code: str, on_date: date, *, field: str) -> Decimal:
    try:
        return statutory_value(code, on_date)
    except StatutoryParameterMissing as exc:
        raise ValidationError(
            {
                field: _("No statutory value covers %(date)s; the statutory parameters must be loaded first.")
                % {"date": date_format(on_date, "SHORT_DATE_FORMAT")}
            }
        ) from exc


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _num(value: Decimal) -> str:
    """A decimal without trailing zeros: 30.00 -> "30", 32.5 -> "32.5"."""
    return format(value.normalize(), "f")


def _add_months(start: date, months: Decimal | int) -> date:
    return start + relativedelta(months=int(months))


# --- statutory parameters ----------------------------------------------------------------------------


def statutory_parameters_load() -> dict[str, int]:
    """Write the shipped statutory parameters (idempotent): created / updated / unchanged counts."""
    with transaction.atomic():
        return statutory.apply_parameters(StatutoryParameter)


# --- programmes and cohorts --------------------------------------------------------------------------


def programme_create_from_card(
    *, actor, organisation: Organisation, card_version, name: str = "", modules: Iterable | None = None
) -> TrainingProgramme:
    """A CIS builds its programme from the card's CIS course modules, a KIS from the KIS ones. All
    modules of that variant are taken unless ``modules`` picks some of them."""
    errors: dict[str, list] = {}
    if organisation.kind not in PZS_KINDS:
        _add(errors, "organisation", _("Only a CIS or a KIS runs preparatory programmes."))
        _raise_if(errors)
    _require_role(actor, organisation, [Role.PZS_STAFF])
    variant = organisation.kind
    available = {m.pk: m for m in card_version.programme_modules.all() if m.variant == variant}
    if not available:
        _add(errors, "card_version", _("This card has no %(variant)s course modules.") % {"variant": variant.upper()})
        _raise_if(errors)
    if modules is None:
        chosen = list(available.values())
    else:
        chosen_ids = {getattr(module, "pk", module) for module in modules}
        if not chosen_ids:
            _add(errors, "modules", _("Choose at least one module."))
        elif not chosen_ids <= available.keys():
            _add(
                errors,
                "modules",
                _("Choose only modules of the card's %(variant)s course.") % {"variant": variant.upper()},
            )
        chosen = [available[pk] for pk in chosen_ids if pk in available]
    name = (name or "").strip() or f"{card_version.name} ({variant.upper()})"
    if len(name) > TrainingProgramme._meta.get_field("name").max_length:
        _add(errors, "name", _("The name is too long."))
    _raise_if(errors)
    with transaction.atomic():
        programme = TrainingProgramme.objects.create(
            organisation=organisation, card_version=card_version, variant=variant, name=name
        )
        programme.modules.set(chosen)
    return programme


COHORT_FIELDS = ("name", "start_date", "end_date", "seats", "instructors", "municipality", "address")


def _cohort_apply(cohort: Cohort, data: Mapping[str, Any]) -> None:
    errors: dict[str, list] = {}
    for name in COHORT_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "municipality":
            unit = _unit(value, field="municipality", errors=errors)
            if unit is not None:
                cohort.municipality = unit
            continue
        if name in ("name", "instructors", "address"):
            value = (value or "").strip()
        setattr(cohort, name, value)
    if not cohort.name:
        _add(errors, "name", _("Enter a name."))
    if cohort.start_date and cohort.end_date and cohort.end_date < cohort.start_date:
        _add(errors, "end_date", _("The cohort cannot end before it starts."))
    if cohort.seats is not None and cohort.seats < 1:
        _add(errors, "seats", _("A cohort has at least one seat."))
    try:
        cohort.full_clean(exclude=["programme", "municipality", "plan_lines"], validate_unique=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            if field not in errors:
                errors[field] = [ValidationError(m) for m in messages]
    _raise_if(errors)


def cohort_create(*, actor, programme: TrainingProgramme, data: Mapping[str, Any]) -> Cohort:
    _require_role(actor, programme.organisation, [Role.PZS_STAFF])
    cohort = Cohort(programme=programme)
    _cohort_apply(cohort, data)
    cohort.save()
    return cohort


def cohort_update(*, actor, cohort: Cohort, data: Mapping[str, Any]) -> Cohort:
    _require_role(actor, cohort.programme.organisation, [Role.PZS_STAFF])
    with transaction.atomic():
        locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
        _cohort_apply(cohort, data)
        enrolled = locked.participations.count()
        if cohort.seats < enrolled:
            raise ValidationError(
                {
                    "seats": _("%(count)s participants are already enrolled; keep at least that many seats.")
                    % {"count": enrolled}
                }
            )
        cohort.save(update_fields=[name for name in COHORT_FIELDS if name in data])
    return cohort


def cohort_link_plan_lines(*, actor, cohort: Cohort, lines: Iterable) -> Cohort:
    """Link the cohort to plan lines (replacing the links) of draft or signed plans for its service."""
    _require_role(actor, cohort.programme.organisation, [Role.PZS_STAFF])
    line_ids = {getattr(line, "pk", line) for line in lines}
    service_type_id = cohort.programme.card_version.service_type_id
    allowed = set(
        staffing_selectors.plan_lines_for_training(service_type_id=service_type_id)
        .filter(pk__in=line_ids)
        .values_list("pk", flat=True)
    )
    if line_ids - allowed:
        raise ValidationError(
            {"plan_lines": _("Link only lines of draft or signed plans for the service of this programme's card.")}
        )
    with transaction.atomic():
        cohort.plan_lines.set(sorted(allowed))
    return cohort


def cohort_enrol(*, actor, cohort: Cohort, participation: Participation) -> None:
    """Put a participant in a cohort of the same CIS/KIS; the seat limit is decided under a row lock."""
    errors: dict[str, list] = {}
    if participation.organisation_id != cohort.programme.organisation_id:
        _add(errors, "cohort", _("The cohort belongs to another CIS or KIS."))
    if participation.status in FINISHED_STATES:
        _add(errors, "cohort", _("The participation has ended."))
    _raise_if(errors)
    with transaction.atomic():
        locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
        if locked.participations.filter(pk=participation.pk).exists():
            raise ValidationError({"cohort": _("The participant is already in this cohort.")})
        taken = locked.participations.count()
        if taken >= locked.seats:
            raise ValidationError(
                {
                    "cohort": _("The cohort “%(name)s” is full: all %(seats)s seats are taken.")
                    % {"name": locked.name, "seats": locked.seats}
                }
            )
        locked.participations.add(participation)


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


def _person_values(data: Mapping[str, Any], errors: dict[str, list]) -> dict[str, Any]:
    """The person's fields from ``data``, trimmed and checked; problems are added to ``errors``."""
    values = {
        "first_name": (data.get("first_name") or "").strip(),
        "last_name": (data.get("last_name") or "").strip(),
        "home_municipality": _unit(data.get("home_municipality"), field="home_municipality", errors=errors),
        "phone": (data.get("phone") or "").strip(),
        "email": (data.get("email") or "").strip(),
    }
    if not values["first_name"]:
        _add(errors, "first_name", _("Enter the first name."))
    if not values["last_name"]:
        _add(errors, "last_name", _("Enter the last name."))
    probe = Person(**{name: value for name, value in values.items() if name != "home_municipality"})
    try:
        probe.full_clean(exclude=["organisation", "pesel_encrypted", "pesel_index", "birth_date", "home_municipality"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            if field not in errors:
                errors[field] = [ValidationError(m) for m in messages]
    return values


def _person_set_pesel(person: Person, pesel: str) -> None:
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
    actor,
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
    _require_role(actor, organisation, PARTICIPANT_STAFF_ROLES)
    errors: dict[str, list] = {}
    try:
        pesel = pesel_validate(person_data.get("pesel", ""))
    except ValidationError as exc:
        errors.update(exc.error_dict)
        pesel = None
    values = _person_values(person_data, errors)
    try:
        participation = _participation_validated(organisation=organisation, data=participation_data)
    except ValidationError as exc:
        for field, field_errors in exc.error_dict.items():
            errors.setdefault(field, field_errors)
        participation = None
    _raise_if(errors)
    with transaction.atomic():
        person = (
            Person.objects.select_for_update()
            .select_related("home_municipality")
            .filter(organisation=organisation, pesel_index=blind_index(pesel))
            .first()
        )
        if person is None:
            person = Person(organisation=organisation, **values)
            _person_set_pesel(person, pesel)
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
        return _participation_save(actor=actor, participation=participation, data=participation_data)


def _person_write(person: Person, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        setattr(person, name, value)
    person.version += 1
    person.save(update_fields=[*values, "version", "pesel_encrypted", "pesel_index", "birth_date"])


def person_update(*, actor, person: Person, data: Mapping[str, Any], expected_version: int) -> Person:
    """Correct the data a CIS/KIS holds of a person (names, home municipality, contact, and — when typed — the
    PESEL). Refused with ConflictError if someone saved the person since ``expected_version`` was read."""
    _require_role(actor, person.organisation, PARTICIPANT_STAFF_ROLES)
    errors: dict[str, list] = {}
    values = _person_values(data, errors)
    pesel = None
    if data.get("pesel"):
        try:
            pesel = pesel_validate(data["pesel"])
        except ValidationError as exc:
            errors.update(exc.error_dict)
        else:
            taken = Person.objects.filter(organisation_id=person.organisation_id, pesel_index=blind_index(pesel))
            if taken.exclude(pk=person.pk).exists():
                _add(errors, "pesel", _("Your records already hold another person with this PESEL."))
    _raise_if(errors)
    with transaction.atomic():
        claimed = Person.objects.filter(pk=person.pk, version=expected_version).update(version=expected_version + 1)
        if claimed != 1:
            raise ConflictError(
                _("Someone else changed this person's data in the meantime. Nothing was saved; check and repeat.")
            )
        for name, value in values.items():
            setattr(person, name, value)
        if pesel is not None:
            _person_set_pesel(person, pesel)
        person.version = expected_version + 1
        person.save(update_fields=[*values, "pesel_encrypted", "pesel_index", "birth_date"])
    return person


# --- participations ----------------------------------------------------------------------------------

PARTICIPATION_FIELDS = (
    "eligibility",
    "referred_by",
    "referral_date",
    "plan_reference",
    "plan_signed_on",
    "trial_start",
    "trial_end",
    "start_date",
    "planned_end_date",
    "commute_limit_km",
    "available_from",
    "working_time",
    "consent_to_share",
)


def plan_reference_label(kind: str) -> str:
    if kind == ParticipationKind.KIS:
        return _("Social contract number")
    return _("IPZS number (individual social employment programme)")


def plan_signed_label(kind: str) -> str:
    if kind == ParticipationKind.KIS:
        return _("Social contract signed on")
    return _("IPZS signed on")


def _period(participation: Participation) -> tuple[date, date]:
    start = participation.trial_start or participation.start_date
    if participation.start_date and participation.trial_start:
        start = min(participation.trial_start, participation.start_date)
    end = participation.exit_date or participation.planned_end_date
    return start, end


def participation_enrol(*, actor, organisation: Organisation, person: Person, data: Mapping[str, Any]) -> Participation:
    """Enrol a person the CIS/KIS already holds for another stay (see :func:`participant_enrol` for a new one).

    Refused with field errors when data is missing, when the person already takes part here in an overlapping
    period, or when a CIS stay would exceed the statutory maximum in force on the start date.
    """
    if person.organisation_id != organisation.pk:
        raise ValidationError({"person": _("The person is not in the records of this CIS or KIS.")})
    participation = _participation_validated(organisation=organisation, data=data)
    participation.person = person
    return _participation_save(actor=actor, participation=participation, data=data)


def _participation_validated(*, organisation: Organisation, data: Mapping[str, Any]) -> Participation:
    """An unsaved participation in a CIS (with an IPZS) or a KIS (with a social contract), or field errors when
    data is missing or a CIS stay would exceed the statutory maximum in force on the start date."""
    errors: dict[str, list] = {}
    if organisation.kind not in PZS_KINDS:
        raise ValidationError({"organisation": _("Only a CIS or a KIS enrols participants.")})
    kind = organisation.kind
    values = {name: data.get(name) for name in PARTICIPATION_FIELDS}
    if values["eligibility"] not in EligibilityCategory.values:
        _add(errors, "eligibility", _("Choose the eligibility category."))
    for name, message in (
        ("referral_date", _("Enter the referral date.")),
        ("start_date", _("Enter the date the participation starts.")),
        ("planned_end_date", _("Enter the planned end.")),
    ):
        if not values[name]:
            _add(errors, name, message)
    reference = (values["plan_reference"] or "").strip()
    if not reference:
        if kind == OrganisationKind.KIS:
            _add(errors, "plan_reference", _("A KIS participation requires a social contract: enter its number."))
        else:
            _add(errors, "plan_reference", _("A CIS participation requires an IPZS: enter its number."))
    if not values["plan_signed_on"]:
        if kind == OrganisationKind.KIS:
            _add(errors, "plan_signed_on", _("Enter the date the social contract was signed."))
        else:
            _add(errors, "plan_signed_on", _("Enter the date the IPZS was signed."))
    start, planned_end = values["start_date"], values["planned_end_date"]
    if start and planned_end and planned_end < start:
        _add(errors, "planned_end_date", _("The planned end cannot be before the start."))
    if start and values["plan_signed_on"] and values["plan_signed_on"] > start:
        _add(errors, "plan_signed_on", _("The participation starts only after the document is signed."))
    if values["working_time"] and values["working_time"] not in {"full_time", "part_time", "flexible"}:
        _add(errors, "working_time", _("Choose full time, part time or flexible hours."))
    trial_start, trial_end = values["trial_start"], values["trial_end"]
    if kind == OrganisationKind.KIS:
        trial_start = trial_end = None
    elif start:
        trial_start = trial_start or start
        if not trial_end:
            months = _statutory(statutory.TRIAL_PERIOD_MONTHS, trial_start, field="trial_start")
            trial_end = _add_months(trial_start, months) - timedelta(days=1)
        if trial_end < trial_start:
            _add(errors, "trial_end", _("The trial month cannot end before it starts."))
        max_months = _statutory(statutory.CIS_MAX_PARTICIPATION_MONTHS, start, field="start_date")
        limit = _add_months(start, max_months) - timedelta(days=1)
        if planned_end and planned_end > limit:
            _add(
                errors,
                "planned_end_date",
                _(
                    "A stay in a CIS may last at most %(months)s months under the law in force on %(start)s: "
                    "the planned end may be %(limit)s at the latest."
                )
                % {"months": int(max_months), "start": _day(start), "limit": _day(limit)},
            )
    _raise_if(errors)
    participation = Participation(
        organisation=organisation,
        kind=kind,
        eligibility=values["eligibility"],
        referred_by=values["referred_by"],
        referral_date=values["referral_date"],
        plan_reference=reference,
        plan_signed_on=values["plan_signed_on"],
        trial_start=trial_start,
        trial_end=trial_end,
        start_date=start,
        planned_end_date=planned_end,
        commute_limit_km=values["commute_limit_km"] if values["commute_limit_km"] is not None else 25,
        available_from=values["available_from"],
        working_time=values["working_time"] or "full_time",
        consent_to_share=bool(values["consent_to_share"]),
        consent_recorded_at=timezone.now() if values["consent_to_share"] else None,
    )
    try:
        participation.full_clean(exclude=["person", "organisation", "referred_by"], validate_unique=False)
    except ValidationError as exc:
        _raise_if({field: [ValidationError(m) for m in messages] for field, messages in exc.message_dict.items()})
    return participation


def _participation_save(*, actor, participation: Participation, data: Mapping[str, Any]) -> Participation:
    """Save a validated participation unless it overlaps another stay of the person in the same CIS/KIS."""
    person = participation.person
    new_start, new_end = _period(participation)
    with transaction.atomic():
        # Serialise enrolments of one person so that two overlapping ones cannot both pass the check.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        for other in Participation.objects.filter(person=person):
            other_start, other_end = _period(other)
            if new_start <= other_end and other_start <= new_end:
                raise ValidationError(
                    {
                        "start_date": _(
                            "This person already takes part here from %(start)s to %(end)s; "
                            "participations cannot overlap."
                        )
                        % {"start": _day(other_start), "end": _day(other_end)}
                    }
                )
        participation.save()
        services = data.get("preferred_services")
        if services:
            participation.preferred_services.set(services)
        ParticipationEvent.objects.create(
            participation=participation,
            from_state="",
            to_state=ParticipationStatus.REFERRED,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            note=_("Enrolled"),
        )
    return participation


def _move(participation: Participation, target: str, *, actor, note: str = "", extra=None) -> Participation:
    with transaction.atomic():
        return transition(
            participation,
            machine=PARTICIPATION_MACHINE,
            target=target,
            actor=actor,
            event_model=ParticipationEvent,
            note=note,
            extra_updates=extra,
            participation=participation,
        )


def participation_start_trial(*, actor, participation: Participation, note: str = "") -> Participation:
    if participation.kind != ParticipationKind.CIS:
        raise ValidationError(_("Only a CIS participation has a trial month."))
    extra = {}
    if not participation.trial_start:
        start = timezone.localdate()
        months = _statutory(statutory.TRIAL_PERIOD_MONTHS, start, field="trial_start")
        extra = {"trial_start": start, "trial_end": _add_months(start, months) - timedelta(days=1)}
    return _move(participation, ParticipationStatus.TRIAL, actor=actor, note=note, extra=extra)


def participation_activate(*, actor, participation: Participation, note: str = "") -> Participation:
    return _move(participation, ParticipationStatus.ACTIVE, actor=actor, note=note)


def participation_confirm_ready(*, actor, participation: Participation, note: str = "") -> Participation:
    """Readiness for work is confirmed by the CIS/KIS staff (not by a social worker alone): see the machine's
    permissions."""
    extra = {"ready_confirmed_by": actor, "ready_confirmed_at": timezone.now()}
    return _move(participation, ParticipationStatus.READY, actor=actor, note=note, extra=extra)


def participation_back_to_active(*, actor, participation: Participation, note: str = "") -> Participation:
    if participation.status != ParticipationStatus.READY:
        raise ValidationError(_("Only a participant ready for work can go back to taking part."))
    return _move(participation, ParticipationStatus.ACTIVE, actor=actor, note=note)


def participation_exit(
    *, actor, participation: Participation, reason: str, exit_date: date | None = None, note: str = ""
) -> Participation:
    """End the participation: COMPLETED (work, cooperative, business, period over) or TERMINATED."""
    if reason in COMPLETED_REASONS:
        target = ParticipationStatus.COMPLETED
    elif reason in TERMINATED_REASONS:
        target = ParticipationStatus.TERMINATED
    else:
        raise ValidationError({"reason": _("Choose the reason for leaving.")})
    exit_date = exit_date or timezone.localdate()
    start, _end = _period(participation)
    if exit_date < start:
        raise ValidationError({"exit_date": _("The exit date cannot be before the participation starts.")})
    extra = {"exit_date": exit_date, "exit_reason": reason}
    return _move(participation, target, actor=actor, note=note or ExitReason(reason).label, extra=extra)


def participation_mark_placed(*, actor, participation: Participation) -> Participation:
    """READY -> PLACED when a provider hires the participant (called by placement)."""
    return _move(participation, ParticipationStatus.PLACED, actor=actor, note=_("Hired by a provider"))


def _consent_set(participation: Participation, value: bool) -> Participation:
    with transaction.atomic():
        current = Participation.objects.select_for_update().get(pk=participation.pk)
        current.consent_to_share = value
        current.consent_recorded_at = timezone.now()
        current.version += 1
        current.save(update_fields=["consent_to_share", "consent_recorded_at", "version", "updated_at"])
    participation.consent_to_share = current.consent_to_share
    participation.consent_recorded_at = current.consent_recorded_at
    participation.version = current.version
    return participation


def consent_record(*, actor, participation: Participation) -> Participation:
    """The participant consents to share their hiring profile with employers (audited change)."""
    return _consent_set(participation, True)


def consent_withdraw(*, actor, participation: Participation) -> Participation:
    return _consent_set(participation, False)


# --- attendance, modules, qualifications -------------------------------------------------------------


def week_monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def attendance_record(
    *,
    actor,
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
    try:
        hours = Decimal(str(hours))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"hours": _("Enter a number of hours.")}) from None
    if hours < 0:
        raise ValidationError({"hours": _("Hours cannot be negative.")})
    if hours != hours.quantize(Decimal("0.1")) or hours >= 1000:
        raise ValidationError({"hours": _("Enter hours with at most one decimal place.")})
    monday = week_monday(week_start)
    limit = _statutory(statutory.WEEKLY_HOURS_MAX, monday, field="week_start")
    if hours > limit:
        raise ValidationError(
            {
                "hours": _(
                    "%(hours)s h is more than the legal weekly maximum of %(limit)s h in force in the week of %(week)s."
                )
                % {"hours": _num(hours), "limit": _num(limit), "week": _day(monday)}
            }
        )
    if participation.status in FINISHED_STATES and participation.exit_date and monday > participation.exit_date:
        raise ValidationError({"week_start": _("The participation had ended by this week.")})
    start, end = _period(participation)
    if monday + timedelta(days=6) < start or monday > end:
        raise ValidationError(
            {
                "week_start": _("The week is outside the participation (%(start)s – %(end)s).")
                % {"start": _day(start), "end": _day(end)}
            }
        )
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
            raise ValidationError(
                {
                    "week_start": _(
                        "Attendance for the week of %(week)s is already recorded (%(hours)s h). Correct it instead."
                    )
                    % {"week": _day(monday), "hours": _num(existing.hours)}
                }
            )
        changed = Attendance.objects.filter(pk=existing.pk, hours=Decimal(str(expected_hours))).update(
            hours=hours, recorded_by=recorded_by
        )
        if changed != 1:
            raise ConflictError(_("Someone else changed this week's attendance in the meantime. Reload and check."))
        existing.hours = hours
        existing.recorded_by = recorded_by
        return existing


def module_complete(*, actor, participation: Participation, module, completed_on: date) -> ModuleCompletion:
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
    *, actor, participation: Participation, code: str, issued_on: date, certificate_number: str = ""
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


# --- imports (F1.7) ----------------------------------------------------------------------------------


def import_job_create(
    *, actor, kind: str, organisation: Organisation, file_name: str, content: bytes, language: str = "pl"
) -> ImportJob:
    """Store an uploaded file, encrypted, as a queued import job and run it in the background after commit.
    The file is kept only until the job ends (see :func:`_finish` and ``ImportJob.end_updates``)."""
    from kooperacja.training.selectors import import_organisations_for
    from kooperacja.training.tasks import import_job_run

    if kind not in ImportKind.values:
        raise ValidationError({"kind": _("Unknown kind of import.")})
    if not import_organisations_for(user=actor, kind=kind).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    name = (file_name or "").strip()
    if not name.lower().endswith((".xlsx", ".csv", ".txt")):
        raise ValidationError({"file": _("Upload an XLSX or CSV file.")})
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    if len(content) > imports.MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    public_id = uuid.uuid4()
    with transaction.atomic():
        job = ImportJob.objects.create(
            public_id=public_id,
            kind=kind,
            organisation=organisation,
            file_name=name[:255],
            content_encrypted=encrypt_bytes(content, associated_data=public_id.bytes),
            started_by=actor if getattr(actor, "is_authenticated", False) else None,
            language=(language or "pl")[:10],
        )
        transaction.on_commit(lambda: import_job_run.enqueue(job.pk))
    return job


def _row_errors(number: int, exc: Exception) -> list[imports.RowError]:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            found = []
            for name, messages in exc.message_dict.items():
                column = "" if name == NON_FIELD_ERRORS else name
                found.extend(imports.RowError(number, column, message) for message in messages)
            return found
        return [imports.RowError(number, "", message) for message in exc.messages]
    if isinstance(exc, PermissionDenied):
        return [imports.RowError(number, "", _("You may not do this for this organisation."))]
    return [imports.RowError(number, "", str(exc))]


def _check_participant_row(job: ImportJob, row: imports.ParsedRow, seen: dict) -> None:
    values = row.values
    if values.get("pesel"):
        try:
            compact = pesel_validate(values["pesel"])
        except ValidationError:
            row.errors.append(imports.RowError(row.number, "pesel", _("Invalid PESEL")))
        else:
            if compact in seen:
                row.errors.append(
                    imports.RowError(
                        row.number, "pesel", _("The same PESEL is already in row %(row)s.") % {"row": seen[compact]}
                    )
                )
            seen.setdefault(compact, row.number)
    if values.get("home_municipality"):
        errors: dict[str, list] = {}
        values["home_municipality"] = _unit(values["home_municipality"], field="home_municipality", errors=errors)
        for message in errors.get("home_municipality", []):
            row.errors.append(imports.RowError(row.number, "home_municipality", message.messages[0]))


def _write_participant_row(job: ImportJob, actor, values: dict) -> None:
    """A row of a PESEL the CIS/KIS already holds enrols the person with the data held; corrections of held
    data are made on the person's page, where staff see what they change."""
    participant_enrol(
        actor=actor, organisation=job.organisation, person_data=values, participation_data=values, held_person=HELD_KEEP
    )


def _check_attendance_row(job: ImportJob, row: imports.ParsedRow, seen: dict) -> None:
    values = row.values
    if not values.get("pesel"):
        return
    try:
        compact = pesel_validate(values["pesel"])
    except ValidationError:
        row.errors.append(imports.RowError(row.number, "pesel", _("Invalid PESEL")))
        return
    if values.get("week_start"):
        key = (compact, week_monday(values["week_start"]))
        if key in seen:
            row.errors.append(
                imports.RowError(
                    row.number,
                    "week_start",
                    _("The same person and week are already in row %(row)s.") % {"row": seen[key]},
                )
            )
        seen.setdefault(key, row.number)


def _write_attendance_row(job: ImportJob, actor, values: dict) -> None:
    person = person_find_by_pesel(organisation=job.organisation, pesel=values["pesel"])
    participations = list(Participation.objects.filter(person=person) if person else [])
    if not participations:
        raise ValidationError({"pesel": _("No participant of this organisation has this PESEL.")})
    monday = week_monday(values["week_start"])
    covering = [p for p in participations if _period(p)[0] <= monday + timedelta(days=6) and monday <= _period(p)[1]]
    if not covering:
        raise ValidationError({"week_start": _("No participation of this person covers this week.")})
    attendance_record(actor=actor, participation=covering[0], week_start=monday, hours=values["hours"])


def _check_need_row(job: ImportJob, row: imports.ParsedRow, seen: dict) -> None:
    values = row.values
    card = None
    if values.get("service"):
        service = catalogue_selectors.service_type_find(code=values["service"])
        card = service.current_version if service else None
        if card is None:
            row.errors.append(
                imports.RowError(row.number, "service", _("The catalogue has no service with this code."))
            )
    values["card_version"] = card
    codes = [
        code for code in (values.get("required_qualifications") or "").replace(",", "|").split("|") if code.strip()
    ]
    qualifications = []
    if card is not None:
        known = {q.code: q for q in card.qualifications.all()}
        unknown = [code.strip() for code in codes if code.strip() not in known]
        if unknown:
            row.errors.append(
                imports.RowError(
                    row.number,
                    "required_qualifications",
                    _("The service card does not know these qualifications: %(codes)s.")
                    % {"codes": ", ".join(unknown)},
                )
            )
        qualifications = [known[code.strip()] for code in codes if code.strip() in known]
    values["required_qualifications"] = qualifications
    if values.get("municipality"):
        errors: dict[str, list] = {}
        values["municipality"] = _unit(values["municipality"], field="municipality", errors=errors)
        for message in errors.get("municipality", []):
            row.errors.append(imports.RowError(row.number, "municipality", message.messages[0]))


def _write_need_row(job: ImportJob, actor, values: dict) -> None:
    data = {key: value for key, value in values.items() if key != "service"}
    data["conditions"] = data.get("conditions") or ""
    staffing_services.need_create(actor=actor, data={**data, "provider": job.organisation})


IMPORT_HANDLERS = {
    ImportKind.PARTICIPANTS: (_check_participant_row, _write_participant_row),
    ImportKind.ATTENDANCE: (_check_attendance_row, _write_attendance_row),
    ImportKind.NEEDS: (_check_need_row, _write_need_row),
}


class _RejectImport(Exception):
    pass


class ImportJobCrashed(Exception):
    """An import failed unexpectedly. Carries the exception's type and where it was raised, not its
    message or the values at hand: those may be cells of the file (PESEL numbers, names)."""

    @classmethod
    def of(cls, job: ImportJob, exc: Exception) -> "ImportJobCrashed":
        where = "".join(traceback.format_tb(exc.__traceback__))
        return cls(f"import {job.pk} failed with {type(exc).__module__}.{type(exc).__qualname__}\n{where}")


def _finish(job: ImportJob, *, status: str, errors: list[imports.RowError] | None = None, rows_done: int | None = None):
    """Record the outcome (the stored file is cleared with it, see ``ImportJob.end_updates``); inside a
    transaction whose row lock is held (see ``core.jobs.job_lock_running``)."""
    done = job.rows_done if rows_done is None else rows_done
    finished = jobs.job_finish(
        job,
        status=status,
        errors=[error.as_dict() for error in sorted(errors or [], key=lambda e: (e.row, e.field))],
        rows_done=done,
        progress=job.progress_of(done, ended=True),
    )
    if not finished:
        raise jobs.JobStopped


def _finish_unless_stopped(job: ImportJob, **outcome) -> None:
    with transaction.atomic():
        jobs.job_lock_running(job)
        _finish(job, **outcome)


def _fail_unless_stopped(job: ImportJob, message: str) -> None:
    """Nothing was imported: the uploader is told why (see ``ImportJob.end_updates``)."""
    with transaction.atomic():
        jobs.job_lock_running(job)
        if not jobs.job_fail(job, message=message):
            raise jobs.JobStopped


def import_job_process(*, job_id: int) -> ImportJob | None:
    """Run a queued import: check every row, then write all rows in one transaction through the same
    services as the forms, or nothing at all if any row is bad (every error is listed with its row,
    column and reason, in the uploader's language).

    Returns None when another worker claimed the job first. A killed worker leaves the job running with
    an old heartbeat and nothing written (see ``manage.py fail_stale_jobs``); a job declared dead while
    its worker was still busy is left failed and its rows are not written."""
    if not jobs.job_claim(ImportJob, job_id, rows_done=0):
        return None
    job = ImportJob.objects.select_related("organisation", "started_by").get(pk=job_id)
    with translation.override(job.language):
        try:
            _process(job)
        except jobs.JobStopped:
            logger.warning("import %s was stopped while it was processed; nothing was written", job.pk)
        except Exception as exc:
            # Recorded on the job for the uploader (nothing was written), then reported to the task runner,
            # which logs and stores what it is given: where it failed, never the message, which may quote
            # the file's cells.
            message = _("The import failed because of an error in the application; nothing was imported.")
            with contextlib.suppress(jobs.JobStopped):
                _fail_unless_stopped(job, message)
            raise ImportJobCrashed.of(job, exc) from None
    job.refresh_from_db()
    return job


def _process(job: ImportJob) -> None:
    actor = job.started_by
    check, write = IMPORT_HANDLERS[job.kind]
    try:
        content = decrypt_bytes(bytes(job.content_encrypted or b""), associated_data=job.public_id.bytes)
    except ValueError:
        _fail_unless_stopped(job, _("The uploaded file could not be read back; upload it again."))
        return
    try:
        header, data = imports.read_table(content, job.file_name)
        rows = list(imports.parse_rows(job.kind, header, data))
    except imports.ImportFileError as exc:
        _finish_unless_stopped(job, status=ImportStatus.REJECTED, errors=[imports.RowError(1, "", str(exc))])
        return
    heartbeat = jobs.JobHeartbeat(job)
    heartbeat.beat(rows_total=len(rows), force=True)
    job.rows_total = len(rows)
    if not rows:
        _finish_unless_stopped(
            job, status=ImportStatus.REJECTED, errors=[imports.RowError(1, "", _("The file has no data rows."))]
        )
        return
    seen: dict = {}
    # Pass 1: read every row and check what can be checked without writing; progress is visible.
    for index, row in enumerate(rows, start=1):
        if not row.errors:
            check(job, row, seen)
        heartbeat.beat(progress=job.progress_of(index), rows_done=index)
    heartbeat.beat(progress=job.progress_of(len(rows)), rows_done=len(rows), force=True)
    errors = [error for row in rows for error in row.errors]
    # Pass 2: every row through the services in one transaction that also marks the job done; any error
    # rolls all of it back. The job's row stays locked meanwhile, so it is not mistaken for a dead one.
    try:
        with transaction.atomic():
            jobs.job_lock_running(job)
            for row in rows:
                if row.errors:
                    continue
                try:
                    with transaction.atomic():
                        write(job, actor, dict(row.values))
                except (ValidationError, PermissionDenied, ConflictError) as exc:
                    errors.extend(_row_errors(row.number, exc))
            if errors:
                raise _RejectImport
            _finish(job, status=ImportStatus.DONE, rows_done=len(rows))
    except _RejectImport:
        _finish_unless_stopped(job, status=ImportStatus.REJECTED, errors=errors, rows_done=0)
