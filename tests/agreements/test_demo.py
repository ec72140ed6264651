import pytest
from django.contrib.auth import get_user_model

from kooperacja.agreements.models import (
    Agreement,
    AgreementStatus,
    ContactRequest,
    ObligationStatus,
    ProgrammeOffer,
    ProgrammeOfferStatus,
    RequestStatus,
)
from kooperacja.core import waiting
from kooperacja.demo.loader import demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_holds_every_state_and_the_grudziadz_respite_care_story():
    demo_load()
    assert set(ProgrammeOffer.objects.values_list("status", flat=True)) == set(ProgrammeOfferStatus.values)
    assert set(ContactRequest.objects.values_list("status", flat=True)) == set(RequestStatus.values)
    assert set(Agreement.objects.values_list("status", flat=True)) == set(AgreementStatus.values)
    respite = ProgrammeOffer.objects.filter(
        service_type__code="opieka-wytchnieniowa", status=ProgrammeOfferStatus.PUBLISHED
    )
    assert {o.organisation.name for o in respite} == {
        "Klub Integracji Społecznej „Przystań”",
        "Spółdzielnia Socjalna „Dobra Opieka”",
    }
    story = Agreement.objects.get(status=AgreementStatus.IN_FORCE, subject__contains="opieki wytchnieniowej")
    assert story.parties.count() == 3
    statuses = list(story.obligations.order_by("due_on").values_list("status", flat=True))
    assert statuses == [ObligationStatus.DONE, ObligationStatus.OPEN, ObligationStatus.OPEN]
    assert ContactRequest.objects.filter(
        status=RequestStatus.PENDING, offer__organisation__name__contains="Dobra Opieka"
    ).exists()
    manager = get_user_model().objects.get(username="manager.pes")
    shown = {entry.kind.code: entry for entry in waiting.waiting_for(manager)}
    assert any(item.overdue for item in shown["agreements.obligations"].items)
    assert shown["agreements.requests"].count == 1
