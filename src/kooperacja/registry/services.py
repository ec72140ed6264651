"""Writes to the registry. Web views, the API, the admin and commands all go through these functions."""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.core.errors import ConflictError
from kooperacja.core.text import fold, polish_sort_key
from kooperacja.registry.models import (
    CIS_STATUS_YEARS,
    PUBLIC_BODY_KINDS,
    REGISTERED_KINDS,
    ContactPerson,
    Organisation,
    OrganisationKind,
    ReachChange,
    ReachChangeKind,
    RegisterEntry,
    RegisterStatus,
    Workshop,
    kind_may_hold_role,
)
from kooperacja.registry.validators import normalise_krs, normalise_nip, normalise_postal_code, normalise_regon
from kooperacja.territory.forms import UnitField
from kooperacja.territory.models import Level, Unit

ORGANISATION_FIELDS = (
    "name",
    "short_name",
    "kind",
    "nip",
    "regon",
    "krs",
    "street",
    "postal_code",
    "city",
    "municipality",
    "email",
    "phone",
    "website",
    "description",
    "is_active",
)
# The territory and kind of an organisation decide the reach of its members (a coordinator acts in the
# county of their organisation, a register officer in the voivodeship of their office): they are changed only
# by organisation_reach_change, from above the organisation, never by an ordinary edit.
REACH_FIELDS = ("kind", "municipality")
EDITABLE_FIELDS = tuple(name for name in ORGANISATION_FIELDS if name not in REACH_FIELDS)
# A new organisation is always active; only an edit deactivates it.
CREATE_FIELDS = tuple(name for name in ORGANISATION_FIELDS if name != "is_active")
IDENTIFIER_FIELDS = ("nip", "regon", "krs")
REGISTER_ENTRY_FIELDS = ("number", "entry_date", "valid_until", "voivodeship", "status")
WORKSHOP_FIELDS = ("name", "kind", "capacity", "municipality", "address", "description")
CONTACT_FIELDS = ("full_name", "position", "email", "phone", "is_public")

NORMALISERS = {
    "nip": normalise_nip,
    "regon": normalise_regon,
    "krs": normalise_krs,
    "postal_code": normalise_postal_code,
}
DUPLICATE_MESSAGES = {
    "nip": _("An organisation with this NIP is already registered: %(name)s."),
    "regon": _("An organisation with this REGON is already registered: %(name)s."),
    "krs": _("An organisation with this KRS number is already registered: %(name)s."),
}
CONFLICT_MESSAGE = _(
    "Someone else saved this organisation in the meantime. Nothing was saved; "
    "check the current data and make your change again."
)
REACH_LOCKED_MESSAGE = _(
    "Only an administrator (or, for a public body, the register officer of its voivodeship) changes this, "
    "with a reason, under “Change territory or kind”."
)
REASON_MIN_LENGTH = 10
SEARCH_TEXT_LENGTH = Organisation._meta.get_field("search_text").max_length


# --- helpers -----------------------------------------------------------------------------------------


def _resolve_unit(value: Any, *, level: str, field: str) -> Unit | None:
    """A territorial unit from a Unit or a TERYT code, checked to be of ``level``; field errors otherwise."""
    if value in (None, ""):
        return None
    unit = value if isinstance(value, Unit) else Unit.objects.filter(code=str(value).strip()).first()
    messages = UnitField.default_error_messages
    if unit is None:
        raise ValidationError({field: ValidationError(messages["invalid_choice"], code="invalid_choice")})
    if unit.level != level:
        raise ValidationError(
            {field: ValidationError(messages["wrong_level"], code="wrong_level", params={"level": Level(level).label})}
        )
    return unit


def _apply(
    instance: models.Model, data: Mapping[str, Any], fields: Iterable[str], units: Mapping[str, str]
) -> dict[str, list]:
    """Copy the known keys of ``data`` onto ``instance``, normalised. Returns the errors of values that
    could not be set (unknown or wrong-level units), so that they are reported with all the others."""
    errors: dict[str, list] = {}
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        if name in units:
            try:
                value = _resolve_unit(value, level=units[name], field=name)
            except ValidationError as exc:
                errors.update(exc.error_dict)
                continue
            setattr(instance, name, value)
            continue
        field = instance._meta.get_field(name)
        if name in NORMALISERS:
            value = NORMALISERS[name](value)
        elif isinstance(field, models.CharField | models.TextField) and not field.choices:
            value = (None if field.null else "") if value is None else str(value).strip()
        setattr(instance, name, value)
    return errors


