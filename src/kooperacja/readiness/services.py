"""Writes of readiness: the provider's self-assessment and submission, the assessor's review, visit and decision,
the withdrawal of a decision and the lapse of expired ones. Evidence files are in ``evidence.py``.

Every move goes through ``core.fsm.transition`` (a conditional UPDATE on the expected state, an event row); edits
carry the version they were read at, so concurrent edits never overwrite each other silently.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.roles import Role
from kooperacja.accounts.selectors import users_with_roles_in
from kooperacja.catalogue.models import ServiceType
from kooperacja.core import plausible
from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.core.fsm import transition
from kooperacja.core.text import short_date
from kooperacja.notifications.services import notify
from kooperacja.readiness.models import (
    ASSESSMENT_MACHINE,
    CONFIRMING_OUTCOMES,
    DECISION_MACHINE,
    Answer,
    AssessmentEvent,
    AssessmentItem,
    AssessmentStatus,
    DecisionEvent,
    DecisionStatus,
    ItemKind,
    Outcome,
    ReadinessAssessment,
    ReadinessDecision,
)
from kooperacja.readiness.rules import PROVIDER_ROLES, provider_organisation_ids
from kooperacja.registry import selectors as registry
from kooperacja.registry.models import PROVIDER_KINDS, REGISTERED_KINDS, Organisation, OrganisationKind

STALE = _("Someone else changed this assessment in the meantime. Nothing was saved; reload the page and repeat.")


def _user(actor: User | None) -> User | None:
    return actor if getattr(actor, "is_authenticated", False) else None


def register_problem(provider: Organisation, on: date) -> str:
    """Why a CIS or KIS cannot be confirmed ready on ``on`` (its register entry), or ""."""
    if provider.kind not in REGISTERED_KINDS:
        return ""
    term = provider.register_term_on(on)
    if term is None:
        return _(
            "%(name)s has no entry in the voivode's register on %(date)s: a CIS or KIS can be confirmed ready only "
            "with an entry in force."
        ) % {"name": provider.name, "date": short_date(on)}
    if not provider.is_in_force(on):
        return _(
            "The entry of %(name)s in the voivode's register is not in force on %(date)s (%(status)s): a CIS or KIS "
            "can be confirmed ready only with an entry in force."
        ) % {"name": provider.name, "date": short_date(on), "status": provider.register_status(on).label}
    return ""


# --- the provider's side ---


def assessment_start(*, actor: User | None, provider: Organisation, service_type: ServiceType) -> ReadinessAssessment:
    """A new self-assessment of ``provider`` for ``service_type``, against the card version current now (its
    minimum resources, qualifications and criteria copied as items). One open assessment per provider and service."""
    errors = FieldErrors()
    if provider.kind not in PROVIDER_KINDS:
        errors.add(
            "provider", _("Readiness is assessed for a provider: a CIS, KIS, social cooperative, NGO or company.")
        )
    elif actor is not None and not actor.is_superuser and provider.pk not in provider_organisation_ids(actor):
        errors.add("provider", _("Choose one of your own organisations."))
    card = service_type.current_version
    if card is None:
        errors.add("service_type", _("This service has no published card yet."))
    errors.raise_if_any()
    assert card is not None
    try:
        with transaction.atomic():
            assessment = ReadinessAssessment.objects.create(
                provider=provider,
                service_type=service_type,
                card_version=card,
                created_by=_user(actor),
            )
            items = [
                AssessmentItem(
                    assessment=assessment,
                    kind=ItemKind.RESOURCE,
                    order=index,
                    source_id=resource.pk,
                    requirement=f"{resource.get_category_display()}: {resource.description}",
                )
                for index, resource in enumerate(card.minimum_resources.all())
            ]
            items += [
                AssessmentItem(
                    assessment=assessment,
                    kind=ItemKind.QUALIFICATION,
                    order=index,
                    source_id=qualification.pk,
                    requirement=f"{qualification.name}: {qualification.requirement}",
                    mandatory=qualification.mandatory,
                )
                for index, qualification in enumerate(card.qualifications.all())
            ]
            items += [
                AssessmentItem(
                    assessment=assessment,
                    kind=ItemKind.CRITERION,
                    order=index,
                    source_id=criterion.pk,
                    requirement=criterion.description,
                    evidence_hint=criterion.evidence,
                )
                for index, criterion in enumerate(card.readiness_criteria.all())
            ]
            AssessmentItem.objects.bulk_create(items)
            AssessmentEvent.objects.create(
                assessment=assessment,
                from_state="",
                to_state=AssessmentStatus.DRAFT,
                actor=_user(actor),
                note=_("Self-assessment started against card version %(number)s") % {"number": card.number},
            )
    except IntegrityError:
        raise ValidationError(
            {"service_type": _("An assessment of this provider for this service is already open: continue that one.")}
        ) from None
    return assessment


def _claim(assessment: ReadinessAssessment, expected_version: int, *, status: str) -> None:
    claimed = ReadinessAssessment.objects.filter(pk=assessment.pk, version=expected_version, status=status).update(
        version=expected_version + 1, updated_at=timezone.now()
    )
    if claimed != 1:
        raise ConflictError(STALE)
    assessment.version = expected_version + 1


def assessment_self_assess(
    *,
    actor: User | None,
    assessment: ReadinessAssessment,
    answers: Mapping[int, Mapping[str, Any]],
    summary: str | None = None,
    expected_version: int,
) -> ReadinessAssessment:
    """Record the provider's answers (item id -> {"answer": met/partly/not_met, "comment": …}) and summary, in a
    draft only; all errors at once (field ``item-<id>``)."""
    if actor is not None and not actor.has_perm("readiness.self_assess", assessment):
        raise PermissionDenied
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("Only an assessment in progress can be filled in."))
    items = {item.pk: item for item in assessment.items.all()}
    errors = FieldErrors()
    changed: list[AssessmentItem] = []
    for key, values in answers.items():
        item = items.get(int(key))
        if item is None:
            errors.add(f"item-{key}", _("This requirement is not part of the assessment."))
            continue
        answer = (values.get("answer") or "").strip()
        comment = (values.get("comment") or "").strip()
        if answer and answer not in Answer.values:
            errors.add(f"item-{key}", _("Choose met, partly met or not met."))
            continue
        if answer in (Answer.PARTLY, Answer.NOT_MET) and not comment:
            errors.add(f"item-{key}", _("Say what is missing when a requirement is met only partly or not met."))
            continue
        if len(comment) > 2000:
            errors.add(f"item-{key}", _("The comment may have at most 2000 characters."))
            continue
        item.answer, item.comment = answer, comment
        changed.append(item)
    summary_text = assessment.summary if summary is None else summary.strip()
    if len(summary_text) > 4000:
        errors.add("summary", _("The summary may have at most 4000 characters."))
    errors.raise_if_any()
    with transaction.atomic():
        _claim(assessment, expected_version, status=AssessmentStatus.DRAFT)
        AssessmentItem.objects.bulk_update(changed, ["answer", "comment"])
        assessment.summary = summary_text
        assessment.save(update_fields=["summary", "updated_at"])
    return assessment


def _move(
    assessment: ReadinessAssessment, target: str, *, actor: User | None, note: str = "", extra=None
) -> ReadinessAssessment:
    return transition(
        assessment,
        machine=ASSESSMENT_MACHINE,
        target=target,
        actor=actor,
        event_model=AssessmentEvent,
        note=note,
        extra_updates={**(extra or {}), "version": assessment.version + 1},
        assessment=assessment,
    )


def _assessors_of(assessment: ReadinessAssessment) -> list:
    """Whom to tell that an assessment waits: the OWES advisors of the provider's voivodeship."""
    code = assessment.provider.municipality_id[:2]
    owes = registry.organisations(kinds=[OrganisationKind.OWES], active=True, voivodeships=[code])
    users: list = []
    for organisation in owes:
        users.extend(users_with_roles_in(organisation_id=organisation.pk, roles=[Role.OWES_ADVISOR]))
    return users


