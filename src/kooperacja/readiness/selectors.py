"""Reads of readiness assessments and decisions.

``decision_in_force`` and ``ready_organisation_ids`` answer other apps (commissioning's eligibility): a decision
confirms a provider on a day when its outcome is ready or ready with conditions, it is neither lapsed nor withdrawn,
the day is within its validity period and, for a CIS or KIS, the provider's entry in the voivode's register is in
force that day. A decision past its ``valid_until`` is not in force even before ``lapse_readiness`` marks it.

Assessments and decisions are organisational records (no personal data beyond the names of the staff who acted);
they are scoped to who asks (``assessments_visible_to``): the provider's own staff and the assessors in whose
reach it lies.
"""

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kooperacja.accounts.actor import actor_of
from kooperacja.readiness.models import (
    CONFIRMING_OUTCOMES,
    AssessmentEvent,
    AssessmentItem,
    AssessmentStatus,
    DecisionEvent,
    DecisionStatus,
    EvidenceFile,
    Outcome,
    ReadinessAssessment,
    ReadinessDecision,
)
from kooperacja.readiness.rules import assessor_reach, provider_organisation_ids
from kooperacja.registry.models import REGISTERED_KINDS
from kooperacja.territory.models import within_any


def _confirming_on(on: date) -> QuerySet[ReadinessDecision]:
    return ReadinessDecision.objects.filter(
        status=DecisionStatus.IN_FORCE,
        outcome__in=CONFIRMING_OUTCOMES,
        valid_from__lte=on,
        valid_until__gte=on,
    )


def decision_in_force(*, organisation_id: int, service_type_id: int, on: date) -> ReadinessDecision | None:
    """The decision confirming ``organisation_id`` ready (with or without conditions) for ``service_type_id`` on
    ``on``, or None (for a CIS or KIS also None when its register entry is not in force that day)."""
    decisions = (
        _confirming_on(on)
        .filter(provider_id=organisation_id, service_type_id=service_type_id)
        .select_related("provider", "service_type", "issuer")
        .prefetch_related("provider__register_terms")
        .order_by("-valid_until", "-id")
    )
    for decision in decisions:
        if decision.provider.kind in REGISTERED_KINDS and not decision.provider.is_in_force(on):
            return None
        return decision
    return None


def ready_organisation_ids(*, service_type_id: int, on: date) -> set[int]:
    """Ids of the providers confirmed ready for ``service_type_id`` on ``on`` (see :func:`decision_in_force`)."""
    decisions = (
        _confirming_on(on)
        .filter(service_type_id=service_type_id)
        .select_related("provider")
        .prefetch_related("provider__register_terms")
    )
    return {
        decision.provider_id
        for decision in decisions
        if decision.provider.kind not in REGISTERED_KINDS or decision.provider.is_in_force(on)
    }


def is_in_force(decision: ReadinessDecision, on: date) -> bool:
    """Whether ``decision`` confirms its provider on ``on`` (the register entry of a CIS/KIS included)."""
    if decision.status != DecisionStatus.IN_FORCE or decision.outcome not in CONFIRMING_OUTCOMES:
        return False
    if decision.valid_from is None or decision.valid_until is None:
        return False
    if not decision.valid_from <= on <= decision.valid_until:
        return False
    return decision.provider.kind not in REGISTERED_KINDS or decision.provider.is_in_force(on)


# --- assessments and decisions as the pages and the API see them ---

ASSESSMENT_SORTS = {"newest": ("-created_at", "-id"), "oldest": ("created_at", "id"), "updated": ("-updated_at", "-id")}
DECISION_SORTS = {
    "newest": ("-decided_on", "-id"),
    "oldest": ("decided_on", "id"),
    "valid_until": ("valid_until", "id"),
}


def _reach_q(user, prefix: str) -> Q:
    voivodeships, counties = assessor_reach(user)
    query = Q(**{f"{prefix}provider_id__in": provider_organisation_ids(user)})
    if voivodeships or counties:
        query |= within_any(f"{prefix}provider__municipality_id", voivodeships | counties)
    return query


def assessments_visible_to(user) -> QuerySet[ReadinessAssessment]:
    base = ReadinessAssessment.objects.select_related(
        "provider", "provider__municipality", "service_type", "card_version", "assessor"
    )
    if not user.is_authenticated:
        return base.none()
    if user.is_superuser:
        return base
    return base.filter(_reach_q(user, ""))


def decisions_visible_to(user) -> QuerySet[ReadinessDecision]:
    base = ReadinessDecision.objects.select_related(
        "provider", "provider__municipality", "service_type", "assessment", "assessment__card_version", "issuer"
    ).prefetch_related("provider__register_terms")  # whether a CIS/KIS decision is in force today
    if not user.is_authenticated:
        return base.none()
    if user.is_superuser:
        return base
    return base.filter(_reach_q(user, ""))


def assessment_list(
    *, user, status: str | None = None, service: int | None = None, q: str | None = None, sort: str | None = None
) -> QuerySet[ReadinessAssessment]:
    assessments = assessments_visible_to(user)
    if status in AssessmentStatus.values:
        assessments = assessments.filter(status=status)
    if service:
        assessments = assessments.filter(service_type_id=service)
    if q:
        assessments = assessments.filter(provider__name__icontains=q.strip())
    return assessments.order_by(*ASSESSMENT_SORTS.get(sort or "", ASSESSMENT_SORTS["newest"]))


