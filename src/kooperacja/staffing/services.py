"""Writes of sphere 1 staffing: needs, diagnosis rounds, directions and staffing plans.

Web views, the API, tasks and management commands all call these functions. Every state change goes
through :func:`kooperacja.core.fsm.transition`, which settles races in the database and writes the event row.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.accounts.actor import actor_of
from kooperacja.catalogue.models import Qualification, ServiceCardVersion, ServiceType
from kooperacja.core.errors import ConflictError
from kooperacja.core.fsm import transition
from kooperacja.core.text import fold
from kooperacja.registry.models import PROVIDER_KINDS, Organisation
from kooperacja.staffing.models import (
    NEED_MACHINE,
    NEED_OPEN_STATES,
    PLAN_MACHINE,
    DevelopmentDirection,
    DiagnosisRound,
    NeedEvent,
    NeedStatus,
    PlanEvent,
    PlanLine,
    PlanSignoff,
    PlanStatus,
    RoundNeed,
    RoundPartner,
    RoundStatus,
    StaffingNeed,
    StaffingPlan,
)
from kooperacja.staffing.rules import NEED_MANAGER_ROLES, PARTNER_ROLES
from kooperacja.territory.forms import UnitField
from kooperacja.territory.models import Level, Unit
from kooperacja.territory.selectors import unit_resolve

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
MAX_HOURS_PER_WEEK = 60
QUARTER_PATTERN = re.compile(r"^(\d{4})-Q([1-4])$")
NEED_CONFLICT_MESSAGE = _(
    "Someone else saved this need in the meantime. Nothing was saved; check the current data and make your "
    "change again."
)
SEARCH_TEXT_LENGTH = StaffingNeed._meta.get_field("search_text").max_length


# --- helpers -----------------------------------------------------------------------------------------


def quarter_of(day: date) -> str:
    """The calendar quarter of ``day`` as "YYYY-Qn"."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(quarter: str) -> tuple[date, date] | None:
    """First and last day of a "YYYY-Qn" quarter, or None if the text is not a quarter."""
    match = QUARTER_PATTERN.match(quarter or "")
    if match is None:
        return None
    year, number = int(match.group(1)), int(match.group(2))
    first = date(year, 3 * number - 2, 1)
    last = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


def _error(field: str, message, code: str, **params) -> dict[str, list]:
    return {field: [ValidationError(message, code=code, params=params or None)]}


def _raise_if(errors: dict[str, list]) -> None:
    if errors:
        raise ValidationError(errors)


def _resolve_unit(value: Any, *, levels: Iterable[str], field: str) -> Unit:
    """A territorial unit from a Unit or a TERYT code, checked to be of one of ``levels``."""
    messages = UnitField.default_error_messages
    if value in (None, ""):
        raise ValidationError(_error(field, _("This field is required."), "required"))
    unit = unit_resolve(value)
    if unit is None:
        raise ValidationError(_error(field, messages["invalid_choice"], "invalid_choice"))
    levels = tuple(levels)
    if unit.level not in levels:
        label = " / ".join(str(Level(level).label) for level in levels)
        raise ValidationError(_error(field, messages["wrong_level"], "wrong_level", level=label))
    return unit


def _is_admin(actor) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.is_superuser)