def assessment_submit(*, actor: User | None, assessment: ReadinessAssessment) -> ReadinessAssessment:
    """Submit the self-assessment for review: every requirement answered (those not answered are listed)."""
    ASSESSMENT_MACHINE.check_permission(actor, assessment, AssessmentStatus.SUBMITTED)
    missing = [item for item in assessment.items.all() if not item.answer]
    if missing and assessment.status == AssessmentStatus.DRAFT:
        errors = FieldErrors()
        for item in missing:
            errors.add(f"item-{item.pk}", _("Answer this requirement before submitting."))
        errors.raise_if_any()
    with transaction.atomic():
        moved = _move(
            assessment,
            AssessmentStatus.SUBMITTED,
            actor=actor,
            note=_("Submitted"),
            extra={"submitted_at": timezone.now()},
        )
        notify(
            recipients=_assessors_of(assessment),
            kind="readiness.submitted",
            title=gettext_noop("%(provider)s submitted its readiness for %(service)s."),
            params={"provider": assessment.provider.name, "service": assessment.card_version.name},
            link=reverse("readiness:assessment", kwargs={"public_id": assessment.public_id}),
        )
    return moved


def assessment_withdraw(*, actor: User | None, assessment: ReadinessAssessment, note: str = "") -> ReadinessAssessment:
    """The provider withdraws its assessment before the assessor takes it for review."""
    with transaction.atomic():
        return _move(assessment, AssessmentStatus.WITHDRAWN, actor=actor, note=(note or "").strip()[:500])


