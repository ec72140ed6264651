import io
import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kooperacja.agreements.models import (
    AgreementStatus,
    ContactRequest,
    ProgrammeOffer,
    ProgrammeOfferStatus,
    RequestStatus,
)
from tests.agreements.factories import (
    agreement_in_force,
    draft_agreement,
    draft_offer,
    offer_data,
    pending_request,
    published_offer,
)

pytestmark = pytest.mark.django_db


def test_every_signed_in_user_searches_published_offers(world, client_for):
    offer = published_offer(world)
    draft_offer(world, title="Szkic ukryty")
    response = client_for("analyst").get(reverse("agreements:offer-list"), {"unit": "0462011", "sort": "capacity"})
    assert response.status_code == 200
    assert offer.title in response.text and "Szkic ukryty" not in response.text
    assert client_for("anonymous").get(reverse("agreements:offer-list")).status_code == 302


def test_the_offer_list_reads_a_fixed_number_of_queries(world, client_for, django_assert_num_queries):
    """The session, the user, the memberships, the services of the filter, the count and the page."""
    for index in range(3):
        published_offer(world, title=f"Oferta {index}")
    client = client_for("member_b")
    client.get(reverse("agreements:offer-list"))  # warm the session and the badge
    with django_assert_num_queries(6):
        client.get(reverse("agreements:offer-list"))
    for index in range(3, 10):
        published_offer(world, title=f"Oferta {index}")
    with django_assert_num_queries(6):
        client.get(reverse("agreements:offer-list"))


def test_the_agreement_list_reads_a_fixed_number_of_queries(world, client_for, django_assert_num_queries):
    """The session, the user, the memberships, the count, the page and the parties of its agreements."""
    draft_agreement(world)
    client = client_for("coordinator")
    client.get(reverse("agreements:agreement-list"))
    with django_assert_num_queries(6):
        client.get(reverse("agreements:agreement-list"))
    for _ in range(4):
        draft_agreement(world)
    with django_assert_num_queries(6):
        client.get(reverse("agreements:agreement-list"))


def test_a_municipality_sends_a_request_from_the_offer_page(world, client_for):
    offer = published_offer(world)
    client = client_for("coordinator")
    page = client.get(reverse("agreements:offer-detail", kwargs={"public_id": offer.public_id}))
    assert "Send a contact request" in page.text
    response = client.post(
        reverse("agreements:request-create"),
        {"offer": str(offer.public_id), "requester": world.ops.pk, "interests": "opieka", "message": "Dzień dobry"},
    )
    request = ContactRequest.objects.get()
    assert response.status_code == 302 and request.requester == world.ops
    again = client.post(
        reverse("agreements:request-create"),
        {"offer": str(offer.public_id), "requester": world.ops.pk, "interests": "opieka", "message": "Dzień dobry"},
    )
    assert again.status_code == 200 and "already sent a request" in again.text
    assert ContactRequest.objects.count() == 1


def test_the_offering_side_accepts_and_a_second_click_changes_nothing(world, client_for):
    request = pending_request(world)
    client = client_for("pzs_staff")
    url = reverse("agreements:request-accept", kwargs={"public_id": request.public_id})
    first = client.post(url)
    second = client.post(url, follow=True)
    request.refresh_from_db()
    assert first.status_code == 302 and request.status == RequestStatus.ACCEPTED
    assert "already been answered" in second.text
    assert client_for("coordinator").post(url).status_code == 403


def test_the_offer_form_creates_a_draft_of_ones_own_organisation(world, client_for):
    data = offer_data(world)
    post = {
        "organisation": world.org_a.pk,
        "service_type": data["service_type"].pk,
        "title": "Nowa oferta",
        "delivery": "Opieka",
        "capacity": "10",
        "capacity_unit": "places",
        "area": "0462011, 0462",
        "valid_from": data["valid_from"].isoformat(),
        "valid_to": data["valid_to"].isoformat(),
        "contact_email": "a@example.org",
    }
    response = client_for("pzs_staff").post(reverse("agreements:offer-create"), post)
    assert response.status_code == 302
    refused = client_for("member_b").post(reverse("agreements:offer-create"), {**post, "title": "Obca"})
    assert refused.status_code == 200
    assert list(ProgrammeOffer.objects.values_list("title", flat=True)) == ["Nowa oferta"]


def test_the_agreement_page_lists_its_pdf_which_has_every_party_and_page_numbers(world, client_for):
    agreement = agreement_in_force(world)
    page = client_for("coordinator").get(
        reverse("agreements:agreement-detail", kwargs={"public_id": agreement.public_id})
    )
    pdf_url = reverse("agreements:agreement-pdf", kwargs={"public_id": agreement.public_id})
    assert pdf_url in page.text
    response = client_for("coordinator").get(pdf_url)
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert world.org_a.name in text and world.ops.name in text and "Przeszkolić 5 osób" in text
    assert "Page 1 of" in text
    assert client_for("member_b").get(pdf_url).status_code == 404


def test_the_agreement_pdf_is_in_polish(world, client_for, polish):
    agreement = agreement_in_force(world)
    response = client_for("coordinator").get(
        reverse("agreements:agreement-pdf", kwargs={"public_id": agreement.public_id})
    )
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Porozumienie o współpracy" in text and "Strona 1 z" in text


def test_signing_on_the_page_for_another_party_is_refused(world, client_for):
    agreement = draft_agreement(world)
    url = reverse("agreements:agreement-sign", kwargs={"public_id": agreement.public_id})
    assert client_for("pzs_staff").post(url, {"organisation": world.ops.pk}).status_code == 403
    assert client_for("pzs_staff").post(url, {"organisation": world.org_a.pk}).status_code == 302
    assert agreement.parties.get(organisation=world.org_a).signed_at is not None


