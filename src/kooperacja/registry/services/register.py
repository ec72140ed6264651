"""The voivode's decisions in the register: terms of a CIS status (granted, extended, withdrawn), the entry of a
KIS (entered, struck off) and the status of a social enterprise (granted, revoked).

Each decision is taken from above the organisation: by a register officer of its voivodeship or an
administrator (``registry.decide_register``), never by the organisation itself. ``actor`` None is the system
(the demo loader, a migration). Every decision leaves an event row (who, when, why); a change of the register
status is also recorded as a change of reach.
"""

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.core import plausible
from kooperacja.core.errors import FieldErrors
from kooperacja.core.fsm import transition
from kooperacja.core.models import max_length
from kooperacja.core.text import long_date, recorded_date, short_date
from kooperacja.law.parameters import CIS_STATUS_TERM_YEARS
from kooperacja.law.selectors import statutory_or_error
from kooperacja.registry.models import (
    REGISTER_TERM_MACHINE,
    REGISTERED_KINDS,
    SOCIAL_ENTERPRISE_KINDS,
    SOCIAL_ENTERPRISE_MACHINE,
    Organisation,
    OrganisationKind,
    ReachChangeKind,
    RegisterEvent,
    RegisterKind,
    RegisterTerm,
    RegisterTermStatus,
    SocialEnterpriseState,
    SocialEnterpriseStatus,
)
from kooperacja.registry.services.common import reach_change_record, reason_clean, resolve_unit, save_or_duplicate
from kooperacja.territory.models import Level
from kooperacja.territory.selectors import unit_find

REQUIRED = _("This field is required.")


def _decides(actor: User | None, organisation: Organisation) -> None:
    """Refuse anyone but the register officer of the organisation's voivodeship or an administrator."""
    if actor is not None and not actor.has_perm("registry.decide_register", organisation):
        raise PermissionDenied


def years_later_minus_one_day(start: date, years: int) -> date:
    """The last day of a term of ``years`` years starting on ``start`` (29 February: to 28 February)."""
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        anniversary = start.replace(year=start.year + years, day=28) + timedelta(days=1)
    return anniversary - timedelta(days=1)


def cis_status_end(start: date, *, years: int | None = None) -> date:
    """The last day of a CIS status starting on ``start``: the term in force then (``cis_status_term_years``,
    five years, art. 5 of the act) less one day. A field error on ``term_end`` if the parameters are missing."""
    if years is None:
        years = int(statutory_or_error(CIS_STATUS_TERM_YEARS, start, field="term_end"))
    return years_later_minus_one_day(start, years)


def _text(data: Mapping[str, Any], name: str) -> str:
    return str(data.get(name) or "").strip()


def _date(data: Mapping[str, Any], name: str, errors: FieldErrors, *, required: bool = True) -> date | None:
    value = data.get(name)
    if value in (None, ""):
        if required:
            errors.add(name, REQUIRED, code="required")
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors.add(name, _("Enter a valid date."), code="invalid")
        return None


def _length(errors: FieldErrors, model, name: str, value: str) -> None:
    if value and len(value) > max_length(model, name):
        errors.add(
            name,
            _("At most %(count)s characters."),
            code="max_length",
            params={"count": max_length(model, name)},
        )


def _event(*, actor, organisation, to_state: str, note: str, term=None, status=None, from_state: str = "") -> None:
    RegisterEvent.objects.create(
        organisation=organisation,
        term=term,
        social_enterprise_status=status,
        from_state=from_state,
        to_state=to_state,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note[:500],
    )


def _record_standing(*, actor, organisation: Organisation, before: str, reason: str) -> None:
    """A change of the register status (in force, withdrawn, …) is a change of reach: recorded as one."""
    organisation = Organisation.objects.get(pk=organisation.pk)  # the terms as they are now
    after = organisation.register_status()
    if after != before:
        reach_change_record(
            actor=actor,
            organisation=organisation,
            kind=ReachChangeKind.REGISTER_STATUS,
            changes={"status": [str(before), str(after)]},
            reason=reason,
        )