def decision_list(
    *, user, outcome: str | None = None, status: str | None = None, service: int | None = None, sort: str | None = None
) -> QuerySet[ReadinessDecision]:
    decisions = decisions_visible_to(user)
    if outcome:
        decisions = decisions.filter(outcome=outcome)
    if status in DecisionStatus.values:
        decisions = decisions.filter(status=status)
    if service:
        decisions = decisions.filter(service_type_id=service)
    return decisions.order_by(*DECISION_SORTS.get(sort or "", DECISION_SORTS["newest"]))


def assessment_get(*, user, public_id) -> ReadinessAssessment:
    """An assessment the user sees, or 404 (another's answers like a missing one)."""
    assessment = assessments_visible_to(user).filter(public_id=public_id).first()
    if assessment is None:
        raise Http404("assessment")
    return assessment


def decision_get(*, user, public_id) -> ReadinessDecision:
    decision = decisions_visible_to(user).filter(public_id=public_id).first()
    if decision is None:
        raise Http404("decision")
    return decision


def assessment_timeline(*, assessment: ReadinessAssessment) -> list[AssessmentEvent]:
    return list(assessment.events.select_related("actor").order_by("at", "id"))


def decision_timeline(*, decision: ReadinessDecision) -> list[DecisionEvent]:
    return list(decision.events.select_related("actor").order_by("at", "id"))


def assessment_items(*, assessment: ReadinessAssessment) -> list[AssessmentItem]:
    return list(assessment.items.prefetch_related("evidence").order_by("kind", "order", "id"))


def assessment_evidence(*, assessment: ReadinessAssessment) -> list[EvidenceFile]:
    """The files of the assessment (without their content), each with its item."""
    return list(assessment.evidence.defer("content_encrypted").select_related("item").order_by("uploaded_at", "id"))


def evidence_get(*, user, public_id, file_id) -> EvidenceFile:
    """A file of an assessment the user sees, or 404."""
    assessment = assessment_get(user=user, public_id=public_id)
    evidence = (
        EvidenceFile.objects.filter(assessment=assessment, public_id=file_id).select_related("assessment").first()
    )
    if evidence is None:
        raise Http404("evidence")
    evidence.assessment = assessment
    return evidence


def decision_of(*, assessment: ReadinessAssessment) -> ReadinessDecision | None:
    return ReadinessDecision.objects.filter(assessment=assessment).first()


# --- the public list of confirmed providers (no personal data: organisations, services, outcomes, validity) ---

PUBLIC_SORTS = {"name": ("provider__sort_name", "service_type__code", "id"), "valid_until": ("valid_until", "id")}


def confirmed_providers(
    *, service: int | None = None, unit: str | None = None, sort: str | None = None, on: date | None = None
) -> QuerySet[ReadinessDecision]:
    """Decisions confirming a provider today (or ``on``), per service, in the unit (voivodeship, county or
    municipality) given by its TERYT code: anyone may read this list."""
    on = on or timezone.localdate()
    decisions = _confirming_on(on).filter(provider__is_active=True)
    if service:
        decisions = decisions.filter(service_type_id=service)
    if unit:
        decisions = decisions.filter(within_any("provider__municipality_id", [unit]))
    registered = decisions.filter(provider__kind__in=REGISTERED_KINDS).select_related("provider")
    lapsed = [
        decision.pk
        for decision in registered.prefetch_related("provider__register_terms")
        if not decision.provider.is_in_force(on)
    ]
    if lapsed:
        decisions = decisions.exclude(pk__in=lapsed)
    return decisions.select_related(
        "provider", "provider__municipality", "service_type", "service_type__current_version"
    ).order_by(*PUBLIC_SORTS.get(sort or "", PUBLIC_SORTS["name"]))


# --- what waits (core.waiting; see waiting.py) ---


def assessments_to_review(user) -> QuerySet[ReadinessAssessment]:
    """Submitted assessments in the user's reach as an assessor, and those under review by the user."""
    voivodeships, counties = assessor_reach(user)
    if not (voivodeships or counties):
        return ReadinessAssessment.objects.none()
    mine = actor_of(user).organisation_ids
    return (
        ReadinessAssessment.objects.filter(within_any("provider__municipality_id", voivodeships | counties))
        .exclude(provider_id__in=mine)
        .filter(Q(status=AssessmentStatus.SUBMITTED) | Q(status=AssessmentStatus.UNDER_REVIEW, assessor=user))
    )


def drafts_to_submit(user) -> QuerySet[ReadinessAssessment]:
    providers = provider_organisation_ids(user)
    if not providers:
        return ReadinessAssessment.objects.none()
    return ReadinessAssessment.objects.filter(provider_id__in=providers, status=AssessmentStatus.DRAFT)


def conditions_due(user, *, within_days: int = 14) -> QuerySet[ReadinessDecision]:
    """Decisions in force with conditions not yet met, due within ``within_days`` or overdue: for the provider's
    staff and the assessors in reach."""
    today = timezone.localdate()
    decisions = ReadinessDecision.objects.filter(
        status=DecisionStatus.IN_FORCE,
        outcome=Outcome.READY_WITH_CONDITIONS,
        conditions_met_on__isnull=True,
        conditions_due__lte=today + timedelta(days=within_days),
    )
    voivodeships, counties = assessor_reach(user)
    providers = provider_organisation_ids(user)
    if not (providers or voivodeships or counties):
        return ReadinessDecision.objects.none()
    return decisions.filter(_reach_q(user, ""))


def assessments_of(*, provider_id: int) -> QuerySet[ReadinessAssessment]:
    """Every assessment of one provider, whoever asks (callers authorise: the demo loader, reports)."""
    return ReadinessAssessment.objects.filter(provider_id=provider_id)
