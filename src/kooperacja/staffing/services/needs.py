"""Staffing needs: a provider declares, changes, publishes and withdraws them; they expire, and hires fill them."""

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.accounts.actor import actor_of
from kooperacja.catalogue.models import Qualification, ServiceCardVersion
from kooperacja.core import plausible
from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.core.fsm import transition
from kooperacja.core.text import fold
from kooperacja.registry.models import PROVIDER_KINDS, Organisation
from kooperacja.staffing.labour import LabourLaw
from kooperacja.staffing.models import NEED_MACHINE, NEED_OPEN_STATES, NeedEvent, NeedStatus, StaffingNeed
from kooperacja.staffing.rules import NEED_MANAGER_ROLES
from kooperacja.staffing.services.common import actor_or_none, is_admin, resolve_unit
from kooperacja.territory.models import Level

NEED_FIELDS = (
    "position",
    "headcount",
    "working_time",
    "hours_per_week",
    "start_date",
    "end_date",
    "pay_min",
    "pay_max",
    "conditions",
)
# A need may be changed while it still has, or may get, open positions.
NEED_EDITABLE_STATES = (NeedStatus.DRAFT, NeedStatus.OPEN, NeedStatus.PARTLY_FILLED)
# Needs a partner may contribute to a diagnosis round.
NEED_CONTRIBUTABLE_STATES = NEED_EDITABLE_STATES
MAX_HOURS_PER_WEEK = plausible.WEEKLY_HOURS.high
NEED_CONFLICT_MESSAGE = _(
    "Someone else saved this need in the meantime. Nothing was saved; check the current data and make your "
    "change again."
)
SEARCH_TEXT_LENGTH = StaffingNeed._meta.get_field("search_text").max_length


def _check_provider(actor: User | None, provider: Organisation | None, *, errors: FieldErrors) -> None:
    if provider is None:
        errors.add("provider", _("Choose the provider."), code="required")
    elif provider.kind not in PROVIDER_KINDS:
        errors.add(
            "provider",
            _("“%(name)s” is not a service provider (CIS, KIS, ZAZ, WTZ, social cooperative, NGO, social enterprise)."),
            code="not_a_provider",
            params={"name": provider.name},
        )
    elif not (is_admin(actor) or provider.pk in actor_of(actor).organisations_with(*NEED_MANAGER_ROLES)):
        errors.add(
            "provider",
            _("You may not declare staffing needs for “%(name)s”."),
            code="not_your_provider",
            params={"name": provider.name},
        )


def unknown_qualifications(errors: FieldErrors, card_version: ServiceCardVersion, unknown: Iterable[str]) -> None:
    errors.add(
        "required_qualifications",
        _("The service card “%(card)s” does not list the qualification %(codes)s."),
        code="unknown_qualification",
        params={"card": str(card_version), "codes": ", ".join(f"“{code}”" for code in unknown)},
    )


def _resolve_qualifications(
    card_version: ServiceCardVersion, values: Iterable[Any], *, errors: FieldErrors
) -> list[Qualification]:
    """The card's qualifications named by ``values`` (codes or Qualification rows); unknown ones are errors."""
    known = {qualification.code: qualification for qualification in card_version.qualifications.all()}
    chosen: dict[str, Qualification] = {}
    unknown: list[str] = []
    for value in values or ():
        if isinstance(value, Qualification):
            code = value.code
            if value.version_id != card_version.pk:
                unknown.append(code)
                continue
        else:
            code = str(value).strip()
        if not code:
            continue
        if code in known:
            chosen.setdefault(code, known[code])
        elif code not in unknown:
            unknown.append(code)
    if unknown:
        unknown_qualifications(errors, card_version, unknown)
        return []
    return list(chosen.values())


NEED_RULE_FIELDS = ("headcount", "working_time", "hours_per_week", "pay_min", "pay_max", "start_date", "end_date")


