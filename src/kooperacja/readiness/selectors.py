"""Reads of readiness assessments and decisions.

``decision_in_force`` and ``ready_organisation_ids`` answer other apps (commissioning's eligibility): a decision
confirms a provider on a day when its outcome is ready or ready with conditions, it is neither lapsed nor withdrawn,
the day is within its validity period and, for a CIS or KIS, the provider's entry in the voivode's register is in
force that day. A decision past its ``valid_until`` is not in force even before ``lapse_readiness`` marks it.

Assessments and decisions are organisational records (no personal data beyond the names of the staff who acted);
they are scoped to who asks (``assessments_visible_to``): the provider's own staff and the assessors in whose
reach it lies.
"""

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from kooperacja.readiness.models import (
    CONFIRMING_OUTCOMES,
    AssessmentStatus,
    DecisionStatus,
    ReadinessAssessment,
    ReadinessDecision,
)
from kooperacja.readiness.rules import assessor_reach, provider_organisation_ids
from kooperacja.registry.models import REGISTERED_KINDS


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
    for code in voivodeships:
        query |= Q(**{f"{prefix}provider__municipality_id__startswith": code})
    for code in counties:
        query |= Q(**{f"{prefix}provider__municipality_id__startswith": code})
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
    )
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
