"""What the registry's services share: field lists, normalising and checking values, and the record of
every change of someone's reach."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from kooperacja.core.errors import FieldErrors
from kooperacja.core.models import max_length
from kooperacja.registry.models import (
    Organisation,
    ReachChange,
)
from kooperacja.registry.validators import normalise_krs, normalise_nip, normalise_postal_code, normalise_regon
from kooperacja.territory.models import Unit
from kooperacja.territory.selectors import unit_lookup

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


def resolve_unit(value: Any, *, level: str, field: str) -> Unit | None:
    """A territorial unit from a Unit, a TERYT code or a name borne by one unit only, checked to be of
    ``level``; field errors otherwise (a name several units bear is refused, naming their codes)."""
    if value in (None, ""):
        return None
    try:
        return unit_lookup(value, levels=[level])
    except ValidationError as exc:
        raise ValidationError({field: exc}) from None


def apply_values(
    instance: models.Model, data: Mapping[str, Any], fields: Iterable[str], units: Mapping[str, str]
) -> FieldErrors:
    """Copy the known keys of ``data`` onto ``instance``, normalised. Returns the errors of values that
    could not be set (unknown or wrong-level units), so that they are reported with all the others."""
    errors = FieldErrors()
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        if name in units:
            try:
                value = resolve_unit(value, level=units[name], field=name)
            except ValidationError as exc:
                errors.absorb(exc)
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


def full_clean_into(instance: models.Model, *, errors: FieldErrors, exclude: Iterable[str] = ()) -> FieldErrors:
    """Model field validation (lengths, formats, choices, identifier check digits) added to ``errors`` for the
    fields that have none yet."""
    try:
        instance.full_clean(exclude=[*exclude, *errors.by_field], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors.absorb(exc)
    return errors


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
    if len(text) > max_length(ReachChange, "reason"):
        raise ValidationError({"reason": ValidationError(_("The reason is too long."), code="max_length")})
    return text


def reach_change_record(
    *,
    actor: User | None,
    organisation: Organisation,
    kind: str,
    changes: dict,
    reason: str,
    subject_user: User | None = None,
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


def identifier_duplicates(organisation: Organisation, *, skip: Iterable[str] = ()) -> FieldErrors:
    errors = FieldErrors()
    for name in IDENTIFIER_FIELDS:
        value = getattr(organisation, name)
        if not value or name in skip:
            continue
        other = Organisation.objects.filter(**{name: value}).exclude(pk=organisation.pk).only("name").first()
        if other is not None:
            errors.add(name, DUPLICATE_MESSAGES[name], code="duplicate", params={"name": other.name})
    return errors


def save_or_duplicate(instance: models.Model, organisation: Organisation | None = None, **save_kwargs) -> None:
    """Save; a unique constraint hit by a concurrent writer becomes the same field error as a checked duplicate."""
    try:
        with transaction.atomic():
            instance.save(**save_kwargs)
    except IntegrityError as exc:
        if organisation is not None:
            identifier_duplicates(organisation).raise_if_any()
        raise ValidationError(_("This record duplicates one that is already registered.")) from exc