# --- the assessor's side ---


def assessment_take(*, actor: User | None, assessment: ReadinessAssessment) -> ReadinessAssessment:
    """The assessor takes a submitted assessment for review (and becomes its assessor)."""
    with transaction.atomic():
        return _move(
            assessment,
            AssessmentStatus.UNDER_REVIEW,
            actor=actor,
            note=_("Taken for review"),
            extra={"assessor": _user(actor)},
        )


def _tell_provider(assessment: ReadinessAssessment, *, kind: str, title: str, params: dict, link: str) -> None:
    notify(
        recipients=users_with_roles_in(organisation_id=assessment.provider_id, roles=PROVIDER_ROLES),
        kind=kind,
        title=title,
        params=params,
        link=link,
    )


def assessment_return(*, actor: User | None, assessment: ReadinessAssessment, note: str) -> ReadinessAssessment:
    """The assessor returns the assessment to the provider for completion, saying what is missing."""
    note = (note or "").strip()
    ASSESSMENT_MACHINE.check_permission(actor, assessment, AssessmentStatus.DRAFT)
    if not note:
        raise ValidationError({"note": _("Say what the provider should complete.")})
    with transaction.atomic():
        moved = _move(assessment, AssessmentStatus.DRAFT, actor=actor, note=note[:500])
        _tell_provider(
            assessment,
            kind="readiness.returned",
            title=gettext_noop("Your readiness assessment for %(service)s was returned for completion."),
            params={"service": assessment.card_version.name},
            link=reverse("readiness:assessment", kwargs={"public_id": assessment.public_id}),
        )
    return moved


def assessment_record_visit(
    *,
    actor: User | None,
    assessment: ReadinessAssessment,
    data: Mapping[str, Any],
    expected_version: int,
) -> ReadinessAssessment:
    """The assessor records the visit (date, who was present, findings) and notes on items, under review only."""
    if actor is not None and not actor.has_perm("readiness.review", assessment):
        raise PermissionDenied
    if assessment.status != AssessmentStatus.UNDER_REVIEW:
        raise ValidationError(_("The visit is recorded while the assessment is under review."))
    errors = FieldErrors()
    visit_date = data.get("visit_date")
    present = (data.get("visit_present") or "").strip()
    findings = (data.get("visit_findings") or "").strip()
    if not visit_date:
        errors.add("visit_date", _("Enter the date of the visit."))
    elif assessment.submitted_at and visit_date < assessment.submitted_at.date():
        errors.add("visit_date", _("The visit cannot be before the assessment was submitted."))
    if not present:
        errors.add("visit_present", _("Say who was present at the visit."))
    elif len(present) > 500:
        errors.add("visit_present", _("At most 500 characters."))
    if not findings:
        errors.add("visit_findings", _("Record the findings of the visit."))
    elif len(findings) > 4000:
        errors.add("visit_findings", _("At most 4000 characters."))
    plausible.check(errors, {"visit_date": (plausible.VISIT_DATE, visit_date)})
    notes = {int(key): (value or "").strip() for key, value in (data.get("notes") or {}).items()}
    items = {item.pk: item for item in assessment.items.all()}
    for key, note in notes.items():
        if key not in items:
            errors.add(f"item-{key}", _("This requirement is not part of the assessment."))
        elif len(note) > 2000:
            errors.add(f"item-{key}", _("At most 2000 characters."))
    errors.raise_if_any()
    with transaction.atomic():
        _claim(assessment, expected_version, status=AssessmentStatus.UNDER_REVIEW)
        assessment.visit_date, assessment.visit_present, assessment.visit_findings = visit_date, present, findings
        assessment.save(update_fields=["visit_date", "visit_present", "visit_findings", "updated_at"])
        changed = []
        for key, note in notes.items():
            items[key].assessor_note = note
            changed.append(items[key])
        AssessmentItem.objects.bulk_update(changed, ["assessor_note"])
    return assessment


