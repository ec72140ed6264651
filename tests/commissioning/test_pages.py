"""The pages and the API: who sees what, the forms, a double click on "award", the PDFs, pinned query counts."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kooperacja.commissioning import services
from kooperacja.commissioning.models import Offer, OfferStatus, Order, OrderStatus
from tests.commissioning.factories import (
    awarded,
    contracted,
    draft,
    make_ready_for,
    offer_data,
    published,
    service_type,
)

pytestmark = pytest.mark.django_db


def test_index_shows_what_each_side_may_do(world, client_for):
    page = client_for("coordinator").get(reverse("commissioning:index")).content.decode()
    assert reverse("commissioning:order-create") in page and reverse("commissioning:contract-list") in page
    page = client_for("member_b").get(reverse("commissioning:index")).content.decode()
    assert reverse("commissioning:offer-list") in page and reverse("commissioning:order-create") not in page


def test_open_orders_say_why_a_provider_may_not_bid(world, client_for):
    order = published(world)
    page = client_for("member_b").get(reverse("commissioning:order-list")).content.decode()
    assert order.number in page and "no readiness confirmed" in page
    make_ready_for(world.org_b)
    page = client_for("member_b").get(reverse("commissioning:order", args=[order.public_id])).content.decode()
    assert "eligible" in page and f"{reverse('commissioning:offer-create')}?order={order.public_id}" in page


def test_a_draft_is_seen_by_its_commissioner_only(world, client_for):
    order = draft(world)
    url = reverse("commissioning:order", args=[order.public_id])
    assert client_for("coordinator").get(url).status_code == 200
    assert client_for("member_b").get(url).status_code == 404


def test_the_order_form_creates_a_draft_with_its_criteria(world, client_for):
    today = timezone.localdate()
    data = {
        "commissioner": world.ops.pk,
        "number": "ZP/F/1",
        "title": "Opieka wytchnieniowa",
        "mode": "social_clauses",
        "service_type": service_type().pk,
        "expectations": "Opis",
        "unit": "hours",
        "volume": "100",
        "unit_price": "50",
        "max_value": "6000",
        "period_start": (today + timedelta(days=30)).isoformat(),
        "period_end": (today + timedelta(days=120)).isoformat(),
        "place": "0462011",
        "offer_deadline": (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "criterion_0_kind": "price",
        "criterion_0_name": "Cena",
        "criterion_0_weight": "70",
        "criterion_1_kind": "quality",
        "criterion_1_name": "Jakość",
        "criterion_1_weight": "20",
    }
    response = client_for("coordinator").post(reverse("commissioning:order-create"), data)
    assert response.status_code == 200 and "sum to 90" in response.content.decode()
    data["criterion_1_weight"] = "30"
    response = client_for("coordinator").post(reverse("commissioning:order-create"), data)
    assert response.status_code == 302
    assert Order.objects.get(number="ZP/F/1").criteria.count() == 2


def test_a_double_click_on_award_awards_once(world, client_for):
    order, _a, _b = awarded(world)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.EVALUATED, awarded_offer=None)
    Offer.objects.filter(order=order).update(status=OfferStatus.SUBMITTED)
    client = client_for("coordinator")
    url = reverse("commissioning:order-award", args=[order.public_id])
    client.post(url)
    response = client.post(url, follow=True)
    assert "already been awarded" in response.content.decode()
    assert Offer.objects.filter(order=order, status=OfferStatus.AWARDED).count() == 1


def test_documents_are_listed_and_downloadable(world, client_for):
    contract = contracted(world)
    page = client_for("coordinator").get(reverse("commissioning:contract", args=[contract.public_id])).content
    assert reverse("commissioning:contract-pdf", args=[contract.public_id]).encode() in page
    documents = (
        ("commissioning:contract-pdf", contract.public_id),
        ("commissioning:order-pdf", contract.order.public_id),
    )
    for name, public_id in documents:
        response = client_for("member_b").get(reverse(name, args=[public_id]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    # A provider that is not a party sees no contract.
    assert (
        client_for("pes_manager").get(reverse("commissioning:contract", args=[contract.public_id])).status_code == 404
    )


def test_the_order_links_its_contract_only_for_those_who_may_open_it(world, client_for):
    contract = contracted(world)
    order_url = reverse("commissioning:order", args=[contract.order.public_id])
    contract_url = reverse("commissioning:contract", args=[contract.public_id])
    assert contract_url in client_for("coordinator").get(order_url).content.decode()
    social_worker = client_for("social_worker")
    assert social_worker.get(contract_url).status_code == 403
    page = social_worker.get(order_url)
    assert page.status_code == 200 and contract_url not in page.content.decode()


def test_the_provider_signs_on_the_page(world, client_for):
    contract = contracted(world)
    client_for("coordinator").post(reverse("commissioning:contract-sign", args=[contract.public_id]))
    contract.refresh_from_db()
    assert contract.status == "to_sign"
    client_for("member_b").post(reverse("commissioning:contract-sign", args=[contract.public_id]))
    contract.refresh_from_db()
    assert contract.status == "active"


def test_api_offer_submit_once_and_after_the_deadline(world, client_for):
    make_ready_for(world.org_b)
    order = published(world)
    client = client_for("member_b")
    body = {**offer_data(order), "order": str(order.public_id), "bidder": str(world.org_b.public_id)}
    response = client.post("/api/v1/commissioning/offers", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    again = client.post("/api/v1/commissioning/offers", json.dumps(body), content_type="application/json")
    assert again.status_code == 422 and Offer.objects.count() == 1
    Order.objects.filter(pk=order.pk).update(offer_deadline=timezone.now() - timedelta(seconds=1))
    Offer.objects.update(status=OfferStatus.WITHDRAWN)
    late = client.post("/api/v1/commissioning/offers", json.dumps(body), content_type="application/json")
    assert late.status_code == 422 and "deadline" in late.content.decode()
    listed = client.get("/api/v1/commissioning/offers").json()
    assert listed["count"] == 1


def test_api_ineligible_bidder_gets_the_reason_on_the_field(world, client_for):
    order = published(world)
    body = {**offer_data(order), "order": str(order.public_id), "bidder": str(world.org_b.public_id)}
    response = client_for("member_b").post(
        "/api/v1/commissioning/offers", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert any(error["field"] == "bidder" and "readiness" in error["message"] for error in errors)


def test_api_contracts_with_their_schedule(world, client_for):
    contract = contracted(world)
    listed = client_for("member_b").get("/api/v1/commissioning/contracts").json()
    assert [row["number"] for row in listed["items"]] == [contract.number]
    detail = client_for("member_b").get(f"/api/v1/commissioning/contracts/{contract.public_id}").json()
    assert len(detail["periods"]) == contract.periods.count()
    assert client_for("pes_manager").get(f"/api/v1/commissioning/contracts/{contract.public_id}").status_code == 404


@pytest.mark.parametrize(
    ("persona", "name"),
    [
        ("coordinator", "commissioning:my-order-list"),
        ("member_b", "commissioning:order-list"),
        ("member_b", "commissioning:offer-list"),
        ("coordinator", "commissioning:contract-list"),
    ],
)
def test_lists_read_a_fixed_number_of_queries(world, client_for, django_assert_num_queries, persona, name):
    """However many rows (one service): the same queries."""
    make_ready_for(world.org_b)
    contracted(world)
    for index in range(3):
        order = published(world, number=f"ZP/Q/{index}")
        services.offer_submit(actor=world.user("member_b"), order=order, bidder=world.org_b, data=offer_data(order))
    client = client_for(persona)
    client.get(reverse(name))  # warm the session and caches
    with django_assert_num_queries(LIST_QUERIES[name]):
        response = client.get(reverse(name))
    assert response.status_code == 200


LIST_QUERIES = {
    "commissioning:my-order-list": 5,
    "commissioning:order-list": 8,  # + the bidder's organisations and the providers ready for the service
    "commissioning:offer-list": 5,
    "commissioning:contract-list": 5,
}


def test_the_offer_form_submits_for_the_order_named(world, client_for):
    make_ready_for(world.org_b)
    order = published(world)
    url = f"{reverse('commissioning:offer-create')}?order={order.public_id}"
    data = {**offer_data(order), "bidder": world.org_b.pk, "social_share_percent": ""}
    response = client_for("member_b").post(url, data)
    assert response.status_code == 302
    assert Offer.objects.get().bidder == world.org_b
    assert client_for("member_b").get(reverse("commissioning:offer-create") + "?order=nonsense").status_code == 404