def _full_clean(instance: models.Model, *, errors: dict[str, list], exclude: Iterable[str] = ()) -> dict[str, list]:
    """Model field validation (lengths, formats, choices, identifier check digits) added to ``errors``."""
    try:
        instance.full_clean(exclude=[*exclude, *errors], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors = {**errors, **exc.error_dict}
    return errors


def _raise_if(errors: dict[str, list]) -> None:
    if errors:
        raise ValidationError(errors)


# --- organisations -------------------------------------------------------------------------------------


def _identifier_duplicates(organisation: Organisation, *, skip: Iterable[str] = ()) -> dict[str, list]:
    errors: dict[str, list] = {}
    for name in IDENTIFIER_FIELDS:
        value = getattr(organisation, name)
        if not value or name in skip:
            continue
        other = Organisation.objects.filter(**{name: value}).exclude(pk=organisation.pk).only("name").first()
        if other is not None:
            errors[name] = [ValidationError(DUPLICATE_MESSAGES[name], code="duplicate", params={"name": other.name})]
    return errors


def _organisation_validate(organisation: Organisation, errors: dict[str, list]) -> None:
    errors = _full_clean(organisation, errors=errors)
    errors.update(_identifier_duplicates(organisation, skip=errors.keys()))
    _raise_if(errors)


def _organisation_fill_derived(organisation: Organisation) -> None:
    organisation.sort_name = polish_sort_key(organisation.name)[: Organisation._meta.get_field("sort_name").max_length]
    parts = [organisation.name, organisation.short_name, organisation.city]
    parts += [getattr(organisation, name) or "" for name in IDENTIFIER_FIELDS]
    organisation.search_text = fold(" ".join(part for part in parts if part))[:SEARCH_TEXT_LENGTH]


def _save_or_duplicate(instance: models.Model, organisation: Organisation | None = None, **save_kwargs) -> None:
    """Save; a unique constraint hit by a concurrent writer becomes the same field error as a checked duplicate."""
    try:
        with transaction.atomic():
            instance.save(**save_kwargs)
    except IntegrityError as exc:
        if organisation is not None:
            _raise_if(_identifier_duplicates(organisation))
        raise ValidationError(_("This record duplicates one that is already registered.")) from exc


def reason_clean(reason: str | None) -> str:
    """The reason given for a change of reach, or a field error: such changes are always explained."""
    text = (reason or "").strip()
    if len(text) < REASON_MIN_LENGTH:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Give the reason for this change (at least %(count)s characters)."),
                    code="reason_required",
                    params={"count": REASON_MIN_LENGTH},
                )
            }
        )
    if len(text) > ReachChange._meta.get_field("reason").max_length:
        raise ValidationError({"reason": ValidationError(_("The reason is too long."), code="max_length")})
    return text


