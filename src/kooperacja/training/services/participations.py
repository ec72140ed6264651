"""A person's stay in a CIS or KIS: enrolment, its state machine, consent to share the profile."""

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.dates import add_months
from kooperacja.core.errors import FieldErrors
from kooperacja.core.fsm import transition
from kooperacja.core.text import short_date
from kooperacja.law import parameters as statutory
from kooperacja.law.selectors import statutory_or_error
from kooperacja.registry.models import Organisation, OrganisationKind
from kooperacja.training.models import (
    PARTICIPATION_MACHINE,
    EligibilityCategory,
    ExitReason,
    Participation,
    ParticipationEvent,
    ParticipationKind,
    ParticipationStatus,
    Person,
)
from kooperacja.training.selectors import (
    PZS_KINDS,
)
from kooperacja.training.services.common import (
    COMPLETED_REASONS,
    TERMINATED_REASONS,
    participation_period,
)

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


StatutoryLookup = Callable[..., Decimal]
ELIGIBILITY_VALUES = frozenset(EligibilityCategory.values)
WORKING_TIMES = frozenset({"full_time", "part_time", "flexible"})


def participation_check(
    kind: str, values: Mapping[str, Any], errors: FieldErrors, *, lookup: StatutoryLookup = statutory_or_error
) -> tuple[str, date | None, date | None]:
    """The rules of a stay's data, checked into ``errors``: what is required, the order of the dates, the
    trial month and the statutory maximum of a CIS stay. Returns the plan reference (trimmed) and the trial
    month (a KIS has none; a CIS's defaults to the statutory length from the start). Shared by the form's
    service and the bulk import, which passes a ``lookup`` that reads every value once."""
    if values["eligibility"] not in ELIGIBILITY_VALUES:
        errors.add("eligibility", _("Choose the eligibility category."))
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
        trial_start = trial_end = None
    elif start:
        trial_start = trial_start or start
        if not trial_end:
            months = lookup(statutory.TRIAL_PERIOD_MONTHS, trial_start, field="trial_start")
            trial_end = add_months(trial_start, months) - timedelta(days=1)
        if trial_end < trial_start:
            errors.add("trial_end", _("The trial month cannot end before it starts."))
        max_months = lookup(statutory.CIS_MAX_PARTICIPATION_MONTHS, start, field="start_date")
        limit = add_months(start, max_months) - timedelta(days=1)
        if planned_end and planned_end > limit:
            errors.add(
                "planned_end_date",
                _(
                    "A stay in a CIS may last at most %(months)s months under the law in force on %(start)s: "
                    "the planned end may be %(limit)s at the latest."
                )
                % {"months": int(max_months), "start": short_date(start), "limit": short_date(limit)},
            )
    return reference, trial_start, trial_end


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
    reference, trial_start, trial_end = participation_check(kind, values, errors, lookup=lookup)
    start, planned_end = values["start_date"], values["planned_end_date"]
    errors.raise_if_any()
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
        raise ValidationError(
            {field: [ValidationError(m) for m in messages] for field, messages in exc.message_dict.items()}
        ) from exc
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
    *, actor: User, participation: Participation, reason: str, exit_date: date | None = None, note: str = ""
) -> Participation:
    """End the participation: COMPLETED (work, cooperative, business, period over) or TERMINATED."""
    if reason in COMPLETED_REASONS:
        target = ParticipationStatus.COMPLETED
    elif reason in TERMINATED_REASONS:
        target = ParticipationStatus.TERMINATED
    else:
        raise ValidationError({"reason": _("Choose the reason for leaving.")})
    exit_date = exit_date or timezone.localdate()
    start, _end = participation_period(participation)
    if exit_date < start:
        raise ValidationError({"exit_date": _("The exit date cannot be before the participation starts.")})
    extra = {"exit_date": exit_date, "exit_reason": reason}
    return _move(participation, target, actor=actor, note=note or str(ExitReason(reason).label), extra=extra)


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