def _issuer(actor: User | None, provider: Organisation) -> Organisation | None:
    """The organisation in whose name the assessor decides: their OWES of the provider's voivodeship, or their
    municipality office / OPS / CUS / PCPR of the provider's county."""
    if actor is None or not actor.is_authenticated:
        return None
    code = provider.municipality_id
    for item in actor_of(actor).held:
        if item.role == Role.OWES_ADVISOR and item.kind == OrganisationKind.OWES and item.municipality[:2] == code[:2]:
            return registry.organisations(ids=[item.organisation_id]).first()
    for item in actor_of(actor).held:
        if item.role == Role.COORDINATOR and item.municipality[:4] == code[:4]:
            return registry.organisations(ids=[item.organisation_id]).first()
    return None


def _decision_number(on: date) -> str:
    prefix = f"GOT/{on.year}/"
    count = ReadinessDecision.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{count + 1:04d}"


def _checked_decision(assessment: ReadinessAssessment, data: Mapping[str, Any], today: date) -> dict[str, Any]:
    errors = FieldErrors()
    outcome = data.get("outcome") or ""
    reasons = (data.get("reasons") or "").strip()
    conditions = (data.get("conditions") or "").strip()
    conditions_due = data.get("conditions_due") or None
    valid_from = data.get("valid_from") or None
    valid_until = data.get("valid_until") or None
    if outcome not in Outcome.values:
        errors.add("outcome", _("Choose ready, ready with conditions or not ready."))
    if not reasons:
        errors.add("reasons", _("Give the reasons for the decision."))
    elif len(reasons) > 4000:
        errors.add("reasons", _("At most 4000 characters."))
    if outcome in CONFIRMING_OUTCOMES:
        if not valid_from:
            errors.add("valid_from", _("Enter the start of validity."))
        if not valid_until:
            errors.add("valid_until", _("Enter the end of validity."))
        elif valid_from and valid_until < valid_from:
            errors.add("valid_until", _("The end of validity cannot be before its start."))
        if not assessment.visit_date:
            errors.add("outcome", _("Record the visit before confirming the provider ready."))
        elif assessment.visit_date > today:
            errors.add("outcome", _("The visit is dated in the future."))
        if valid_from:
            problem = register_problem(assessment.provider, valid_from) or register_problem(assessment.provider, today)
            if problem:
                errors.add("outcome", problem)
    else:
        valid_from = valid_until = None
    if outcome == Outcome.READY_WITH_CONDITIONS:
        if not conditions:
            errors.add("conditions", _("State the conditions to be met."))
        if not conditions_due:
            errors.add("conditions_due", _("Enter the date by which the conditions are to be met."))
        elif valid_until and conditions_due > valid_until:
            errors.add("conditions_due", _("The conditions are due within the validity of the decision."))
    else:
        if conditions or conditions_due:
            errors.add("conditions", _("Conditions belong only to a decision “ready with conditions”."))
        conditions, conditions_due = "", None
    if len(conditions) > 4000:
        errors.add("conditions", _("At most 4000 characters."))
    plausible.check(
        errors,
        {
            "valid_from": (plausible.VALID_FROM, valid_from),
            "valid_until": (plausible.VALID_UNTIL, valid_until),
            "conditions_due": (plausible.CONDITIONS_DUE, conditions_due),
        },
        today=today,
    )
    errors.raise_if_any()
    return {
        "outcome": outcome,
        "reasons": reasons,
        "conditions": conditions,
        "conditions_due": conditions_due,
        "valid_from": valid_from,
        "valid_until": valid_until,
    }


