"""The readiness workflow through its services: every allowed and refused move, the register check of a CIS/KIS,
concurrent edits, double decisions and the lapse of expired decisions."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kooperacja.core.errors import ConflictError
from kooperacja.readiness import selectors, services
from kooperacja.readiness.models import (
    Answer,
    AssessmentStatus,
    DecisionStatus,
    Outcome,
)
from kooperacja.registry.models import OrganisationKind
from tests.admission.factories import in_force
from tests.factories import OrganisationFactory
from tests.readiness import factories as f

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def test_make_ready_confirms_a_social_cooperative(world):
    coordinator = world.user("coordinator")
    coop = OrganisationFactory(kind=OrganisationKind.SOCIAL_COOPERATIVE)
    decision = f.make_ready(provider=coop, assessor=coordinator)
    assert decision.outcome == Outcome.READY
    assert decision.issuer == world.ops
    assert selectors.decision_in_force(organisation_id=coop.pk, service_type_id=f.service().pk, on=today()) == decision
    assert coop.pk in selectors.ready_organisation_ids(service_type_id=f.service().pk, on=today())
    assert decision.assessment.status == AssessmentStatus.DECIDED
    moves = [(e.from_state, e.to_state) for e in decision.assessment.events.all()]
    assert moves == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "under_review"),
        ("under_review", "decided"),
    ]


def test_the_assessment_pins_the_card_version_and_copies_its_requirements(world):
    assessment = f.started(provider=world.org_b)
    card = f.service().current_version
    assert assessment.card_version == card
    kinds = {item.kind for item in assessment.items.all()}
    assert kinds == {"resource", "qualification", "criterion"}
    assert assessment.items.count() == (
        card.minimum_resources.count() + card.qualifications.count() + card.readiness_criteria.count()
    )


def test_one_open_assessment_per_provider_and_service(world):
    f.started(provider=world.org_b)
    with pytest.raises(ValidationError) as error:
        f.started(provider=world.org_b)
    assert "service_type" in error.value.message_dict


def test_a_public_body_is_not_a_provider(world):
    with pytest.raises(ValidationError) as error:
        f.started(provider=world.ops)
    assert "provider" in error.value.message_dict


def test_the_provider_starts_only_for_its_own_organisation(world):
    with pytest.raises(ValidationError):
        f.started(provider=world.org_b, actor=world.user("pzs_staff"))
    assessment = f.started(provider=world.org_b, actor=world.user("member_b"))
    assert assessment.created_by == world.user("member_b")


def test_submit_needs_every_requirement_answered(world):
    assessment = f.started(provider=world.org_b)
    with pytest.raises(ValidationError) as error:
        services.assessment_submit(actor=None, assessment=assessment)
    assert len(error.value.message_dict) == assessment.items.count()


def test_partly_met_needs_a_comment_and_all_errors_come_at_once(world):
    assessment = f.started(provider=world.org_b)
    items = list(assessment.items.all())
    answers = {items[0].pk: {"answer": Answer.PARTLY}, items[1].pk: {"answer": "maybe"}, 999999: {"answer": "met"}}
    with pytest.raises(ValidationError) as error:
        services.assessment_self_assess(
            actor=None, assessment=assessment, answers=answers, expected_version=assessment.version
        )
    assert set(error.value.message_dict) == {f"item-{items[0].pk}", f"item-{items[1].pk}", "item-999999"}


def test_a_stale_self_assessment_is_refused(world):
    assessment = f.started(provider=world.org_b)
    stale = assessment.version
    f.answered(assessment)
    with pytest.raises(ConflictError):
        services.assessment_self_assess(actor=None, assessment=assessment, answers={}, expected_version=stale)


def test_the_provider_never_reviews_or_decides_itself(world):
    manager = world.user("member_b")
    assessment = f.submitted(provider=world.org_b, actor=manager)
    with pytest.raises(PermissionDenied):
        services.assessment_take(actor=manager, assessment=assessment)
    # A coordinator of Grudziądz does not reach a provider in Janów Lubelski.
    with pytest.raises(PermissionDenied):
        services.assessment_take(actor=world.user("coordinator"), assessment=assessment)


def test_an_assessor_does_not_submit_for_the_provider(world):
    assessment = f.answered(f.started(provider=world.org_a))
    with pytest.raises(PermissionDenied):
        services.assessment_submit(actor=world.user("coordinator"), assessment=assessment)


def test_return_for_completion_needs_a_note_and_reopens_the_draft(world):
    coordinator = world.user("coordinator")
    assessment = services.assessment_take(actor=coordinator, assessment=f.submitted(provider=world.org_a))
    with pytest.raises(ValidationError):
        services.assessment_return(actor=coordinator, assessment=assessment, note=" ")
    services.assessment_return(actor=coordinator, assessment=assessment, note="Brak zaświadczeń.")
    assert assessment.status == AssessmentStatus.DRAFT
    f.answered(assessment)
    services.assessment_submit(actor=None, assessment=assessment)
    assert assessment.status == AssessmentStatus.SUBMITTED


def test_withdraw_only_before_review(world):
    assessment = f.submitted(provider=world.org_b)
    services.assessment_withdraw(actor=None, assessment=assessment)
    assert assessment.status == AssessmentStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        services.assessment_submit(actor=None, assessment=assessment)
    other = f.under_review(provider=world.org_b)
    with pytest.raises(ValidationError):
        services.assessment_withdraw(actor=None, assessment=other)


def test_the_visit_is_checked(world):
    assessment = services.assessment_take(actor=None, assessment=f.submitted(provider=world.org_b))
    with pytest.raises(ValidationError) as error:
        services.assessment_record_visit(
            actor=None,
            assessment=assessment,
            data={"visit_date": today() + timedelta(days=3), "visit_present": "", "visit_findings": ""},
            expected_version=assessment.version,
        )
    assert set(error.value.message_dict) == {"visit_date", "visit_present", "visit_findings"}


def test_ready_needs_the_visit_validity_and_reasons(world):
    assessment = services.assessment_take(actor=None, assessment=f.submitted(provider=world.org_b))
    with pytest.raises(ValidationError) as error:
        services.assessment_decide(actor=None, assessment=assessment, data={"outcome": Outcome.READY})
    assert {"outcome", "reasons", "valid_from", "valid_until"} <= set(error.value.message_dict)


def test_conditions_need_text_and_a_due_date_within_validity(world):
    assessment = f.under_review(provider=world.org_b)
    data = f.decision_data(outcome=Outcome.READY_WITH_CONDITIONS) | {"conditions": "", "conditions_due": None}
    with pytest.raises(ValidationError) as error:
        services.assessment_decide(actor=None, assessment=assessment, data=data)
    assert {"conditions", "conditions_due"} <= set(error.value.message_dict)
    data = f.decision_data(outcome=Outcome.READY_WITH_CONDITIONS)
    data["conditions_due"] = data["valid_until"] + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.assessment_decide(actor=None, assessment=assessment, data=data)
    assert "conditions_due" in error.value.message_dict


def test_valid_until_before_valid_from_is_refused(world):
    assessment = f.under_review(provider=world.org_b)
    data = f.decision_data() | {"valid_until": today() - timedelta(days=1)}
    with pytest.raises(ValidationError) as error:
        services.assessment_decide(actor=None, assessment=assessment, data=data)
    assert "valid_until" in error.value.message_dict


def test_a_cis_without_a_register_entry_is_not_confirmed(world):
    assessment = f.under_review(provider=world.org_a)
    with pytest.raises(ValidationError) as error:
        services.assessment_decide(actor=None, assessment=assessment, data=f.decision_data())
    assert "voivode's register" in " ".join(error.value.message_dict["outcome"])
    # "not ready" may still be decided.
    decision = services.assessment_decide(
        actor=None, assessment=assessment, data={"outcome": Outcome.NOT_READY, "reasons": "Brak wpisu."}
    )
    assert decision.outcome == Outcome.NOT_READY
    assert (
        selectors.decision_in_force(organisation_id=world.org_a.pk, service_type_id=f.service().pk, on=today()) is None
    )


def test_a_cis_whose_entry_ends_is_no_longer_in_force(world):
    in_force(world.org_a)
    decision = f.make_ready(provider=world.org_a, valid_until=today() + timedelta(days=3 * 365))
    term = world.org_a.register_terms.get()
    assert selectors.decision_in_force(organisation_id=world.org_a.pk, service_type_id=f.service().pk, on=today())
    after = (term.term_end or today()) + timedelta(days=1)
    if term.term_end is not None and after <= decision.valid_until:
        assert (
            selectors.decision_in_force(organisation_id=world.org_a.pk, service_type_id=f.service().pk, on=after)
            is None
        )
        assert world.org_a.pk not in selectors.ready_organisation_ids(service_type_id=f.service().pk, on=after)


def test_a_second_decision_is_refused(world):
    assessment = f.under_review(provider=world.org_b)
    services.assessment_decide(actor=None, assessment=assessment, data=f.decision_data())
    with pytest.raises(ValidationError):
        services.assessment_decide(actor=None, assessment=assessment, data=f.decision_data())
    assert selectors.decisions_visible_to(world.user("admin")).count() == 1


def test_a_decision_past_its_validity_is_not_in_force_before_the_lapse_and_lapses_once(world):
    start = today() - timedelta(days=400)
    decision = f.make_ready(provider=world.org_b, valid_from=start, valid_until=today() - timedelta(days=1))
    service_id = f.service().pk
    assert selectors.decision_in_force(organisation_id=world.org_b.pk, service_type_id=service_id, on=today()) is None
    assert selectors.decision_in_force(
        organisation_id=world.org_b.pk, service_type_id=service_id, on=today() - timedelta(days=2)
    )
    assert services.decisions_lapse() == 1
    assert services.decisions_lapse() == 0
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.LAPSED
    assert [(e.from_state, e.to_state) for e in decision.events.all()] == [("", "in_force"), ("in_force", "lapsed")]


def test_withdrawal_and_conditions_met(world):
    coordinator = world.user("coordinator")
    coop = OrganisationFactory(kind=OrganisationKind.SOCIAL_COOPERATIVE)
    decision = f.make_ready(provider=coop, assessor=coordinator, outcome=Outcome.READY_WITH_CONDITIONS)
    with pytest.raises(PermissionDenied):
        services.decision_withdraw(actor=world.user("member_b"), decision=decision, note="x")
    with pytest.raises(ValidationError):
        services.decision_conditions_met(actor=coordinator, decision=decision, on=today() + timedelta(days=1))
    services.decision_conditions_met(actor=coordinator, decision=decision, on=today())
    with pytest.raises((ConflictError, ValidationError)):
        services.decision_conditions_met(actor=coordinator, decision=decision, on=today())
    with pytest.raises(ValidationError):
        services.decision_withdraw(actor=coordinator, decision=decision, note="")
    services.decision_withdraw(actor=coordinator, decision=decision, note="Warunki cofnięte.")
    assert selectors.decision_in_force(organisation_id=coop.pk, service_type_id=f.service().pk, on=today()) is None
    with pytest.raises(ValidationError):
        services.decision_withdraw(actor=coordinator, decision=decision, note="again")