def need_rules(
    values: Mapping[str, Any],
    errors: FieldErrors,
    *,
    creating: bool,
    filled_count: int = 0,
    today: date | None = None,
    labour: LabourLaw | None = None,
) -> None:
    """The rules of a need's numbers and dates beyond its model fields' own (``values`` by field name), checked
    into ``errors``; a field with an error already is not checked again. Shared by the form's services and the
    bulk import (which gives ``today`` and ``labour`` once for all its rows). A pay offer below the minimum wage
    on the start date is refused (:meth:`LabourLaw.check_pay`); every value stays within its plausible range."""
    today = today or timezone.localdate()
    if "headcount" not in errors and values["headcount"] is not None and values["headcount"] < 1:
        errors.add("headcount", _("At least one person is needed."), code="min_headcount")
    for name in ("pay_min", "pay_max"):
        value = values[name]
        if value is not None and name not in errors and Decimal(value) < 0:
            errors.add(name, _("Pay cannot be negative."), code="negative_pay")
    if creating and values["start_date"] and "start_date" not in errors and values["start_date"] < today:
        errors.add("start_date", _("The start date cannot be in the past."), code="start_in_past")
    if creating and values["end_date"] and "end_date" not in errors and values["end_date"] < today:
        errors.add("end_date", _("The “open until” date cannot be in the past."), code="end_in_past")
    plausible.check(
        errors,
        {
            "headcount": (plausible.POSITIONS, values["headcount"]),
            "hours_per_week": (plausible.WEEKLY_HOURS, values["hours_per_week"]),
            "pay_min": (plausible.MONTHLY_PAY.named(_("Pay from")), values["pay_min"]),
            "pay_max": (plausible.MONTHLY_PAY.named(_("Pay to")), values["pay_max"]),
            "start_date": (plausible.NEED_START, values["start_date"]),
            "end_date": (plausible.NEED_END, values["end_date"]),
        },
        today=today,
    )
    if "headcount" not in errors and values["headcount"] is not None and values["headcount"] < filled_count:
        errors.add(
            "headcount",
            _("%(filled)s people are already hired for this need; the number cannot be lower."),
            code="below_filled",
            params={"filled": filled_count},
        )
    if (
        values["pay_min"] is not None
        and values["pay_max"] is not None
        and "pay_min" not in errors
        and "pay_max" not in errors
        and Decimal(values["pay_min"]) > Decimal(values["pay_max"])
    ):
        errors.add("pay_max", _("The upper end of the pay range is below the lower end."), code="pay_range")
    if any(values.get(name) is not None for name in ("pay_min", "pay_max")):
        (labour or LabourLaw()).check_pay(dict(values), errors)