def assessment_decide(
    *, actor: User | None, assessment: ReadinessAssessment, data: Mapping[str, Any]
) -> ReadinessDecision:
    """The assessor decides: ready, ready with conditions (the conditions and their due date) or not ready, with
    reasons and, when confirming, the validity period. A CIS or KIS without its register entry in force is never
    confirmed. Decided once: a second decision (a double click, two assessors) is refused."""
    ASSESSMENT_MACHINE.check_permission(actor, assessment, AssessmentStatus.DECIDED)
    today = timezone.localdate()
    values = _checked_decision(assessment, data, today)
    try:
        with transaction.atomic():
            current = ReadinessAssessment.objects.select_for_update().get(pk=assessment.pk)
            if current.status != AssessmentStatus.UNDER_REVIEW:
                raise ValidationError(_("This assessment has already been decided or is no longer under review."))
            assessment.status, assessment.version = current.status, current.version
            label = Outcome(values["outcome"]).label
            _move(assessment, AssessmentStatus.DECIDED, actor=actor, note=str(label))
            decision = ReadinessDecision.objects.create(
                assessment=assessment,
                provider=assessment.provider,
                service_type=assessment.service_type,
                number=_decision_number(today),
                decided_on=today,
                decided_by=_user(actor),
                issuer=_issuer(actor, assessment.provider),
                status=DecisionStatus.IN_FORCE,
                **values,
            )
            DecisionEvent.objects.create(
                decision=decision,
                from_state="",
                to_state=decision.status,
                actor=_user(actor),
                note=str(label),
            )
            _tell_provider(
                assessment,
                kind="readiness.decided",
                title=gettext_noop("The decision on your readiness for %(service)s has been made."),
                params={"service": assessment.card_version.name},
                link=reverse("readiness:decision", kwargs={"public_id": decision.public_id}),
            )
            return decision
    except IntegrityError:
        raise ConflictError(_("This assessment has already been decided.")) from None


# --- decisions ---


def decision_withdraw(*, actor: User | None, decision: ReadinessDecision, note: str) -> ReadinessDecision:
    """The assessor withdraws a decision in force (e.g. the conditions were not met), with the reason."""
    note = (note or "").strip()
    DECISION_MACHINE.check_permission(actor, decision, DecisionStatus.WITHDRAWN)
    if not note:
        raise ValidationError({"note": _("Give the reason for the withdrawal.")})
    with transaction.atomic():
        return transition(
            decision,
            machine=DECISION_MACHINE,
            target=DecisionStatus.WITHDRAWN,
            actor=actor,
            event_model=DecisionEvent,
            note=note[:500],
            extra_updates={"version": decision.version + 1},
            decision=decision,
        )


def decision_conditions_met(*, actor: User | None, decision: ReadinessDecision, on: date) -> ReadinessDecision:
    """The assessor records that the conditions of a decision in force were met (once)."""
    if actor is not None and not actor.has_perm("readiness.decide", decision):
        raise PermissionDenied
    errors = FieldErrors()
    today = timezone.localdate()
    if decision.outcome != Outcome.READY_WITH_CONDITIONS or decision.status != DecisionStatus.IN_FORCE:
        raise ValidationError(_("Only the conditions of a decision in force “ready with conditions” can be met."))
    if not on:
        errors.add("on", _("Enter the date the conditions were met."))
    elif on > today:
        errors.add("on", _("The date cannot be in the future."))
    elif on < decision.decided_on:
        errors.add("on", _("The date cannot be before the decision."))
    errors.raise_if_any()
    with transaction.atomic():
        updated = ReadinessDecision.objects.filter(
            pk=decision.pk, status=DecisionStatus.IN_FORCE, conditions_met_on__isnull=True
        ).update(conditions_met_on=on, version=decision.version + 1, updated_at=timezone.now())
        if updated != 1:
            raise ConflictError(_("The conditions were already recorded as met, or the decision changed."))
        DecisionEvent.objects.create(
            decision=decision,
            from_state=decision.status,
            to_state=decision.status,
            actor=_user(actor),
            note=_("Conditions met on %(date)s") % {"date": short_date(on)},
        )
        decision.conditions_met_on, decision.version = on, decision.version + 1
    return decision


def decisions_lapse(*, today: date | None = None) -> int:
    """Mark every decision in force whose validity ended before ``today`` as lapsed (idempotent: each once);
    the number lapsed now."""
    today = today or timezone.localdate()
    lapsed = 0
    due = ReadinessDecision.objects.filter(status=DecisionStatus.IN_FORCE, valid_until__lt=today).order_by("id")
    for decision in due.iterator():
        try:
            with transaction.atomic():
                transition(
                    decision,
                    machine=DECISION_MACHINE,
                    target=DecisionStatus.LAPSED,
                    actor=None,
                    event_model=DecisionEvent,
                    note=_("Validity ended on %(date)s") % {"date": short_date(decision.valid_until)},
                    extra_updates={"version": decision.version + 1},
                    decision=decision,
                )
        except (ConflictError, ValidationError):
            continue  # moved by someone else meanwhile
        lapsed += 1
    return lapsed
