"""A person's stay in a CIS or KIS: enrolment, its state machine, consent to share the profile."""

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, NamedTuple

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kooperacja.core import plausible
from kooperacja.core.dates import add_months
from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.core.fsm import transition
from kooperacja.core.text import short_date
from kooperacja.law import parameters as statutory
from kooperacja.law.selectors import statutory_or_error
from kooperacja.registry.models import Organisation, OrganisationKind
from kooperacja.training.models import (
    PARTICIPATION_MACHINE,
    ExitReason,
    Participation,
    ParticipationCategory,
    ParticipationEvent,
    ParticipationKind,
    ParticipationStatus,
    PeriodExtension,
    Person,
)
from kooperacja.training.selectors import (
    PZS_KINDS,
)
from kooperacja.training.services.common import (
    COMPLETED_REASONS,
    FINISHED_STATES,
    TERMINATED_REASONS,
    PeriodRule,
    StatutoryLookup,
    cis_period_rule,
    participation_period,
)
from kooperacja.training.services.eligibility import codes_of, eligibility_check
from kooperacja.training.services.outcomes import OutcomeInput, outcome_check, outcome_write

# --- participations ----------------------------------------------------------------------------------

PARTICIPATION_FIELDS = (
    "categories",
    "exclusions",
    "exclusions_none",
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


def participation_enrol(
    *, actor: User, organisation: Organisation, person: Person, data: Mapping[str, Any]
) -> Participation:
    """Enrol a person the CIS/KIS already holds for another stay (see :func:`participant_enrol` for a new one).

    Refused with field errors when data is missing, when the person already takes part here in an overlapping
    period, or when a CIS stay would exceed the statutory maximum in force on the start date.
    """
    if person.organisation_id != organisation.pk:
        raise ValidationError({"person": _("The person is not in the records of this CIS or KIS.")})
    participation = participation_validated(organisation=organisation, data=data)
    participation.person = person
    return participation_save(actor=actor, participation=participation, data=data)


WORKING_TIMES = frozenset({"full_time", "part_time", "flexible"})
# The plausible range of a stay's dates and numbers (the enrolment form shows them on its inputs too).
PARTICIPATION_RANGES: dict[str, plausible.Range] = {
    "referral_date": plausible.ENROLMENT_DATE.named(gettext_lazy("Referral date")),
    "plan_signed_on": plausible.ENROLMENT_DATE.named(gettext_lazy("Signing date")),
    "start_date": plausible.ENROLMENT_DATE.named(gettext_lazy("Participation start date")),
    "trial_start": plausible.ENROLMENT_DATE.named(gettext_lazy("Trial month start date")),
    "planned_end_date": plausible.PLANNED_END_DATE,
    "available_from": plausible.PLANNED_END_DATE.named(gettext_lazy("Availability date")),
    "commute_limit_km": plausible.COMMUTE_KM,
}


class Checked(NamedTuple):
    """What :func:`participation_check` derives from a stay's data."""

    reference: str
    trial_start: date | None
    trial_end: date | None
    categories: list[str]
    exclusion: str


def participation_check(
    kind: str, values: Mapping[str, Any], errors: FieldErrors, *, lookup: StatutoryLookup = statutory_or_error
) -> Checked:
    """The rules of a stay's data, checked into ``errors``: what is required, the order of the dates, the
    trial month, the periods of a CIS stay and who may take part (art. 1). Returns the plan reference
    (trimmed), the trial month (a KIS has none; a CIS's defaults to the statutory length from the start), the
    categories and the exclusion recorded. Shared by the form's service and the bulk import, which passes a
    ``lookup`` that reads every value once."""
    if not values["referral_date"]:
        errors.add("referral_date", _("Enter the referral date."))
    if not values["start_date"]:
        errors.add("start_date", _("Enter the date the participation starts."))
    if not values["planned_end_date"]:
        errors.add("planned_end_date", _("Enter the planned end."))
    reference = (values["plan_reference"] or "").strip()
    if not reference:
        if kind == OrganisationKind.KIS:
            errors.add("plan_reference", _("A KIS participation requires a social contract: enter its number."))
        else:
            errors.add("plan_reference", _("A CIS participation requires an IPZS: enter its number."))
    if not values["plan_signed_on"]:
        if kind == OrganisationKind.KIS:
            errors.add("plan_signed_on", _("Enter the date the social contract was signed."))
        else:
            errors.add("plan_signed_on", _("Enter the date the IPZS was signed."))
    start, planned_end = values["start_date"], values["planned_end_date"]
    if start and planned_end and planned_end < start:
        errors.add("planned_end_date", _("The planned end cannot be before the start."))
    if start and values["plan_signed_on"] and values["plan_signed_on"] > start:
        errors.add("plan_signed_on", _("The participation starts only after the document is signed."))
    if values["working_time"] and values["working_time"] not in WORKING_TIMES:
        errors.add("working_time", _("Choose full time, part time or flexible hours."))
    trial_start, trial_end = values["trial_start"], values["trial_end"]
    if kind == OrganisationKind.KIS:
        # A KIS stay's period is set individually (art. 18): no trial month, no statutory maximum.
        trial_start = trial_end = None
    elif start:
        trial_start = trial_start or start
        if not trial_end:
            months = lookup(statutory.TRIAL_PERIOD_MONTHS, trial_start, field="trial_start")
            trial_end = add_months(trial_start, months) - timedelta(days=1)
        if trial_end < trial_start:
            errors.add("trial_end", _("The trial month cannot end before it starts."))
        elif planned_end:
            rule = cis_period_rule(trial_start=trial_start, trial_end=trial_end, start_date=start, lookup=lookup)
            period_error = planned_end_problem(rule, planned_end, extended=False)
            if period_error:
                beyond_base = planned_end <= rule.max_end
                errors.add(
                    "planned_end_date",
                    period_error,
                    code="beyond_base_period" if beyond_base else "beyond_maximum",
                    params={"base_end": rule.base_end} if beyond_base else None,
                )
    plausible.check(errors, {name: (bounds, values[name]) for name, bounds in PARTICIPATION_RANGES.items()})
    law_date = min(trial_start, start) if trial_start and start else start
    categories, exclusion = eligibility_check(kind, values, errors, law_date=law_date, lookup=lookup)
    return Checked(reference, trial_start, trial_end, categories, exclusion)


def planned_end_problem(rule: PeriodRule, planned_end: date, *, extended: bool) -> str:
    """Why ``planned_end`` breaks the periods of ``rule`` ('' if it does not): beyond the maximum, or beyond
    the base period without an extension decision (``extended``: the decision being recorded)."""
    counted = (
        _("counted from the first day, with the trial month")
        if rule.trial_counted
        else _("counted from the end of the trial month")
    )
    values = {
        "start": short_date(rule.law_date),
        "counted": counted,
        "from": short_date(rule.counted_from),
    }
    if planned_end > rule.max_end:
        return _(
            "Under the law in force on %(start)s a stay in a CIS may last at most %(months)s months %(counted)s "
            "(from %(from)s): the planned end may be %(limit)s at the latest."
        ) % {**values, "months": rule.max_months, "limit": short_date(rule.max_end)}
    if planned_end > rule.base_end and not extended:
        return _(
            "The base period of %(months)s months %(counted)s (from %(from)s) ends on %(limit)s: a later planned "
            "end needs a decision extending the stay. Enrol with the planned end %(limit)s at the latest and record "
            "the extension on the participant's page."
        ) % {**values, "months": rule.base_months, "limit": short_date(rule.base_end)}
    return ""


def participation_validated(
    *, organisation: Organisation, data: Mapping[str, Any], lookup: StatutoryLookup = statutory_or_error
) -> Participation:
    """An unsaved participation in a CIS (with an IPZS) or a KIS (with a social contract), or field errors when
    data is missing or a CIS stay would exceed the statutory maximum in force on the start date.
    ``lookup`` answers like :func:`statutory_or_error` (an import passes one that reads every value once)."""
    errors = FieldErrors()
    if organisation.kind not in PZS_KINDS:
        raise ValidationError({"organisation": _("Only a CIS or a KIS enrols participants.")})
    kind = organisation.kind
    values: dict[str, Any] = {name: data.get(name) for name in PARTICIPATION_FIELDS}
    reference, trial_start, trial_end, categories, exclusion = participation_check(kind, values, errors, lookup=lookup)
    start, planned_end = values["start_date"], values["planned_end_date"]
    errors.raise_if_any()
    participation = Participation(
        organisation=organisation,
        kind=kind,
        exclusion=exclusion,
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
        raise ValidationError(
            {field: [ValidationError(m) for m in messages] for field, messages in exc.message_dict.items()}
        ) from exc
    participation.checked_categories = categories  # type: ignore[attr-defined]  # saved by participation_save
    return participation


def overlap_message(other_start: date, other_end: date) -> str:
    """Why a stay is refused that overlaps another of the same person here (field ``start_date``)."""
    return _("This person already takes part here from %(start)s to %(end)s; participations cannot overlap.") % {
        "start": short_date(other_start),
        "end": short_date(other_end),
    }


def participation_save(*, actor: User | None, participation: Participation, data: Mapping[str, Any]) -> Participation:
    """Save a validated participation unless it overlaps another stay of the person in the same CIS/KIS."""
    person = participation.person
    new_start, new_end = participation_period(participation)
    with transaction.atomic():
        # Serialise enrolments of one person so that two overlapping ones cannot both pass the check.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        for other in Participation.objects.filter(person=person):
            other_start, other_end = participation_period(other)
            if new_start <= other_end and other_start <= new_end:
                raise ValidationError({"start_date": overlap_message(other_start, other_end)})
        if actor is not None and getattr(actor, "is_authenticated", False):
            participation.exclusions_checked_by = actor
        participation.exclusions_checked_at = timezone.now()
        participation.save()
        ParticipationCategory.objects.bulk_create(
            ParticipationCategory(participation=participation, category=code)
            for code in getattr(participation, "checked_categories", None) or codes_of(data.get("categories"))
        )
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


def _move(participation: Participation, target: str, *, actor: User, note: str = "", extra=None) -> Participation:
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


def participation_start_trial(*, actor: User, participation: Participation, note: str = "") -> Participation:
    if participation.kind != ParticipationKind.CIS:
        raise ValidationError(_("Only a CIS participation has a trial month."))
    extra = {}
    if not participation.trial_start:
        start = timezone.localdate()
        months = statutory_or_error(statutory.TRIAL_PERIOD_MONTHS, start, field="trial_start")
        extra = {"trial_start": start, "trial_end": add_months(start, months) - timedelta(days=1)}
    return _move(participation, ParticipationStatus.TRIAL, actor=actor, note=note, extra=extra)


def participation_activate(*, actor: User, participation: Participation, note: str = "") -> Participation:
    return _move(participation, ParticipationStatus.ACTIVE, actor=actor, note=note)


def participation_confirm_ready(*, actor: User, participation: Participation, note: str = "") -> Participation:
    """Readiness for work is confirmed by the CIS/KIS staff (not by a social worker alone): see the machine's
    permissions."""
    extra = {"ready_confirmed_by": actor, "ready_confirmed_at": timezone.now()}
    return _move(participation, ParticipationStatus.READY, actor=actor, note=note, extra=extra)


def participation_back_to_active(*, actor: User, participation: Participation, note: str = "") -> Participation:
    if participation.status != ParticipationStatus.READY:
        raise ValidationError(_("Only a participant ready for work can go back to taking part."))
    return _move(participation, ParticipationStatus.ACTIVE, actor=actor, note=note)


def participation_exit(
    *,
    actor: User,
    participation: Participation,
    reason: str,
    exit_date: date | None = None,
    note: str = "",
    outcome: OutcomeInput | None = None,
) -> Participation:
    """End the participation: COMPLETED (work, cooperative, business, period over) or TERMINATED.

    ``outcome`` (optional: it may be unknown on the exit day and recorded later with
    :func:`~kooperacja.training.services.outcomes.outcome_record`) is recorded in the same transaction, with its
    follow-ups; its field errors come back with keys prefixed ``outcome_`` (``outcome_kind``, ``outcome_started_on``,
    ``outcome_organisation_name``, ``outcome_note``), next to the exit's own."""
    if reason in COMPLETED_REASONS:
        target = ParticipationStatus.COMPLETED
    elif reason in TERMINATED_REASONS:
        target = ParticipationStatus.TERMINATED
    else:
        raise ValidationError({"reason": _("Choose the reason for leaving.")})
    exit_date = exit_date or timezone.localdate()
    start, _end = participation_period(participation)
    errors = FieldErrors()
    if exit_date < start:
        errors.add("exit_date", _("The exit date cannot be before the participation starts."))
    plausible.check(errors, {"exit_date": (plausible.EXIT_DATE, exit_date)})
    if outcome is not None and outcome.given:
        checked = outcome_check(participation=participation, exit_date=exit_date, exit_reason=reason, data=outcome)
        errors.update({f"outcome_{name}": found for name, found in checked.by_field.items()})
    errors.raise_if_any()
    extra = {"exit_date": exit_date, "exit_reason": reason}
    with transaction.atomic():
        moved = _move(participation, target, actor=actor, note=note or str(ExitReason(reason).label), extra=extra)
        if outcome is not None and outcome.given:
            outcome_write(actor=actor, participation=moved, data=outcome, version=None)
    return moved


def participation_mark_placed(*, actor: User, participation: Participation) -> Participation:
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


def consent_record(*, actor: User, participation: Participation) -> Participation:
    """The participant consents to share their hiring profile with employers (audited change)."""
    return _consent_set(participation, True)


def consent_withdraw(*, actor: User, participation: Participation) -> Participation:
    return _consent_set(participation, False)


# --- extending a CIS stay ----------------------------------------------------------------------------


def participation_period_rule(participation: Participation) -> PeriodRule | None:
    """The statutory periods of a CIS stay (None for a KIS, whose period is set individually)."""
    if participation.kind != ParticipationKind.CIS:
        return None
    return cis_period_rule(
        trial_start=participation.trial_start,
        trial_end=participation.trial_end,
        start_date=participation.start_date,
        lookup=statutory_or_error,
    )


def participation_extend(
    *,
    actor: User | None,
    participation: Participation,
    decided_on: date | None,
    new_planned_end: date | None,
    justification: str,
) -> PeriodExtension:
    """Record the CIS manager's decision extending a stay beyond its planned end, up to the statutory maximum,
    and move the planned end. Refused with field errors (all at once) when a date or the justification is
    missing, the stay is not a CIS stay or has ended, or the new end is not later or beyond the maximum."""
    # Staff of the CIS decide (the manager's decision); None is the system itself (the demo loader).
    if actor is not None and not actor.has_perm("training.extend_participation", participation):
        raise PermissionDenied
    errors = FieldErrors()
    justification = (justification or "").strip()
    if participation.kind != ParticipationKind.CIS:
        raise ValidationError(
            {"new_planned_end": _("A KIS sets the participation period individually: there is nothing to extend.")}
        )
    if participation.status in FINISHED_STATES:
        raise ValidationError({"new_planned_end": _("The participation has ended: it cannot be extended.")})
    if not decided_on:
        errors.add("decided_on", _("Enter the date of the decision."))
    elif decided_on > timezone.localdate():
        errors.add("decided_on", _("The decision cannot be dated in the future."))
    elif decided_on < participation.start_date:
        errors.add("decided_on", _("The decision cannot be dated before the participation starts."))
    if not justification:
        errors.add("justification", _("Give the justification of the extension."))
    if not new_planned_end:
        errors.add("new_planned_end", _("Enter the new planned end."))
    with transaction.atomic():
        current = Participation.objects.select_for_update().get(pk=participation.pk)
        rule = participation_period_rule(current)
        if new_planned_end and rule is not None:
            if new_planned_end <= current.planned_end_date:
                errors.add(
                    "new_planned_end",
                    _("The new planned end must be after the current one (%(end)s).")
                    % {"end": short_date(current.planned_end_date)},
                )
            else:
                problem = planned_end_problem(rule, new_planned_end, extended=True)
                if problem:
                    errors.add("new_planned_end", problem)
        errors.raise_if_any()
        assert new_planned_end is not None and decided_on is not None
        extension = PeriodExtension.objects.create(
            participation=current,
            decided_on=decided_on,
            previous_planned_end=current.planned_end_date,
            new_planned_end=new_planned_end,
            justification=justification,
            decided_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        current.planned_end_date = new_planned_end
        current.version += 1
        current.save(update_fields=["planned_end_date", "version", "updated_at"])
    participation.planned_end_date = current.planned_end_date
    participation.version = current.version
    return extension


def participation_eligibility_record(
    *, actor: User, participation: Participation, data: Mapping[str, Any], version: int | None = None
) -> Participation:
    """Record (or correct) the categories of art. 1 ust. 2 of a stay and the check of the exclusions of
    art. 1 ust. 3, by the same rules as an enrolment (the law in force on the stay's first day): for a stay
    recorded before the categories were kept, or one whose check was not made. Who checked and when is kept;
    the previous and new categories go to the stay's history."""
    if not actor.has_perm("training.move_participation", participation):
        raise PermissionDenied
    errors = FieldErrors()
    law_date, _end = participation_period(participation)
    categories, exclusion = eligibility_check(
        participation.kind, data, errors, law_date=law_date, lookup=statutory_or_error
    )
    errors.raise_if_any()
    with transaction.atomic():
        current = Participation.objects.select_for_update().get(pk=participation.pk)
        if version is not None and current.version != version:
            raise ConflictError(
                _("Someone else changed this participation in the meantime. Nothing was saved; check and repeat.")
            )
        before = sorted(current.categories.values_list("category", flat=True))
        current.categories.all().delete()
        ParticipationCategory.objects.bulk_create(
            ParticipationCategory(participation=current, category=code) for code in categories
        )
        current.exclusion = exclusion
        current.exclusions_checked_by = actor if getattr(actor, "is_authenticated", False) else None
        current.exclusions_checked_at = timezone.now()
        current.version += 1
        current.save(
            update_fields=["exclusion", "exclusions_checked_by", "exclusions_checked_at", "version", "updated_at"]
        )
        ParticipationEvent.objects.create(
            participation=current,
            from_state=current.status,
            to_state=current.status,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            note=_("Eligibility checked: categories %(before)s → %(after)s")
            % {"before": ", ".join(before) or "—", "after": ", ".join(categories)},
        )
    return current