def test_the_api_lists_offers_and_agreements_and_marks_an_obligation_done(world, client_for):
    published_offer(world)
    offers = client_for("member_b").get("/api/v1/agreements/offers", {"unit": "0462"}).json()
    assert offers["count"] == 1
    agreement = agreement_in_force(world)
    client = client_for("coordinator")
    listed = client.get("/api/v1/agreements/agreements").json()
    assert [row["status"] for row in listed["items"]] == [AgreementStatus.IN_FORCE]
    assert client_for("member_b").get("/api/v1/agreements/agreements").json()["count"] == 0
    obligation = agreement.obligations.get()
    url = f"/api/v1/agreements/agreements/{agreement.public_id}/obligations/{obligation.pk}/done"
    done = client.post(url, data=json.dumps({"note": "ok"}), content_type="application/json")
    assert done.status_code == 200 and done.json()["obligations"][0]["status"] == "done"
    again = client.post(url, data=json.dumps({}), content_type="application/json")
    assert again.status_code == 422


def test_the_api_writes_an_offer_with_field_errors_and_publishes_it(world, client_for):
    client = client_for("pzs_staff")
    body = {
        "organisation": str(world.org_a.public_id),
        "service": "opieka-wytchnieniowa",
        "title": "",
        "capacity": 0,
        "capacity_unit": "places",
        "area": ["0462011"],
        "valid_from": str(date.today()),
        "valid_to": str(date.today() + timedelta(days=200)),
        "contact_email": "a@example.org",
        "delivery": "x",
    }
    refused = client.post("/api/v1/agreements/offers", data=json.dumps(body), content_type="application/json")
    assert refused.status_code == 422
    assert {e["field"] for e in refused.json()["errors"]} >= {"title", "capacity"}
    body |= {"title": "API", "capacity": 5}
    created = client.post("/api/v1/agreements/offers", data=json.dumps(body), content_type="application/json")
    assert created.status_code == 201
    public_id = created.json()["public_id"]
    published = client.post(
        f"/api/v1/agreements/offers/{public_id}/publish",
        data=json.dumps({"version": 1}),
        content_type="application/json",
    )
    assert published.status_code == 200 and published.json()["status"] == ProgrammeOfferStatus.PUBLISHED
    stale = client.post(
        f"/api/v1/agreements/offers/{public_id}/publish",
        data=json.dumps({"version": 1}),
        content_type="application/json",
    )
    assert stale.status_code == 409


def test_the_api_sends_and_accepts_a_contact_request(world, client_for):
    offer = published_offer(world)
    body = {"offer": str(offer.public_id), "requester": str(world.ops.public_id), "interests": "x", "message": "y"}
    sent = client_for("coordinator").post(
        "/api/v1/agreements/contact-requests", data=json.dumps(body), content_type="application/json"
    )
    assert sent.status_code == 201
    stranger = client_for("member_b").post(
        "/api/v1/agreements/contact-requests",
        data=json.dumps({**body, "requester": str(world.ops.public_id)}),
        content_type="application/json",
    )
    assert stranger.status_code == 422 and {e["field"] for e in stranger.json()["errors"]} == {"requester"}
    public_id = sent.json()["public_id"]
    accepted = client_for("pzs_staff").post(
        f"/api/v1/agreements/contact-requests/{public_id}/accept",
        data=json.dumps({"version": 1}),
        content_type="application/json",
    )
    assert accepted.status_code == 201 and accepted.json()["agreement"] is not None


def test_the_api_adds_an_obligation_puts_in_force_and_terminates(world, client_for):
    from tests.agreements.factories import signed_agreement

    client = client_for("coordinator")
    agreement = signed_agreement(world)
    base = f"/api/v1/agreements/agreements/{agreement.public_id}"

    def post(path, body):
        return client.post(base + path, data=json.dumps(body), content_type="application/json")

    stale = post("/enforce", {"version": agreement.version - 1})
    assert stale.status_code == 409
    enforced = post("/enforce", {"version": agreement.version})
    assert enforced.status_code == 200 and enforced.json()["status"] == AgreementStatus.IN_FORCE
    version = enforced.json()["version"]
    added = post(
        "/obligations",
        {
            "version": version,
            "party": str(world.ops.public_id),
            "description": "Raport",
            "due_on": str(date.today() + timedelta(days=30)),
        },
    )
    assert added.status_code == 201 and added.json()["amendments"][0]["number"] == 1
    version = added.json()["version"]
    refused = post("/terminate", {"version": version, "reason": " "})
    assert refused.status_code == 422
    terminated = post("/terminate", {"version": version, "reason": "Zmiana przepisów"})
    assert terminated.status_code == 200 and terminated.json()["status"] == AgreementStatus.TERMINATED
    stranger = client_for("member_b").post(
        base + "/terminate", data=json.dumps({"version": 1, "reason": "x"}), content_type="application/json"
    )
    assert stranger.status_code == 404


def test_the_api_withdraws_an_offer_and_a_request(world, client_for):
    offer = published_offer(world)
    request = pending_request(world, offer=offer)
    withdrawn = client_for("coordinator").post(
        f"/api/v1/agreements/contact-requests/{request.public_id}/withdraw",
        data=json.dumps({"version": request.version}),
        content_type="application/json",
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == RequestStatus.WITHDRAWN
    offer.refresh_from_db()
    gone = client_for("pzs_staff").post(
        f"/api/v1/agreements/offers/{offer.public_id}/withdraw",
        data=json.dumps({"version": offer.version}),
        content_type="application/json",
    )
    assert gone.status_code == 200 and gone.json()["status"] == ProgrammeOfferStatus.WITHDRAWN