def reach_change_record(
    *, actor, organisation: Organisation, kind: str, changes: dict, reason: str, subject_user=None
) -> ReachChange:
    """The record of who changed someone's reach, what and why (see :class:`ReachChange`)."""
    return ReachChange.objects.create(
        organisation=organisation,
        kind=kind,
        changes=changes,
        subject_user=subject_user,
        reason=reason,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _check_may_create_kind(actor, kind: str) -> None:
    """A voivode's office is where register officers sit: only an administrator registers one."""
    if kind == OrganisationKind.VOIVODE_OFFICE and actor is not None and not actor.is_superuser:
        raise ValidationError(
            {"kind": ValidationError(_("Only an administrator registers a voivode's office."), code="reach_locked")}
        )


@transaction.atomic
def organisation_create(*, actor, data: Mapping[str, Any]) -> Organisation:
    """Register an organisation. ``data`` holds model field values; ``municipality`` a Unit or a TERYT code.

    The author does not become a member: roles in the new organisation are granted from above like any other.
    """
    _check_may_create_kind(actor, data.get("kind"))
    organisation = Organisation()
    errors = _apply(organisation, data, CREATE_FIELDS, {"municipality": Level.MUNICIPALITY})
    _organisation_validate(organisation, errors)
    _organisation_fill_derived(organisation)
    _save_or_duplicate(organisation, organisation)
    return organisation


@transaction.atomic
def organisation_update(
    *, actor, organisation: Organisation, data: Mapping[str, Any], expected_version: int
) -> Organisation:
    """Change an organisation read at ``expected_version``.

    The version is claimed with a conditional UPDATE; if someone saved in between, no row matches and
    ``ConflictError`` is raised with nothing written. The territory and kind may be repeated as they are
    (a client sending the whole record back) but not changed: see :func:`organisation_reach_change`.
    """
    _raise_if(_reach_changes_refused(organisation, data))
    errors = _apply(organisation, data, EDITABLE_FIELDS, {})
    _organisation_validate(organisation, errors)
    _organisation_save_version(organisation, expected_version, [name for name in EDITABLE_FIELDS if name in data])
    return organisation


def _reach_changes_refused(organisation: Organisation, data: Mapping[str, Any]) -> dict[str, list]:
    errors: dict[str, list] = {}
    if "kind" in data and data["kind"] not in (None, "") and str(data["kind"]) != organisation.kind:
        errors["kind"] = [ValidationError(REACH_LOCKED_MESSAGE, code="reach_locked")]
    if "municipality" in data and data["municipality"] not in (None, ""):
        value = data["municipality"]
        code = value.code if isinstance(value, Unit) else str(value).strip()
        if code != organisation.municipality_id:
            errors["municipality"] = [ValidationError(REACH_LOCKED_MESSAGE, code="reach_locked")]
    return errors


def _organisation_save_version(organisation: Organisation, expected_version: int, changed: list[str]) -> None:
    _organisation_fill_derived(organisation)
    claimed = Organisation.objects.filter(pk=organisation.pk, version=expected_version).update(
        version=expected_version + 1
    )
    if claimed != 1:
        raise ConflictError(str(CONFLICT_MESSAGE))
    organisation.version = expected_version + 1
    _save_or_duplicate(
        organisation,
        organisation,
        update_fields=[*changed, "sort_name", "search_text", "version", "updated_at"],
    )


@transaction.atomic
def organisation_reach_change(
    *, actor, organisation: Organisation, data: Mapping[str, Any], reason: str, expected_version: int
) -> Organisation:
    """Change the territory (municipality) or kind of an organisation, from above it, with a reason.

    An administrator may change both anyhow. The register officer of the voivodeship may change them for a
    public body of that voivodeship, keeping it a public body in the same voivodeship (a voivode's office is
    changed by an administrator only). A kind that some member's role cannot exist in is refused until that
    role is revoked. Every change is recorded with who, when and why (:class:`ReachChange`).
    """
    if not actor.has_perm("registry.change_reach", organisation):
        raise PermissionDenied
    text = reason_clean(reason)
    before = {"kind": organisation.kind, "municipality": organisation.municipality_id}
    errors = _apply(organisation, data, REACH_FIELDS, {"municipality": Level.MUNICIPALITY})
    after = {"kind": organisation.kind, "municipality": organisation.municipality_id}
    if not actor.is_superuser and not errors:
        if organisation.kind not in PUBLIC_BODY_KINDS or organisation.kind == OrganisationKind.VOIVODE_OFFICE:
            errors["kind"] = [
                ValidationError(_("A register officer may choose only the kind of a public body."), code="reach_kind")
            ]
        if organisation.voivodeship_code != before["municipality"][:2]:
            errors["municipality"] = [
                ValidationError(
                    _("A register officer may move an organisation only within their own voivodeship."),
                    code="reach_territory",
                )
            ]
    if after["kind"] != before["kind"] and "kind" not in errors:
        errors.update(_roles_that_cannot_stay(organisation))
    _organisation_validate(organisation, errors)
    if after == before:
        raise ValidationError(_("Nothing was changed: choose another municipality or kind."), code="unchanged")
    _organisation_save_version(organisation, expected_version, list(REACH_FIELDS))
    changes = {name: [before[name], after[name]] for name in REACH_FIELDS if before[name] != after[name]}
    reach_change_record(
        actor=actor, organisation=organisation, kind=ReachChangeKind.TERRITORY_KIND, changes=changes, reason=text
    )
    return organisation


def _roles_that_cannot_stay(organisation: Organisation) -> dict[str, list]:
    memberships = organisation.memberships
    held = set(memberships.values_list("role", flat=True))
    blocking = sorted(role for role in held if not kind_may_hold_role(organisation.kind, role))
    if not blocking:
        return {}
    labels = dict(memberships.model._meta.get_field("role").choices)
    return {
        "kind": [
            ValidationError(
                _(
                    "Members hold roles that cannot exist in an organisation of this kind: %(roles)s. "
                    "Revoke them first."
                ),
                code="roles_block_kind",
                params={"roles": ", ".join(str(labels[role]) for role in blocking)},
            )
        ]
    }


# --- register entries ----------------------------------------------------------------------------------


def cis_status_end(entry_date: date) -> date:
    """The last day of a CIS status granted on ``entry_date`` (five years)."""
    try:
        anniversary = entry_date.replace(year=entry_date.year + CIS_STATUS_YEARS)
    except ValueError:  # 29 February
        anniversary = entry_date.replace(year=entry_date.year + CIS_STATUS_YEARS, day=28) + timedelta(days=1)
    return anniversary - timedelta(days=1)


def _register_entry_validate(entry: RegisterEntry, organisation: Organisation, errors: dict[str, list]) -> None:
    errors = _full_clean(entry, errors=errors, exclude=["organisation"])
    if entry.voivodeship_id and entry.voivodeship_id != organisation.voivodeship_code and "voivodeship" not in errors:
        own = Unit.objects.filter(code=organisation.voivodeship_code).first()
        errors["voivodeship"] = [
            ValidationError(
                _("The entry is made by the voivode of the organisation's own voivodeship (%(name)s)."),
                code="wrong_voivodeship",
                params={"name": own.display_name if own else organisation.voivodeship_code},
            )
        ]
    if entry.entry_date and entry.valid_until and "valid_until" not in errors:
        if entry.valid_until < entry.entry_date:
            errors["valid_until"] = [
                ValidationError(_("The end of validity cannot be earlier than the date of entry."), code="before_entry")
            ]
        elif organisation.kind == OrganisationKind.CIS and entry.valid_until > cis_status_end(entry.entry_date):
            errors["valid_until"] = [
                ValidationError(
                    _("The status of a CIS is granted for at most five years, here until %(date)s."),
                    code="too_long",
                    params={"date": cis_status_end(entry.entry_date).isoformat()},
                )
            ]
    if entry.number and entry.voivodeship_id and "number" not in errors:
        other = (
            RegisterEntry.objects.filter(voivodeship_id=entry.voivodeship_id, number=entry.number)
            .exclude(pk=entry.pk)
            .select_related("organisation")
            .first()
        )
        if other is not None:
            errors["number"] = [
                ValidationError(
                    _("This register number is already entered in this voivodeship for: %(name)s."),
                    code="duplicate",
                    params={"name": other.organisation.name},
                )
            ]
    _raise_if(errors)


@transaction.atomic
def register_entry_save(
    *, actor, organisation: Organisation, data: Mapping[str, Any], reason: str = ""
) -> RegisterEntry:
    """Create or change the voivode's register entry of a CIS or KIS.

    A change made by someone who may confirm entries (a register officer of that voivodeship) is confirmed
    by them; any other change withdraws an earlier confirmation, so that only checked data counts. The status
    (active, suspended, expired, struck off) is the voivode's decision: only that register officer or an
    administrator changes it, with a reason that is recorded; a new entry starts active. ``actor`` None is the
    system itself (the demo loader).
    """
    if organisation.kind not in REGISTERED_KINDS:
        raise ValidationError(_("Only a CIS or a KIS has an entry in the voivode's register."), code="not_registered")
    entry = RegisterEntry.objects.filter(organisation=organisation).first() or RegisterEntry(organisation=organisation)
    before = {
        name: getattr(entry, f"{name}_id" if name == "voivodeship" else name, None) for name in REGISTER_ENTRY_FIELDS
    }
    officer = actor is not None and actor.has_perm("registry.change_register_entry", organisation)
    values = dict(data)
    if not values.get("voivodeship"):
        values["voivodeship"] = organisation.voivodeship_code
    errors: dict[str, list] = {}
    current_status = entry.status if entry.pk else RegisterStatus.ACTIVE
    if actor is not None and not officer and values.get("status") not in (None, "", current_status):
        errors["status"] = [
            ValidationError(
                _("Only the register officer of the voivodeship changes the status of a register entry."),
                code="reach_locked",
            )
        ]
    if actor is not None and not officer:
        values["status"] = current_status
    errors.update(_apply(entry, values, REGISTER_ENTRY_FIELDS, {"voivodeship": Level.VOIVODESHIP}))
    if organisation.kind == OrganisationKind.CIS and entry.entry_date and not entry.valid_until:
        entry.valid_until = cis_status_end(entry.entry_date)
    status_changed = entry.status != current_status
    if status_changed and actor is not None and "status" not in errors:
        try:
            reason = reason_clean(reason)
        except ValidationError as exc:
            errors.update(exc.error_dict)
    _register_entry_validate(entry, organisation, errors)
    after = {name: getattr(entry, f"{name}_id" if name == "voivodeship" else name) for name in REGISTER_ENTRY_FIELDS}
    if officer:
        if after != before or not entry.is_confirmed:
            entry.confirmed_by, entry.confirmed_at = actor, timezone.now()
    elif after != before:
        entry.confirmed_by, entry.confirmed_at = None, None
    _save_or_duplicate(entry)
    if status_changed:
        reach_change_record(
            actor=actor,
            organisation=organisation,
            kind=ReachChangeKind.REGISTER_STATUS,
            changes={"status": [current_status, entry.status]},
            reason=(reason or "").strip(),
        )
    return entry


@transaction.atomic
def register_entry_confirm(*, actor, entry: RegisterEntry) -> RegisterEntry:
    """A register officer confirms that the entry matches the voivode's register."""
    entry.confirmed_by = actor
    entry.confirmed_at = timezone.now()
    entry.save(update_fields=["confirmed_by", "confirmed_at", "updated_at"])
    return entry


# --- workshops, sections and places ---------------------------------------------------------------------


def _workshop_save(workshop: Workshop, data: Mapping[str, Any]) -> Workshop:
    errors = _apply(workshop, data, WORKSHOP_FIELDS, {"municipality": Level.MUNICIPALITY})
    _raise_if(_full_clean(workshop, errors=errors, exclude=["organisation"]))
    workshop.save()
    return workshop


@transaction.atomic
def workshop_create(*, actor, organisation: Organisation, data: Mapping[str, Any]) -> Workshop:
    """Add a CIS workshop, a KIS section or another place of activity."""
    values = dict(data)
    values.setdefault("municipality", organisation.municipality_id)
    return _workshop_save(Workshop(organisation=organisation), values)


@transaction.atomic
def workshop_update(*, actor, workshop: Workshop, data: Mapping[str, Any]) -> Workshop:
    return _workshop_save(workshop, data)


@transaction.atomic
def workshop_delete(*, actor, workshop: Workshop) -> None:
    workshop.delete()


# --- contact persons ----------------------------------------------------------------------------------


def _contact_save(contact: ContactPerson, data: Mapping[str, Any]) -> ContactPerson:
    errors = _apply(contact, data, CONTACT_FIELDS, {})
    _raise_if(_full_clean(contact, errors=errors, exclude=["organisation"]))
    contact.save()
    return contact


@transaction.atomic
def contact_create(*, actor, organisation: Organisation, data: Mapping[str, Any]) -> ContactPerson:
    return _contact_save(ContactPerson(organisation=organisation), data)


@transaction.atomic
def contact_update(*, actor, contact: ContactPerson, data: Mapping[str, Any]) -> ContactPerson:
    return _contact_save(contact, data)


@transaction.atomic
def contact_delete(*, actor, contact: ContactPerson) -> None:
    contact.delete()