def _actor_or_none(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


# --- staffing needs ----------------------------------------------------------------------------------


def _check_provider(actor, provider: Organisation | None) -> dict[str, list]:
    if provider is None:
        return _error("provider", _("Choose the provider."), "required")
    if provider.kind not in PROVIDER_KINDS:
        return _error(
            "provider",
            _("“%(name)s” is not a service provider (CIS, KIS, ZAZ, WTZ, social cooperative, NGO, social enterprise)."),
            "not_a_provider",
            name=provider.name,
        )
    if not (_is_admin(actor) or provider.pk in actor_of(actor).organisations_with(*NEED_MANAGER_ROLES)):
        return _error(
            "provider", _("You may not declare staffing needs for “%(name)s”."), "not_your_provider", name=provider.name
        )
    return {}


def _resolve_qualifications(card_version: ServiceCardVersion, values: Iterable[Any]) -> tuple[list, dict]:
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
        return [], _error(
            "required_qualifications",
            _("The service card “%(card)s” does not list the qualification %(codes)s."),
            "unknown_qualification",
            card=str(card_version),
            codes=", ".join(f"“{code}”" for code in unknown),
        )
    return list(chosen.values()), {}


def _need_apply(need: StaffingNeed, data: Mapping[str, Any], *, creating: bool) -> list[Qualification] | None:
    """Copy ``data`` onto ``need`` and validate the whole record; returns the qualifications to set (None: keep)."""
    errors: dict[str, list] = {}
    if "card_version" in data:
        if data["card_version"] is None:
            errors.update(_error("card_version", _("Choose the service."), "required"))
        else:
            need.card_version = data["card_version"]
    if "municipality" in data:
        try:
            need.municipality = _resolve_unit(data["municipality"], levels=[Level.MUNICIPALITY], field="municipality")
        except ValidationError as exc:
            errors.update(exc.error_dict)
    for name in NEED_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in ("position", "conditions"):
            value = "" if value is None else str(value).strip()
        setattr(need, name, value)
    try:
        need.full_clean(
            exclude=["provider", "card_version", "municipality", "created_by", *errors.keys()],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        errors.update(exc.error_dict)

    if "headcount" not in errors and need.headcount is not None:
        if need.headcount < 1:
            errors.update(_error("headcount", _("At least one person is needed."), "min_headcount"))
        elif need.headcount < need.filled_count:
            errors.update(
                _error(
                    "headcount",
                    _("%(filled)s people are already hired for this need; the number cannot be lower."),
                    "below_filled",
                    filled=need.filled_count,
                )
            )
    hours = need.hours_per_week
    if hours is not None and "hours_per_week" not in errors and not 1 <= hours <= MAX_HOURS_PER_WEEK:
        errors.update(
            _error(
                "hours_per_week",
                _("Hours per week must be between 1 and %(max)s."),
                "hours_range",
                max=MAX_HOURS_PER_WEEK,
            )
        )
    for name in ("pay_min", "pay_max"):
        value = getattr(need, name)
        if value is not None and name not in errors and Decimal(value) < 0:
            errors.update(_error(name, _("Pay cannot be negative."), "negative_pay"))
    pay_known = need.pay_min is not None and need.pay_max is not None and not ({"pay_min", "pay_max"} & errors.keys())
    if pay_known and Decimal(need.pay_min) > Decimal(need.pay_max):
        errors.update(_error("pay_max", _("The upper end of the pay range is below the lower end."), "pay_range"))
    today = timezone.localdate()
    if creating and need.start_date and "start_date" not in errors and need.start_date < today:
        errors.update(_error("start_date", _("The start date cannot be in the past."), "start_in_past"))
    if creating and need.end_date and "end_date" not in errors and need.end_date < today:
        errors.update(_error("end_date", _("The “open until” date cannot be in the past."), "end_in_past"))

    qualifications = None
    touched = "required_qualifications" in data or "card_version" in data
    if touched and need.card_version_id is not None and "card_version" not in errors:
        values = data.get("required_qualifications")
        if values is None and need.pk:
            values = [q.code for q in need.required_qualifications.all()]
        qualifications, qualification_errors = _resolve_qualifications(need.card_version, values or [])
        errors.update(qualification_errors)
    _raise_if(errors)
    return qualifications


def _need_fill_derived(need: StaffingNeed) -> None:
    parts = [need.position, need.provider.name, need.municipality.name]
    need.search_text = fold(" ".join(part for part in parts if part))[:SEARCH_TEXT_LENGTH]


@transaction.atomic
def need_create(*, actor, data: Mapping[str, Any]) -> StaffingNeed:
    """Declare a staffing need (as a draft). ``data`` holds model field values; ``provider`` an Organisation,
    ``card_version`` a ServiceCardVersion, ``municipality`` a Unit or a TERYT code and
    ``required_qualifications`` qualification codes (or rows) of that card version."""
    provider = data.get("provider")
    errors = _check_provider(actor, provider)
    need = StaffingNeed(created_by=_actor_or_none(actor))
    if not errors:
        need.provider = provider
    try:
        qualifications = _need_apply(need, {"card_version": None, "municipality": None, **data}, creating=True)
    except ValidationError as exc:
        errors.update(exc.error_dict)
        raise ValidationError(errors) from exc
    _raise_if(errors)
    _need_fill_derived(need)
    need.save()
    need.required_qualifications.set(qualifications or [])
    return need


@transaction.atomic
def need_update(*, actor, need: StaffingNeed, data: Mapping[str, Any], expected_version: int) -> StaffingNeed:
    """Change a need read at ``expected_version``; a stale version raises ConflictError with nothing written.

    The provider of a need does not change.
    """
    if not (_is_admin(actor) or need.provider_id in actor_of(actor).organisations_with(*NEED_MANAGER_ROLES)):
        raise PermissionDenied
    if need.status not in NEED_EDITABLE_STATES:
        raise ValidationError(
            _("A need in state “%(status)s” can no longer be changed."),
            code="not_editable",
            params={"status": need.get_status_display()},
        )
    values = {key: value for key, value in data.items() if key != "provider"}
    qualifications = _need_apply(need, values, creating=False)
    claimed = StaffingNeed.objects.filter(pk=need.pk, version=expected_version, status__in=NEED_EDITABLE_STATES).update(
        version=expected_version + 1
    )
    if claimed != 1:
        raise ConflictError(str(NEED_CONFLICT_MESSAGE))
    need.version = expected_version + 1
    _need_fill_derived(need)
    changed = [name for name in NEED_FIELDS if name in values]
    changed += [name for name in ("card_version", "municipality") if name in values]
    need.save(update_fields=[*changed, "search_text", "version", "updated_at"])
    if qualifications is not None:
        need.required_qualifications.set(qualifications)
    return need


def _need_check_manager(actor, need: StaffingNeed) -> None:
    if actor is not None and not (
        _is_admin(actor) or need.provider_id in actor_of(actor).organisations_with(*NEED_MANAGER_ROLES)
    ):
        raise PermissionDenied


@transaction.atomic
def need_publish(*, actor, need: StaffingNeed) -> StaffingNeed:
    """Draft -> open: the need becomes visible to everyone and available to matching."""
    _need_check_manager(actor, need)
    if need.status == NeedStatus.DRAFT and need.start_date < timezone.localdate():
        raise ValidationError(
            {"start_date": [_("The start date has passed; change it before publishing the need.")]},
            code="start_in_past",
        )
    return transition(need, machine=NEED_MACHINE, target=NeedStatus.OPEN, actor=actor, event_model=NeedEvent, need=need)


@transaction.atomic
def need_withdraw(*, actor, need: StaffingNeed, note: str = "") -> StaffingNeed:
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
def need_expire(*, actor, need: StaffingNeed) -> StaffingNeed:
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
def need_record_hire(*, actor, need: StaffingNeed) -> StaffingNeed:
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
            need=need, from_state=need.status, to_state=need.status, actor=_actor_or_none(actor), note=note
        )
        return need
    return transition(
        need, machine=NEED_MACHINE, target=target, actor=actor, event_model=NeedEvent, note=note, need=need
    )


# --- diagnosis rounds --------------------------------------------------------------------------------


def _check_coordinator(actor, diagnosis_round: DiagnosisRound) -> None:
    if not (actor is not None and actor.has_perm("staffing.coordinate_round", diagnosis_round)):
        raise PermissionDenied


def _check_round_open(diagnosis_round: DiagnosisRound) -> None:
    if diagnosis_round.status != RoundStatus.OPEN:
        raise ValidationError(_("The round is closed; it takes no more contributions."), code="round_closed")


def _partner_errors(territory: Unit | None, partners: Iterable[Organisation]) -> dict[str, list]:
    if territory is None:
        return {}
    outside = [p.name for p in partners if not p.municipality_id.startswith(territory.code[:2])]
    if outside:
        return _error(
            "partners",
            _("Partners must work in the voivodeship of the round's territory; not: %(names)s."),
            "partner_outside",
            names=", ".join(outside),
        )
    return {}


@transaction.atomic
def round_open(*, actor, data: Mapping[str, Any]) -> DiagnosisRound:
    """A coordinator opens a joint diagnosis for a municipality or county and a period, inviting partners."""
    errors: dict[str, list] = {}
    title = str(data.get("title") or "").strip()
    if not title:
        errors.update(_error("title", _("This field is required."), "required"))
    elif len(title) > 200:
        errors.update(_error("title", _("At most 200 characters."), "max_length"))
    territory = None
    try:
        territory = _resolve_unit(data.get("territory"), levels=[Level.MUNICIPALITY, Level.COUNTY], field="territory")
    except ValidationError as exc:
        errors.update(exc.error_dict)
    start, end = data.get("period_start"), data.get("period_end")
    if start is None:
        errors.update(_error("period_start", _("This field is required."), "required"))
    if end is None:
        errors.update(_error("period_end", _("This field is required."), "required"))
    if start and end and end < start:
        errors.update(_error("period_end", _("The period cannot end before it starts."), "period_order"))
    coordinator_organisation = data.get("coordinator_organisation")
    if coordinator_organisation is None:
        errors.update(_error("coordinator_organisation", _("Choose the coordinating organisation."), "required"))
    elif not (_is_admin(actor) or coordinator_organisation.pk in actor_of(actor).organisations_with("coordinator")):
        errors.update(
            _error(
                "coordinator_organisation",
                _("You are not a coordinator in “%(name)s”."),
                "not_coordinator",
                name=coordinator_organisation.name,
            )
        )
    partners = [
        p
        for p in (data.get("partners") or [])
        if coordinator_organisation is None or p.pk != coordinator_organisation.pk
    ]
    errors.update(_partner_errors(territory, partners))
    _raise_if(errors)
    diagnosis_round = DiagnosisRound.objects.create(
        title=title,
        territory=territory,
        period_start=start,
        period_end=end,
        coordinator_organisation=coordinator_organisation,
        created_by=_actor_or_none(actor),
    )
    RoundPartner.objects.bulk_create(
        [RoundPartner(round=diagnosis_round, organisation=partner) for partner in {p.pk: p for p in partners}.values()]
    )
    return diagnosis_round


@transaction.atomic
def round_invite_partner(*, actor, diagnosis_round: DiagnosisRound, organisation: Organisation) -> RoundPartner:
    _check_coordinator(actor, diagnosis_round)
    _check_round_open(diagnosis_round)
    errors = _partner_errors(diagnosis_round.territory, [organisation])
    if organisation.pk == diagnosis_round.coordinator_organisation_id:
        errors.update(_error("organisation", _("The coordinating organisation takes part already."), "coordinator"))
    _raise_if({("organisation" if key == "partners" else key): value for key, value in errors.items()})
    try:
        with transaction.atomic():
            return RoundPartner.objects.create(round=diagnosis_round, organisation=organisation)
    except IntegrityError as exc:
        raise ValidationError(
            _error("organisation", _("“%(name)s” is already a partner."), "duplicate", name=organisation.name)
        ) from exc


@transaction.atomic
def round_contribute_need(*, actor, diagnosis_round: DiagnosisRound, need: StaffingNeed) -> RoundNeed:
    """A partner's member attaches one of their organisation's needs to the round."""
    _check_round_open(diagnosis_round)
    partner = RoundPartner.objects.filter(round=diagnosis_round, organisation_id=need.provider_id).first()
    if partner is None:
        raise ValidationError(
            _("“%(name)s” is not a partner of this round."), code="not_a_partner", params={"name": need.provider.name}
        )
    if not (_is_admin(actor) or need.provider_id in actor_of(actor).organisations_with(*PARTNER_ROLES)):
        raise PermissionDenied
    if need.status not in NEED_CONTRIBUTABLE_STATES:
        raise ValidationError(
            _("The need “%(need)s” is %(status)s and cannot be contributed."),
            code="need_closed",
            params={"need": need.position, "status": need.get_status_display()},
        )
    if not need.municipality_id.startswith(diagnosis_round.territory_id):
        raise ValidationError(
            _("The need “%(need)s” is outside the round's territory."),
            code="need_outside",
            params={"need": need.position},
        )
    try:
        with transaction.atomic():
            link = RoundNeed.objects.create(round=diagnosis_round, need=need, contributed_by=_actor_or_none(actor))
    except IntegrityError as exc:
        raise ValidationError(
            _("The need “%(need)s” is already contributed."), code="duplicate", params={"need": need.position}
        ) from exc
    RoundPartner.objects.filter(pk=partner.pk).update(contributed_at=timezone.now())
    return link


@transaction.atomic
def round_contribute_needs(*, actor, diagnosis_round: DiagnosisRound, needs: Iterable[StaffingNeed]) -> int:
    """Contribute several needs at once: all of them or none."""
    count = 0
    for need in needs:
        round_contribute_need(actor=actor, diagnosis_round=diagnosis_round, need=need)
        count += 1
    return count


@transaction.atomic
def direction_add(*, actor, diagnosis_round: DiagnosisRound, data: Mapping[str, Any]) -> DevelopmentDirection:
    """The municipality's direction of service development: more of a service, with additional staff."""
    _check_coordinator(actor, diagnosis_round)
    _check_round_open(diagnosis_round)
    errors: dict[str, list] = {}
    service_type = data.get("service_type")
    if not isinstance(service_type, ServiceType):
        errors.update(_error("service_type", _("Choose the service."), "required"))
    description = str(data.get("description") or "").strip()
    if not description:
        errors.update(_error("description", _("This field is required."), "required"))
    elif len(description) > 2000:
        errors.update(_error("description", _("At most 2000 characters."), "max_length"))
    staff = data.get("additional_staff")
    if staff is None or not isinstance(staff, int) or staff < 0:
        errors.update(_error("additional_staff", _("Enter a whole number, 0 or more."), "invalid"))
    quarter = str(data.get("quarter") or "").strip().upper()
    bounds = quarter_bounds(quarter)
    if bounds is None:
        errors.update(_error("quarter", _("Write the quarter as YYYY-Qn, e.g. 2027-Q1."), "invalid_quarter"))
    elif bounds[1] < diagnosis_round.period_start or bounds[0] > diagnosis_round.period_end:
        errors.update(
            _error(
                "quarter",
                _("The quarter %(quarter)s is outside the round's period (%(start)s – %(end)s)."),
                "quarter_outside",
                quarter=quarter,
                start=diagnosis_round.period_start.isoformat(),
                end=diagnosis_round.period_end.isoformat(),
            )
        )
    _raise_if(errors)
    return DevelopmentDirection.objects.create(
        round=diagnosis_round,
        service_type=service_type,
        description=description,
        additional_staff=staff,
        quarter=quarter,
    )


# --- staffing plans ----------------------------------------------------------------------------------


def _first_mandatory(qualifications: Iterable[Qualification]) -> Qualification | None:
    ordered = sorted(qualifications, key=lambda q: (q.order, q.pk))
    return next((q for q in ordered if q.mandatory), None)


def plan_lines_compute(*, diagnosis_round: DiagnosisRound) -> list[PlanLine]:
    """The plan lines (unsaved) of a round, by service, qualification and quarter.

    Each contributed need adds its open positions to every one of its required qualifications in the
    quarter of its start date (a need without required qualifications counts under its card's first
    mandatory qualification); each direction adds its additional staff to the first mandatory
    qualification of the service's current card.
    """
    needed: dict[tuple[int, str, str], int] = defaultdict(int)
    names: dict[tuple[int, str, str], str] = {}
    links = (
        RoundNeed.objects.filter(round=diagnosis_round)
        .select_related("need__card_version")
        .prefetch_related("need__required_qualifications", "need__card_version__qualifications")
    )
    for link in links:
        need = link.need
        if need.status in (NeedStatus.WITHDRAWN, NeedStatus.EXPIRED) or need.open_positions <= 0:
            continue
        qualifications = list(need.required_qualifications.all())
        if not qualifications:
            fallback = _first_mandatory(need.card_version.qualifications.all())
            qualifications = [fallback] if fallback else []
        quarter = quarter_of(need.start_date)
        for qualification in qualifications:
            key = (need.card_version.service_type_id, qualification.code, quarter)
            needed[key] += need.open_positions
            names.setdefault(key, qualification.name)
    directions = diagnosis_round.directions.select_related("service_type__current_version").prefetch_related(
        "service_type__current_version__qualifications"
    )
    for direction in directions:
        if direction.additional_staff <= 0:
            continue
        card = direction.service_type.current_version
        qualification = _first_mandatory(card.qualifications.all()) if card else None
        key = (direction.service_type_id, qualification.code if qualification else "", direction.quarter)
        needed[key] += direction.additional_staff
        names.setdefault(key, qualification.name if qualification else "")
    return [
        PlanLine(
            service_type_id=service_type_id,
            qualification_code=code,
            qualification_name=names[key],
            quarter=quarter,
            needed=count,
        )
        for key, count in sorted(needed.items(), key=lambda item: (item[0][2], item[0][0], item[0][1]))
        for service_type_id, code, quarter in [key]
    ]


def plan_signer_ids(diagnosis_round: DiagnosisRound) -> set[int]:
    """Organisations whose sign-off a plan of the round needs: every partner and the coordinating organisation."""
    partners = set(RoundPartner.objects.filter(round=diagnosis_round).values_list("organisation_id", flat=True))
    return partners | {diagnosis_round.coordinator_organisation_id}


def _save_lines(plan: StaffingPlan, lines: Iterable[PlanLine]) -> None:
    rows = []
    for line in lines:
        line.pk = None
        line.plan = plan
        rows.append(line)
    PlanLine.objects.bulk_create(rows)


@transaction.atomic
def plan_generate(*, actor, diagnosis_round: DiagnosisRound) -> StaffingPlan:
    """Aggregate the round's contributions and directions into version 1 of its plan (draft)."""
    _check_coordinator(actor, diagnosis_round)
    DiagnosisRound.objects.select_for_update().filter(pk=diagnosis_round.pk).first()
    if StaffingPlan.objects.filter(round=diagnosis_round).exists():
        raise ValidationError(
            _("The round already has a staffing plan; change it with an amendment."), code="plan_exists"
        )
    lines = plan_lines_compute(diagnosis_round=diagnosis_round)
    if not lines:
        raise ValidationError(
            _("There is nothing to plan yet: no contributed need has open positions and no direction adds staff."),
            code="nothing_to_plan",
        )
    try:
        with transaction.atomic():
            plan = StaffingPlan.objects.create(round=diagnosis_round, number=1, created_by=_actor_or_none(actor))
    except IntegrityError as exc:
        raise ConflictError(str(_("Someone else generated the plan in the meantime."))) from exc
    _save_lines(plan, lines)
    PlanEvent.objects.create(
        plan=plan,
        from_state=PlanStatus.DRAFT,
        to_state=PlanStatus.DRAFT,
        actor=_actor_or_none(actor),
        note=str(_("Version 1 generated from the round.")),
    )
    return plan


def _refuse_unsignable(plan: StaffingPlan) -> None:
    if plan.status == PlanStatus.SUPERSEDED:
        successor = StaffingPlan.objects.filter(amends=plan).first()
        raise ValidationError(
            _(
                "Version %(number)s of this plan was amended and replaced by version %(successor)s. "
                "Nothing was signed; read and sign the current version."
            ),
            code="superseded",
            params={"number": plan.number, "successor": successor.number if successor else "?"},
        )
    if plan.status == PlanStatus.SIGNED:
        raise ValidationError(_("This version of the plan is already signed by every partner."), code="already_signed")


@transaction.atomic
def plan_sign(*, actor, plan: StaffingPlan, organisation: Organisation) -> StaffingPlan:
    """``actor`` signs the plan for ``organisation``. When every partner and the coordinating organisation
    have signed, the plan becomes SIGNED (locked). A superseded or signed plan refuses, writing nothing."""
    locked = StaffingPlan.objects.select_for_update().select_related("round").get(pk=plan.pk)
    _refuse_unsignable(locked)
    signers = plan_signer_ids(locked.round)
    if organisation.pk not in signers:
        raise ValidationError(
            _("“%(name)s” is not a partner of this round."), code="not_a_partner", params={"name": organisation.name}
        )
    if not (_is_admin(actor) or organisation.pk in actor_of(actor).organisations_with(*PARTNER_ROLES)):
        raise PermissionDenied
    try:
        with transaction.atomic():
            PlanSignoff.objects.create(plan=locked, organisation=organisation, signed_by=_actor_or_none(actor))
    except IntegrityError as exc:
        raise ValidationError(
            _("“%(name)s” has already signed this version of the plan."),
            code="already_signed_by_organisation",
            params={"name": organisation.name},
        ) from exc
    PlanEvent.objects.create(
        plan=locked,
        from_state=locked.status,
        to_state=locked.status,
        actor=_actor_or_none(actor),
        note=str(_("Signed for %(name)s.") % {"name": organisation.name}),
    )
    signed = set(PlanSignoff.objects.filter(plan=locked).values_list("organisation_id", flat=True))
    if signers <= signed:
        try:
            transition(
                locked,
                machine=PLAN_MACHINE,
                target=PlanStatus.SIGNED,
                actor=actor,
                event_model=PlanEvent,
                note=str(_("Signed by every partner; the plan is locked.")),
                plan=locked,
            )
        except ConflictError:
            # Another signer completed the plan at the same moment; their transition stands, our sign-off too.
            locked.refresh_from_db(fields=["status", "updated_at"])
            if locked.status != PlanStatus.SIGNED:
                _refuse_unsignable(locked)
    return locked


@transaction.atomic
def plan_amend(*, actor, plan: StaffingPlan, reason: str, regenerate: bool = True) -> StaffingPlan:
    """Amend a signed plan: version n+1 (draft) with lines regenerated from the round (or copied), and the
    reason; the signed version becomes SUPERSEDED and every partner signs the new one again."""
    locked = StaffingPlan.objects.select_for_update().select_related("round").get(pk=plan.pk)
    _check_coordinator(actor, locked.round)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for the amendment.")]}, code="required")
    if len(reason) > 500:
        raise ValidationError({"reason": [_("At most 500 characters.")]}, code="max_length")
    if locked.status != PlanStatus.SIGNED:
        if locked.status == PlanStatus.SUPERSEDED:
            _refuse_unsignable(locked)
        raise ValidationError(
            _("Only a plan signed by every partner is amended; this version still awaits sign-off."),
            code="not_signed",
        )
    number = (StaffingPlan.objects.filter(round=locked.round).aggregate(top=Max("number"))["top"] or 0) + 1
    try:
        with transaction.atomic():
            amendment = StaffingPlan.objects.create(
                round=locked.round,
                number=number,
                amends=locked,
                amendment_reason=reason,
                created_by=_actor_or_none(actor),
            )
    except IntegrityError as exc:
        raise ConflictError(str(_("Someone else amended this plan in the meantime."))) from exc
    if regenerate:
        lines = plan_lines_compute(diagnosis_round=locked.round)
    else:
        lines = [
            PlanLine(
                service_type_id=line.service_type_id,
                qualification_code=line.qualification_code,
                qualification_name=line.qualification_name,
                quarter=line.quarter,
                needed=line.needed,
            )
            for line in locked.lines.all()
        ]
    _save_lines(amendment, lines)
    transition(
        locked,
        machine=PLAN_MACHINE,
        target=PlanStatus.SUPERSEDED,
        actor=actor,
        event_model=PlanEvent,
        note=reason,
        plan=locked,
    )
    PlanEvent.objects.create(
        plan=amendment,
        from_state=PlanStatus.DRAFT,
        to_state=PlanStatus.DRAFT,
        actor=_actor_or_none(actor),
        note=str(_("Amends version %(number)s: %(reason)s") % {"number": locked.number, "reason": reason})[:500],
    )
    return amendment
