"""The demo region holds every state of readiness, and the seed 002 cooperative is ready for respite care."""

import pytest
from django.utils import timezone

from kooperacja.catalogue.selectors import service_type_find
from kooperacja.demo.loader import demo_load
from kooperacja.readiness import selectors
from kooperacja.readiness.models import (
    AssessmentStatus,
    DecisionStatus,
    Outcome,
    ReadinessAssessment,
    ReadinessDecision,
)
from kooperacja.readiness.services import register_problem
from kooperacja.registry.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_demo_covers_every_state_and_confirms_the_seed_002_cooperative():
    demo_load()
    count = ReadinessAssessment.objects.count()
    assert set(ReadinessAssessment.objects.values_list("status", flat=True)) == set(AssessmentStatus.values)
    assert set(ReadinessDecision.objects.values_list("status", flat=True)) == set(DecisionStatus.values)
    assert set(ReadinessDecision.objects.values_list("outcome", flat=True)) == set(Outcome.values)
    today = timezone.localdate()
    respite = service_type_find(code="opieka-wytchnieniowa")
    cooperative = Organisation.objects.get(name__contains="Dobra Opieka")
    decision = selectors.decision_in_force(organisation_id=cooperative.pk, service_type_id=respite.pk, on=today)
    assert decision is not None and decision.outcome == Outcome.READY
    assert cooperative.pk in selectors.ready_organisation_ids(service_type_id=respite.pk, on=today)
    kis = Organisation.objects.get(name__contains="Nowy Start")
    assert register_problem(kis, today)
    assert ReadinessAssessment.objects.get(provider=kis).status == AssessmentStatus.UNDER_REVIEW
    demo_load()
    assert ReadinessAssessment.objects.count() == count
