"""Offers, contact requests and agreements of the test world, built through the services: org A (a CIS in
Grudziądz) offers, the OPS of Grudziądz asks and cooperates, org B (a cooperative in Janów Lubelski) is a
stranger."""

from datetime import timedelta

from django.utils import timezone

from kooperacja.agreements import agreement_services, services
from kooperacja.catalogue import selectors as catalogue

CARE = "opieka-wytchnieniowa"
GRUDZIADZ = "0462011"


def offer_data(world, **overrides) -> dict:
    today = timezone.localdate()
    data = {
        "organisation": world.org_a,
        "service_type": catalogue.service_type_find(code=CARE),
        "title": "Opieka wytchnieniowa",
        "modules": [],
        "qualifications": [],
        "training": "Szkolenie opiekunów.",
        "delivery": "Opieka w domu.",
        "capacity": 12,
        "capacity_unit": "people_per_year",
        "area": [GRUDZIADZ, "0462"],
        "valid_from": today - timedelta(days=10),
        "valid_to": today + timedelta(days=365),
        "contact_email": "cis@example.org",
        "contact_phone": "",
    }
    data.update(overrides)
    return data


def draft_offer(world, **overrides):
    return services.offer_create(actor=None, data=offer_data(world, **overrides))


def published_offer(world, **overrides):
    offer = draft_offer(world, **overrides)
    return services.offer_publish(actor=None, offer=offer)


def pending_request(world, offer=None, requester=None):
    offer = offer or published_offer(world)
    return services.request_send(
        actor=None,
        offer=offer,
        requester=requester or world.ops,
        data={"interests": "Opieka dla 10 rodzin", "message": "Prosimy o kontakt."},
    )


def draft_agreement(world, *, obligation: bool = True, signatories: bool = True, parties=None, start: int = -10):
    today = timezone.localdate()
    agreement = agreement_services.agreement_create(
        actor=None,
        organisations=parties or [world.org_a, world.ops],
        data={
            "subject": "Porozumienie o współpracy",
            "scope": "Opieka wytchnieniowa",
            "valid_from": today + timedelta(days=start),
            "valid_to": today + timedelta(days=365),
            "review_on": today + timedelta(days=180),
        },
    )
    party_ids = [p.pk for p in agreement.parties.all()]
    if obligation:
        agreement_services.obligation_add(
            actor=None,
            agreement=agreement,
            data={"party": party_ids[0], "description": "Przeszkolić 5 osób", "due_on": today + timedelta(days=7)},
            expected_version=agreement.version,
        )
    if signatories:
        for index, pk in enumerate(party_ids):
            agreement_services.signatory_add(
                actor=None,
                agreement=agreement,
                data={"party": pk, "name": f"Osoba {index}", "function": "dyrektor"},
                expected_version=agreement.version,
            )
    return agreement


def signed_agreement(world, **kwargs):
    agreement = draft_agreement(world, **kwargs)
    for party in list(agreement.parties.all()):
        agreement_services.agreement_sign(actor=None, agreement=agreement, organisation_id=party.organisation_id)
    agreement.refresh_from_db()
    return agreement


def agreement_in_force(world, **kwargs):
    agreement = signed_agreement(world, **kwargs)
    return agreement_services.agreement_enforce(actor=None, agreement=agreement)