def _need_apply(
    need: StaffingNeed, data: Mapping[str, Any], *, creating: bool, errors: FieldErrors
) -> list[Qualification] | None:
    """Copy ``data`` onto ``need`` and validate the whole record into ``errors``; returns the qualifications to
    set (None: keep)."""
    if "card_version" in data:
        if data["card_version"] is None:
            errors.add("card_version", _("Choose the service."), code="required")
        else:
            need.card_version = data["card_version"]
    if "municipality" in data:
        municipality = resolve_unit(
            data["municipality"], levels=[Level.MUNICIPALITY], field="municipality", errors=errors
        )
        if municipality is not None:
            need.municipality = municipality
    for name in NEED_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in ("position", "conditions"):
            value = "" if value is None else str(value).strip()
        setattr(need, name, value)
    try:
        need.full_clean(
            exclude=["provider", "card_version", "municipality", "created_by", *errors.by_field],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        errors.absorb(exc)

    need_rules(
        {name: getattr(need, name) for name in NEED_RULE_FIELDS},
        errors,
        creating=creating,
        filled_count=need.filled_count,
    )

    qualifications = None
    touched = "required_qualifications" in data or "card_version" in data
    if touched and need.card_version_id is not None and "card_version" not in errors:
        values = data.get("required_qualifications")
        if values is None and need.pk:
            values = [q.code for q in need.required_qualifications.all()]
        qualifications = _resolve_qualifications(need.card_version, values or [], errors=errors)
    return qualifications


def need_fill_derived(need: StaffingNeed) -> None:
    """The search key kept beside the need (also for bulk writers)."""
    parts = [need.position, need.provider.name, need.municipality.name]
    need.search_text = fold(" ".join(part for part in parts if part))[:SEARCH_TEXT_LENGTH]


@transaction.atomic
def need_create(*, actor: User | None, data: Mapping[str, Any]) -> StaffingNeed:
    """Declare a staffing need (as a draft). ``data`` holds model field values; ``provider`` an Organisation,
    ``card_version`` a ServiceCardVersion, ``municipality`` a Unit or a TERYT code and
    ``required_qualifications`` qualification codes (or rows) of that card version."""
    provider = data.get("provider")
    errors = FieldErrors()
    _check_provider(actor, provider, errors=errors)
    need = StaffingNeed(created_by=actor_or_none(actor))
    if provider is not None and not errors:  # no provider is an error already
        need.provider = provider
    qualifications = _need_apply(
        need, {"card_version": None, "municipality": None, **data}, creating=True, errors=errors
    )
    errors.raise_if_any()
    need_fill_derived(need)
    need.save()
    need.required_qualifications.set(qualifications or [])
    return need


@transaction.atomic
def need_update(*, actor: User, need: StaffingNeed, data: Mapping[str, Any], expected_version: int) -> StaffingNeed:
    """Change a need read at ``expected_version``; a stale version raises ConflictError with nothing written.

    The provider of a need does not change.
    """
    if not (is_admin(actor) or need.provider_id in actor_of(actor).organisations_with(*NEED_MANAGER_ROLES)):
        raise PermissionDenied
    if need.status not in NEED_EDITABLE_STATES:
        raise ValidationError(
            _("A need in state “%(status)s” can no longer be changed."),
            code="not_editable",
            params={"status": need.get_status_display()},
        )
    values = {key: value for key, value in data.items() if key != "provider"}
    errors = FieldErrors()
    qualifications = _need_apply(need, values, creating=False, errors=errors)
    errors.raise_if_any()
    claimed = StaffingNeed.objects.filter(pk=need.pk, version=expected_version, status__in=NEED_EDITABLE_STATES).update(
        version=expected_version + 1
    )
    if claimed != 1:
        raise ConflictError(str(NEED_CONFLICT_MESSAGE))
    need.version = expected_version + 1
    need_fill_derived(need)
    changed = [name for name in NEED_FIELDS if name in values]
    changed += [name for name in ("card_version", "municipality") if name in values]
    need.save(update_fields=[*changed, "search_text", "version", "updated_at"])
    if qualifications is not None:
        need.required_qualifications.set(qualifications)
    return need


def _need_check_manager(actor: User | None, need: StaffingNeed) -> None:
    if actor is not None and not (
        is_admin(actor) or need.provider_id in actor_of(actor).organisations_with(*NEED_MANAGER_ROLES)
    ):
        raise PermissionDenied


@transaction.atomic
def need_publish(*, actor: User, need: StaffingNeed) -> StaffingNeed:
    """Draft -> open: the need becomes visible to everyone and available to matching."""
    _need_check_manager(actor, need)
    if need.status == NeedStatus.DRAFT and need.start_date < timezone.localdate():
        raise ValidationError(
            {"start_date": [_("The start date has passed; change it before publishing the need.")]},
            code="start_in_past",
        )
    # A draft saved before the minimum wage rose (or imported) is not offered publicly below it.
    errors = FieldErrors()
    if need.pay_min is not None or need.pay_max is not None:
        LabourLaw().check_pay({name: getattr(need, name) for name in NEED_RULE_FIELDS}, errors)
    errors.raise_if_any()
    return transition(need, machine=NEED_MACHINE, target=NeedStatus.OPEN, actor=actor, event_model=NeedEvent, need=need)


@transaction.atomic
def need_withdraw(*, actor: User, need: StaffingNeed, note: str = "") -> StaffingNeed:
    """The provider no longer needs the staff."""
    _need_check_manager(actor, need)
    return transition(
        need,
        machine=NEED_MACHINE,
        target=NeedStatus.WITHDRAWN,
        actor=actor,
        event_model=NeedEvent,
        note=(note or "").strip()[:500],
        need=need,
    )


@transaction.atomic
def need_expire(*, actor: User | None, need: StaffingNeed) -> StaffingNeed:
    """An open need whose "open until" date has passed expires (run by the schedule; ``actor`` may be None)."""
    return transition(
        need,
        machine=NEED_MACHINE,
        target=NeedStatus.EXPIRED,
        actor=actor,
        event_model=NeedEvent,
        note=str(_("The “open until” date passed.")),
        need=need,
    )


def needs_expire_due(*, today: date | None = None) -> int:
    """Expire every open need whose end date is before ``today``; returns how many expired."""
    today = today or timezone.localdate()
    expired = 0
    due = StaffingNeed.objects.filter(status__in=NEED_OPEN_STATES, end_date__lt=today).order_by("pk")
    for need in due.iterator():
        try:
            need_expire(actor=None, need=need)
        except (ConflictError, ValidationError):
            continue  # changed by someone else in the meantime
        expired += 1
    return expired


@transaction.atomic
def need_record_hire(*, actor: User | None, need: StaffingNeed) -> StaffingNeed:
    """One more person was hired for ``need``: +1 ``filled_count`` claimed with a conditional UPDATE, then
    open -> partly filled, or -> filled when every position is taken. No open position: ValidationError."""
    claimed = StaffingNeed.objects.filter(
        pk=need.pk, status__in=NEED_OPEN_STATES, filled_count__lt=F("headcount")
    ).update(filled_count=F("filled_count") + 1, updated_at=timezone.now())
    if claimed != 1:
        raise ValidationError(
            _("The need “%(position)s” has no open position left."), code="no_open_position", params={"position": need}
        )
    need.refresh_from_db(fields=["filled_count", "status", "updated_at"])
    target = NeedStatus.FILLED if need.filled_count >= need.headcount else NeedStatus.PARTLY_FILLED
    note = str(_("Hired %(filled)s of %(headcount)s.") % {"filled": need.filled_count, "headcount": need.headcount})
    if target == need.status:
        # Still partly filled: no change of state, but the hire belongs on the timeline.
        NeedEvent.objects.create(
            need=need, from_state=need.status, to_state=need.status, actor=actor_or_none(actor), note=note
        )
        return need
    return transition(
        need, machine=NEED_MACHINE, target=target, actor=actor, event_model=NeedEvent, note=note, need=need
    )
