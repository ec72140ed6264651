"""The demo region shows every state of each sphere-3 workflow, and the seed 002 story end to end: the Grudziądz KIS
and the social cooperative of its former participants under an agreement in force, the cooperative confirmed ready
for respite care, its respite-care contract with the MOPR active, reported on and drifting."""

import pytest

from kooperacja.agreements.models import (
    Agreement,
    AgreementStatus,
    ContactRequest,
    Obligation,
    ObligationStatus,
    ProgrammeOffer,
    ProgrammeOfferStatus,
    RequestStatus,
)
from kooperacja.commissioning.models import Contract, ContractStatus, Offer, Order, OrderStatus
from kooperacja.commissioning.models import OfferStatus as BidStatus
from kooperacja.delivery.models import AlertStatus, DeliveryReport, DriftAlert, ReportStatus
from kooperacja.demo.loader import demo_load
from kooperacja.readiness.models import (
    AssessmentStatus,
    DecisionStatus,
    Outcome,
    ReadinessAssessment,
    ReadinessDecision,
)
from kooperacja.readiness.selectors import decision_in_force
from kooperacja.registry.models import OrganisationKind

pytestmark = pytest.mark.django_db

RESPITE = "opieka-wytchnieniowa"


def _states(model, field="status") -> set[str]:
    return set(model.objects.values_list(field, flat=True))


def test_it_shows_every_state_of_each_sphere_3_workflow():
    demo_load()

    assert _states(ReadinessAssessment) == set(AssessmentStatus.values)
    assert _states(ReadinessDecision) == set(DecisionStatus.values)
    assert _states(ReadinessDecision, "outcome") == set(Outcome.values)
    assert _states(ProgrammeOffer) == set(ProgrammeOfferStatus.values)
    assert _states(ContactRequest) == set(RequestStatus.values)
    assert _states(Agreement) == set(AgreementStatus.values)
    assert _states(Obligation) >= {ObligationStatus.OPEN, ObligationStatus.DONE}
    assert _states(Order) == set(OrderStatus.values)
    assert _states(Offer) == set(BidStatus.values)
    assert _states(Contract) == set(ContractStatus.values)
    assert _states(DeliveryReport) == set(ReportStatus.values)
    assert _states(DriftAlert) == set(AlertStatus.values)


def test_it_tells_the_seed_002_story_from_agreement_to_drift():
    demo_load()
    contract = Contract.objects.select_related("provider", "commissioner", "service_type").get(number="UM/MOPR/2026/01")
    cooperative = contract.provider

    assert cooperative.kind == OrganisationKind.SOCIAL_COOPERATIVE
    assert contract.service_type.code == RESPITE
    assert contract.status == ContractStatus.ACTIVE
    in_force = Agreement.objects.filter(status=AgreementStatus.IN_FORCE, parties__organisation=cooperative)
    assert in_force.filter(parties__organisation__kind=OrganisationKind.KIS).exists()
    assert (
        decision_in_force(
            organisation_id=cooperative.pk, service_type_id=contract.service_type_id, on=contract.start_date
        )
        is not None
    )
    reports = DeliveryReport.objects.filter(contract=contract)
    assert reports.filter(status=ReportStatus.ACCEPTED).exists()
    assert DriftAlert.objects.filter(report__contract=contract).exists()