def latest_term(organisation: Organisation) -> RegisterTerm | None:
    return (
        RegisterTerm.objects.select_for_update()
        .filter(organisation=organisation)
        .order_by("-term_start", "-id")
        .first()
    )


def _check_number(
    errors: FieldErrors, *, organisation: Organisation, voivodeship: str, number: str, decision: str
) -> None:
    """A register number belongs to one organisation of a voivodeship; a decision number to one decision."""
    if number and "number" not in errors:
        other = (
            RegisterTerm.objects.filter(voivodeship_id=voivodeship, number=number)
            .exclude(organisation=organisation)
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
    if (
        decision
        and "decision_number" not in errors
        and RegisterTerm.objects.filter(voivodeship_id=voivodeship, decision_number=decision).exists()
    ):
        errors.add(
            "decision_number",
            _("A decision with this number is already recorded in this voivodeship."),
            code="duplicate",
        )


def _check_decision_date(errors: FieldErrors, decision_date: date | None, start: date | None) -> None:
    if decision_date is None:
        return
    if decision_date > timezone.localdate():
        errors.add("decision_date", _("A decision cannot be dated in the future."), code="future")
    elif plausible.DECISION_DATE.problem(decision_date) is not None:
        plausible.check(errors, {"decision_date": (plausible.DECISION_DATE, decision_date)})
    elif start is not None and start < decision_date and "term_start" not in errors:
        errors.add(
            "term_start", _("The status cannot run from before the decision that grants it."), code="before_decision"
        )


def _cis_end(errors: FieldErrors, start: date | None, given: date | None) -> date | None:
    """The end of a CIS term: the given one if it is within the statutory term, else the statutory end."""
    if start is None:
        return given
    try:
        longest = cis_status_end(start)
    except ValidationError as exc:
        errors.absorb(exc)
        return given
    if given is None:
        return longest
    if given < start:
        errors.add("term_end", _("The end of the term cannot be earlier than its start."), code="before_start")
    elif given > longest:
        errors.add(
            "term_end",
            _("The status of a CIS is granted for at most %(years)s years, here until %(date)s."),
            code="too_long",
            params={"years": longest.year - start.year, "date": long_date(longest)},
        )
    return given


@transaction.atomic
def register_term_grant(*, actor: User | None, organisation: Organisation, data: Mapping[str, Any]) -> RegisterTerm:
    """A CIS status granted (a new term, after none or after one that ended) or a KIS entered in the register.

    ``data``: ``number`` (register number), ``term_start`` (a KIS: the date of entry), for a CIS also
    ``decision_number``, ``decision_date`` and optionally ``term_end`` (by default the statutory term less one
    day); optionally ``voivodeship`` (it must be the organisation's own) and ``note``.
    """
    _decides(actor, organisation)
    if organisation.kind not in REGISTERED_KINDS:
        raise ValidationError(_("Only a CIS or a KIS has an entry in the voivode's register."), code="not_registered")
    is_cis = organisation.kind == OrganisationKind.CIS
    errors = FieldErrors()
    number, decision = _text(data, "number"), _text(data, "decision_number")
    if not number:
        errors.add("number", REQUIRED, code="required")
    _length(errors, RegisterTerm, "number", number)
    _length(errors, RegisterTerm, "decision_number", decision)
    start = _date(data, "term_start", errors)
    decision_date = _date(data, "decision_date", errors, required=is_cis)
    if is_cis and not decision:
        errors.add("decision_number", REQUIRED, code="required")
    given_end = _date(data, "term_end", errors, required=False)
    if is_cis:
        end = _cis_end(errors, start, given_end)
    else:
        end = None
        if given_end is not None:
            errors.add("term_end", _("An entry of a KIS has no end date: it lasts until struck off."), code="kis")
    _check_decision_date(errors, decision_date, start)
    voivodeship = organisation.voivodeship_code
    if data.get("voivodeship"):
        try:
            unit = resolve_unit(data["voivodeship"], level=Level.VOIVODESHIP, field="voivodeship")
        except ValidationError as exc:
            errors.absorb(exc)
        else:
            if unit is not None and unit.code != voivodeship:
                own = unit_find(code=voivodeship)
                errors.add(
                    "voivodeship",
                    _("The entry is made by the voivode of the organisation's own voivodeship (%(name)s)."),
                    code="wrong_voivodeship",
                    params={"name": own.display_name if own else voivodeship},
                )
    previous = latest_term(organisation)
    if previous is not None and start is not None and "term_start" not in errors:
        if not previous.is_ended and (previous.term_end is None or previous.term_end >= start):
            errors.add(
                "term_start",
                _("The organisation's entry is in force until %(date)s: extend it, or withdraw it first.")
                if is_cis
                else _("The club is already entered in the register: strike it off first."),
                code="in_force",
                params={"date": long_date(previous.term_end) if previous.term_end else ""},
            )
        elif previous.is_ended and previous.ended_on is not None and start < previous.ended_on:
            errors.add(
                "term_start",
                _("A new entry cannot start before the previous one ended (%(date)s)."),
                code="overlap",
                params={"date": long_date(previous.ended_on)},
            )
        elif previous.term_end is not None and start <= previous.term_end:
            errors.add(
                "term_start",
                _("A new entry cannot start before the previous one ended (%(date)s)."),
                code="overlap",
                params={"date": long_date(previous.term_end)},
            )
    _check_number(errors, organisation=organisation, voivodeship=voivodeship, number=number, decision=decision)
    errors.raise_if_any()
    assert start is not None
    before = organisation.register_status()
    status = RegisterTermStatus.GRANTED if is_cis else RegisterTermStatus.ENTERED
    term = RegisterTerm(
        organisation=organisation,
        register=RegisterKind.CIS if is_cis else RegisterKind.KIS,
        status=status,
        number=number,
        voivodeship_id=voivodeship,
        decision_number=decision,
        decision_date=decision_date,
        term_start=start,
        term_end=end,
        note=_text(data, "note"),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    save_or_duplicate(term)
    note = f"{decision} ({recorded_date(decision_date)})" if decision and decision_date else number
    _event(actor=actor, organisation=organisation, term=term, to_state=status, note=note)
    _record_standing(actor=actor, organisation=organisation, before=before, reason=note)
    return term


@transaction.atomic
def register_term_extend(*, actor: User | None, organisation: Organisation, data: Mapping[str, Any]) -> RegisterTerm:
    """A CIS status extended by a new decision: a new term starting the day after the latest one ends.

    ``data``: ``decision_number``, ``decision_date``, optionally ``term_end`` and ``number`` (by default the
    register number of the term extended) and ``note``. A status that has already expired, or was withdrawn, is
    not extended: a new one is granted.
    """
    _decides(actor, organisation)
    previous = latest_term(organisation)
    if organisation.kind != OrganisationKind.CIS or previous is None or previous.register != RegisterKind.CIS:
        raise ValidationError(_("Only the status of a CIS that has one is extended."), code="not_extendable")
    if previous.is_ended or previous.term_end is None:
        raise ValidationError(_("A withdrawn status is not extended; a new status is granted."), code="not_extendable")
    errors = FieldErrors()
    number = _text(data, "number") or previous.number
    decision = _text(data, "decision_number")
    if not decision:
        errors.add("decision_number", REQUIRED, code="required")
    _length(errors, RegisterTerm, "number", number)
    _length(errors, RegisterTerm, "decision_number", decision)
    decision_date = _date(data, "decision_date", errors)
    start = previous.term_end + timedelta(days=1)
    if decision_date is not None and decision_date > timezone.localdate():
        errors.add("decision_date", _("A decision cannot be dated in the future."), code="future")
    elif decision_date is not None and decision_date > previous.term_end:
        errors.add(
            "decision_date",
            _("The status expired on %(date)s, before this decision: a new status is granted, not extended."),
            code="expired",
            params={"date": long_date(previous.term_end)},
        )
    end = _cis_end(errors, start, _date(data, "term_end", errors, required=False))
    _check_number(
        errors, organisation=organisation, voivodeship=previous.voivodeship_id, number=number, decision=decision
    )
    errors.raise_if_any()
    before = organisation.register_status()
    term = RegisterTerm(
        organisation=organisation,
        register=RegisterKind.CIS,
        status=RegisterTermStatus.EXTENDED,
        number=number,
        voivodeship_id=previous.voivodeship_id,
        decision_number=decision,
        decision_date=decision_date,
        term_start=start,
        term_end=end,
        previous=previous,
        note=_text(data, "note"),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    save_or_duplicate(term)
    note = f"{decision} ({recorded_date(decision_date) if decision_date else ''})"
    _event(actor=actor, organisation=organisation, term=term, to_state=RegisterTermStatus.EXTENDED, note=note)
    _record_standing(actor=actor, organisation=organisation, before=before, reason=note)
    return term


@transaction.atomic
def register_term_end(*, actor: User | None, term: RegisterTerm, ended_on: Any, reason: str) -> RegisterTerm:
    """A CIS status withdrawn, or a KIS struck off the register, from ``ended_on``, with a reason.

    Only the organisation's latest term is ended; if it is an extension that has not started by ``ended_on``,
    the term it extends is ended too (the status ends as a whole).
    """
    organisation = term.organisation
    _decides(actor, organisation)
    errors = FieldErrors()
    day = _date({"ended_on": ended_on}, "ended_on", errors)
    try:
        reason = reason_clean(reason)
    except ValidationError as exc:
        errors.absorb(exc)
    latest = latest_term(organisation)
    if latest is None or latest.pk != term.pk:
        raise ValidationError(_("Only the latest entry of the organisation is withdrawn or struck off."))
    targets = [term]
    previous = term.previous
    while (
        day is not None
        and previous is not None
        and not previous.is_ended
        and day < targets[-1].term_start
        and (previous.term_end is None or previous.term_end >= day)
    ):
        targets.append(previous)
        previous = previous.previous
    if day is not None:
        if day > timezone.localdate():
            errors.add("ended_on", _("Record the decision once it is taken: the date cannot be in the future."))
        elif day < targets[-1].term_start:
            errors.add(
                "ended_on",
                _("The entry started on %(date)s; it cannot end before that."),
                code="before_start",
                params={"date": long_date(targets[-1].term_start)},
            )
    errors.raise_if_any()
    target = RegisterTermStatus.STRUCK_OFF if term.register == RegisterKind.KIS else RegisterTermStatus.WITHDRAWN
    before = organisation.register_status()
    for record in targets:
        REGISTER_TERM_MACHINE.check(record.status, target)
        transition(
            record,
            machine=REGISTER_TERM_MACHINE,
            target=target,
            actor=actor,
            event_model=RegisterEvent,
            note=reason[:500],
            extra_updates={"ended_on": day, "end_reason": reason},
            organisation=organisation,
            term=record,
        )
    _record_standing(actor=actor, organisation=organisation, before=before, reason=reason)
    return term


# --- the status of a social enterprise ------------------------------------------------------------------


@transaction.atomic
def social_enterprise_grant(
    *, actor: User | None, organisation: Organisation, data: Mapping[str, Any]
) -> SocialEnterpriseStatus:
    """The status of a social enterprise granted by the voivode's decision: ``decision_number``,
    ``decision_date``, ``valid_from``, optionally ``valid_to`` (empty: until revoked) and ``note``."""
    _decides(actor, organisation)
    if organisation.kind not in SOCIAL_ENTERPRISE_KINDS:
        raise ValidationError(
            _("The status of a social enterprise is held by a social cooperative, an NGO or a company."),
            code="wrong_kind",
        )
    errors = FieldErrors()
    decision = _text(data, "decision_number")
    if not decision:
        errors.add("decision_number", REQUIRED, code="required")
    _length(errors, SocialEnterpriseStatus, "decision_number", decision)
    decision_date = _date(data, "decision_date", errors)
    valid_from = _date(data, "valid_from", errors)
    valid_to = _date(data, "valid_to", errors, required=False)
    if decision_date is not None and decision_date > timezone.localdate():
        errors.add("decision_date", _("A decision cannot be dated in the future."), code="future")
    elif decision_date is not None and valid_from is not None and valid_from < decision_date:
        errors.add(
            "valid_from", _("The status cannot run from before the decision that grants it."), code="before_decision"
        )
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        errors.add("valid_to", _("The end of validity cannot be earlier than its start."), code="before_start")
    if valid_from is not None and "valid_from" not in errors:
        current = (
            SocialEnterpriseStatus.objects.select_for_update()
            .filter(organisation=organisation, state=SocialEnterpriseState.ACTIVE)
            .order_by("-valid_from")
        )
        for status in current:
            if status.valid_to is None or status.valid_to >= valid_from:
                errors.add(
                    "valid_from",
                    _("The organisation already holds the status (decision %(number)s): revoke it first."),
                    code="in_force",
                    params={"number": status.decision_number or "—"},
                )
                break
    errors.raise_if_any()
    assert valid_from is not None
    status = SocialEnterpriseStatus.objects.create(
        organisation=organisation,
        decision_number=decision,
        decision_date=decision_date,
        valid_from=valid_from,
        valid_to=valid_to,
        note=_text(data, "note"),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _event(
        actor=actor,
        organisation=organisation,
        status=status,
        to_state=SocialEnterpriseState.ACTIVE,
        note=f"{decision} ({recorded_date(decision_date) if decision_date else ''})",
    )
    return status


@transaction.atomic
def social_enterprise_decision_record(
    *, actor: User | None, status: SocialEnterpriseStatus, data: Mapping[str, Any]
) -> SocialEnterpriseStatus:
    """The voivode's decision (``decision_number``, ``decision_date``) of a status recorded without one: the
    rows migrated from the former kind "social enterprise". A status granted here already has its decision."""
    _decides(actor, status.organisation)
    current = SocialEnterpriseStatus.objects.select_for_update().get(pk=status.pk)
    if current.decision_number:
        raise ValidationError(
            {
                "decision_number": _("The decision of this status is recorded already (%(number)s).")
                % {"number": current.decision_number}
            }
        )
    errors = FieldErrors()
    decision = _text(data, "decision_number")
    if not decision:
        errors.add("decision_number", REQUIRED, code="required")
    _length(errors, SocialEnterpriseStatus, "decision_number", decision)
    decision_date = _date(data, "decision_date", errors)
    if decision_date is not None and decision_date > timezone.localdate():
        errors.add("decision_date", _("A decision cannot be dated in the future."), code="future")
    elif decision_date is not None and decision_date > current.valid_from:
        errors.add(
            "decision_date",
            _("The status is recorded from %(date)s: the decision granting it cannot be later.")
            % {"date": short_date(current.valid_from)},
            code="after_start",
        )
    errors.raise_if_any()
    current.decision_number, current.decision_date = decision, decision_date
    current.save(update_fields=["decision_number", "decision_date", "updated_at"])
    _event(
        actor=actor,
        organisation=status.organisation,
        status=current,
        from_state=current.state,
        to_state=current.state,
        note=_("Decision recorded: %(number)s of %(date)s")
        % {"number": decision, "date": short_date(decision_date) if decision_date else ""},
    )
    return current


@transaction.atomic
def social_enterprise_revoke(
    *, actor: User | None, status: SocialEnterpriseStatus, revoked_on: Any, reason: str
) -> SocialEnterpriseStatus:
    """The status of a social enterprise revoked by the voivode from ``revoked_on``, with a reason."""
    _decides(actor, status.organisation)
    errors = FieldErrors()
    day = _date({"revoked_on": revoked_on}, "revoked_on", errors)
    try:
        reason = reason_clean(reason)
    except ValidationError as exc:
        errors.absorb(exc)
    if day is not None and day > timezone.localdate():
        errors.add("revoked_on", _("Record the decision once it is taken: the date cannot be in the future."))
    elif day is not None and day < status.valid_from:
        errors.add(
            "revoked_on",
            _("The status was granted from %(date)s; it cannot be revoked before that."),
            code="before_start",
            params={"date": long_date(status.valid_from)},
        )
    errors.raise_if_any()
    return transition(
        status,
        machine=SOCIAL_ENTERPRISE_MACHINE,
        target=SocialEnterpriseState.REVOKED,
        actor=actor,
        event_model=RegisterEvent,
        note=reason[:500],
        field="state",
        extra_updates={"revoked_on": day, "revoke_reason": reason},
        organisation=status.organisation,
        social_enterprise_status=status,
    )
