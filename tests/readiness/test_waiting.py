"""What waits in readiness: assessments to review for the assessor, drafts for the provider, conditions due."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kooperacja.core import waiting
from kooperacja.readiness.models import Outcome
from kooperacja.registry.models import OrganisationKind
from tests.factories import OrganisationFactory
from tests.readiness import factories as f

pytestmark = pytest.mark.django_db


def _codes(user) -> dict[str, int]:
    return {
        entry.kind.code: entry.count for entry in waiting.waiting_for(user) if entry.kind.code.startswith("readiness")
    }


def test_the_assessor_sees_submitted_assessments_in_reach(world):
    coop = OrganisationFactory(kind=OrganisationKind.SOCIAL_COOPERATIVE, name="Spółdzielnia Czekająca")
    assessment = f.submitted(provider=coop)
    f.submitted(provider=world.org_b)  # Janów: outside the coordinator's county
    entries = [e for e in waiting.waiting_for(world.user("coordinator")) if e.kind.code == "readiness.review"]
    assert entries and entries[0].count == 1
    assert "Spółdzielnia Czekająca" in str(entries[0].items[0].label)
    assert entries[0].items[0].url == reverse("readiness:assessment", args=[assessment.public_id])
    assert "readiness.review" not in _codes(world.user("member_b"))


def test_the_provider_sees_its_drafts(world):
    f.started(provider=world.org_b)
    assert _codes(world.user("member_b")) == {"readiness.drafts": 1}
    assert "readiness.drafts" not in _codes(world.user("pzs_staff"))


def test_conditions_due_within_two_weeks_or_overdue_wait_on_both_sides(world):
    coop = OrganisationFactory(kind=OrganisationKind.SOCIAL_COOPERATIVE)
    today = timezone.localdate()
    decision = f.make_ready(
        provider=coop,
        outcome=Outcome.READY_WITH_CONDITIONS,
        valid_from=today - timedelta(days=90),
        valid_until=today + timedelta(days=300),
    )
    assert decision.conditions_due == today - timedelta(days=30)  # 60 days after the start: overdue
    entries = [e for e in waiting.waiting_for(world.user("coordinator")) if e.kind.code == "readiness.conditions"]
    assert entries[0].count == 1 and entries[0].items[0].overdue
    from kooperacja.readiness import services

    services.decision_conditions_met(actor=world.user("coordinator"), decision=decision, on=today)
    assert "readiness.conditions" not in _codes(world.user("coordinator"))
