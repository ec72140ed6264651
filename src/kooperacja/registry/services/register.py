"""The entry of a CIS or KIS in the voivode's register."""

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.core.errors import FieldErrors
from kooperacja.registry.models import (
    CIS_STATUS_YEARS,
    REGISTERED_KINDS,
    Organisation,
    OrganisationKind,
    ReachChangeKind,
    RegisterEntry,
    RegisterStatus,
)
from kooperacja.registry.services.common import (
    REGISTER_ENTRY_FIELDS,
    apply_values,
    full_clean_into,
    reach_change_record,
    reason_clean,
    save_or_duplicate,
)
from kooperacja.territory.models import Level
from kooperacja.territory.selectors import unit_find

# --- register entries ----------------------------------------------------------------------------------


def cis_status_end(entry_date: date) -> date:
    """The last day of a CIS status granted on ``entry_date`` (five years)."""
    try:
        anniversary = entry_date.replace(year=entry_date.year + CIS_STATUS_YEARS)
    except ValueError:  # 29 February
        anniversary = entry_date.replace(year=entry_date.year + CIS_STATUS_YEARS, day=28) + timedelta(days=1)
    return anniversary - timedelta(days=1)


def _register_entry_validate(entry: RegisterEntry, organisation: Organisation, errors: FieldErrors) -> None:
    full_clean_into(entry, errors=errors, exclude=["organisation"])
    if entry.voivodeship_id and entry.voivodeship_id != organisation.voivodeship_code and "voivodeship" not in errors:
        own = unit_find(code=organisation.voivodeship_code)
        errors.add(
            "voivodeship",
            _("The entry is made by the voivode of the organisation's own voivodeship (%(name)s)."),
            code="wrong_voivodeship",
            params={"name": own.display_name if own else organisation.voivodeship_code},
        )
    if entry.entry_date and entry.valid_until and "valid_until" not in errors:
        if entry.valid_until < entry.entry_date:
            errors.add(
                "valid_until", _("The end of validity cannot be earlier than the date of entry."), code="before_entry"
            )
        elif organisation.kind == OrganisationKind.CIS and entry.valid_until > cis_status_end(entry.entry_date):
            errors.add(
                "valid_until",
                _("The status of a CIS is granted for at most five years, here until %(date)s."),
                code="too_long",
                params={"date": cis_status_end(entry.entry_date).isoformat()},
            )
    if entry.number and entry.voivodeship_id and "number" not in errors:
        other = (
            RegisterEntry.objects.filter(voivodeship_id=entry.voivodeship_id, number=entry.number)
            .exclude(pk=entry.pk)
            .select_related("organisation")
            .first()
        )
        if other is not None:
            errors.add(
                "number",
                _("This register number is already entered in this voivodeship for: %(name)s."),
                code="duplicate",
                params={"name": other.organisation.name},
            )
    errors.raise_if_any()


@transaction.atomic
def register_entry_save(
    *, actor: User | None, organisation: Organisation, data: Mapping[str, Any], reason: str = ""
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
    errors = FieldErrors()
    current_status = entry.status if entry.pk else RegisterStatus.ACTIVE
    if actor is not None and not officer and values.get("status") not in (None, "", current_status):
        errors.add(
            "status",
            _("Only the register officer of the voivodeship changes the status of a register entry."),
            code="reach_locked",
        )
    if actor is not None and not officer:
        values["status"] = current_status
    errors.update(apply_values(entry, values, REGISTER_ENTRY_FIELDS, {"voivodeship": Level.VOIVODESHIP}).by_field)
    if organisation.kind == OrganisationKind.CIS and entry.entry_date and not entry.valid_until:
        entry.valid_until = cis_status_end(entry.entry_date)
    status_changed = entry.status != current_status
    if status_changed and actor is not None and "status" not in errors:
        try:
            reason = reason_clean(reason)
        except ValidationError as exc:
            errors.absorb(exc)
    _register_entry_validate(entry, organisation, errors)
    after = {name: getattr(entry, f"{name}_id" if name == "voivodeship" else name) for name in REGISTER_ENTRY_FIELDS}
    if officer:
        if after != before or not entry.is_confirmed:
            entry.confirmed_by, entry.confirmed_at = actor, timezone.now()
    elif after != before:
        entry.confirmed_by, entry.confirmed_at = None, None
    save_or_duplicate(entry)
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
def register_entry_confirm(*, actor: User, entry: RegisterEntry) -> RegisterEntry:
    """A register officer confirms that the entry matches the voivode's register."""
    entry.confirmed_by = actor
    entry.confirmed_at = timezone.now()
    entry.save(update_fields=["confirmed_by", "confirmed_at", "updated_at"])
    return entry
