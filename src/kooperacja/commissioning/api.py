"""Orders, offers and contracts over HTTP, for providers' and commissioners' own systems: the same selectors,
services and rules as the pages. Read orders (published ones, and the caller's own), submit and withdraw offers,
read the caller's offers and contracts with their schedule."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from kooperacja.commissioning import selectors, services
from kooperacja.commissioning.models import ContractStatus, OfferStatus, OrderStatus
from kooperacja.commissioning.modes import Mode, rules_of
from kooperacja.core.api import Pagination
from kooperacja.core.routes import api_rule

router = Router(tags=["commissioning"])


class OrderCriterionOut(Schema):
    kind: str
    name: str
    weight: int


class OrderOut(Schema):
    public_id: UUID
    number: str
    title: str
    status: str
    mode: str
    commissioner: UUID
    commissioner_name: str
    service: str = Field(..., description="Catalogue code of the service")
    card_version: int
    unit: str
    volume: Decimal
    unit_price: Decimal | None = None
    max_value: Decimal
    period_start: date
    period_end: date
    place: str = Field(..., description="TERYT code of the municipality")
    offer_deadline: datetime
    accepts_offers: bool = Field(..., description="Open for offers now, by the server's clock")


class OrderDetailOut(OrderOut):
    expectations: str
    social_share_percent: int | None = None
    criteria: list[OrderCriterionOut]
    required_documents: list[str]
    legal_basis: str
    min_offer_days: int


class OfferOut(Schema):
    public_id: UUID
    order: UUID
    order_number: str
    bidder: UUID
    bidder_name: str
    status: str
    unit_price: Decimal
    total_price: Decimal
    submitted_at: datetime
    final_score: Decimal | None = None
    rank: int | None = None


class OfferIn(Schema):
    order: UUID
    bidder: UUID = Field(..., description="One of the caller's providers")
    unit_price: Decimal = Field(..., max_digits=12, decimal_places=2)
    description: str = Field(..., max_length=8000)
    documents: list[str] = Field(default_factory=list, max_length=10, description="Codes of the mode's documents")
    social_share_percent: int | None = Field(None, ge=0, le=100)


class PeriodOut(Schema):
    period_start: date
    period_end: date
    planned_units: Decimal
    planned_value: Decimal
    planned_people: int | None = None


class ContractOut(Schema):
    public_id: UUID
    number: str
    status: str
    order: UUID
    commissioner: UUID
    commissioner_name: str
    provider: UUID
    provider_name: str
    service: str
    municipality: str
    unit: str
    unit_price: Decimal
    start_date: date
    end_date: date
    value: Decimal


class ContractDetailOut(ContractOut):
    periods: list[PeriodOut]


def _order(order) -> dict:
    return {
        "public_id": order.public_id,
        "number": order.number,
        "title": order.title,
        "status": order.status,
        "mode": order.mode,
        "commissioner": order.commissioner.public_id,
        "commissioner_name": order.commissioner.name,
        "service": order.service_type.code,
        "card_version": order.card_version.number,
        "unit": order.unit,
        "volume": order.volume,
        "unit_price": order.unit_price,
        "max_value": order.max_value,
        "period_start": order.period_start,
        "period_end": order.period_end,
        "place": order.place_id,
        "offer_deadline": order.offer_deadline,
        "accepts_offers": order.status == OrderStatus.PUBLISHED and timezone.now() < order.offer_deadline,
    }


def _order_detail(order) -> dict:
    rules = rules_of(order.mode)
    return {
        **_order(order),
        "expectations": order.expectations,
        "social_share_percent": order.social_share_percent,
        "criteria": [{"kind": c.kind, "name": c.name, "weight": c.weight} for c in order.criteria.all()],
        "required_documents": [document.code for document in rules.required_documents],
        "legal_basis": str(rules.legal_basis),
        "min_offer_days": rules.min_offer_days,
    }


def _offer(offer) -> dict:
    return {
        "public_id": offer.public_id,
        "order": offer.order.public_id,
        "order_number": offer.order.number,
        "bidder": offer.bidder.public_id,
        "bidder_name": offer.bidder.name,
        "status": offer.status,
        "unit_price": offer.unit_price,
        "total_price": offer.total_price,
        "submitted_at": offer.submitted_at,
        "final_score": offer.final_score,
        "rank": offer.rank,
    }


def _contract(contract) -> dict:
    return {
        "public_id": contract.public_id,
        "number": contract.number,
        "status": contract.status,
        "order": contract.order.public_id,
        "commissioner": contract.commissioner.public_id,
        "commissioner_name": contract.commissioner.name,
        "provider": contract.provider.public_id,
        "provider_name": contract.provider.name,
        "service": contract.service_type.code,
        "municipality": contract.municipality_id,
        "unit": contract.unit,
        "unit_price": contract.unit_price,
        "start_date": contract.start_date,
        "end_date": contract.end_date,
        "value": contract.value,
    }


api_rule("commissioning-orders", "commissioning.view", method="GET")


@router.get("/orders", response=list[OrderOut], url_name="commissioning-orders")
@paginate(Pagination)
def list_orders(
    request,
    scope: Literal["published", "mine"] = "published",
    status: OrderStatus | None = None,
    mode: Mode | None = None,
    service: str | None = None,
    sort: Literal["deadline", "newest", "value", "start"] = "deadline",
):
    """``published``: orders open for offers now (or in ``status``); ``mine``: the caller's commissioners' orders."""
    filters = {"status": str(status) if status else None, "mode": str(mode) if mode else None}
    chosen = selectors.my_order_list if scope == "mine" else selectors.order_list
    rows = chosen(user=request.user, service=service, sort=sort, **filters)
    return [_order(order) for order in rows]


api_rule("commissioning-order", "commissioning.view", method="GET")


@router.get("/orders/{public_id}", response=OrderDetailOut, url_name="commissioning-order")
def get_order(request, public_id: UUID):
    return _order_detail(selectors.order_get(user=request.user, public_id=public_id))


api_rule("commissioning-offers", "commissioning.bid", method="GET")
api_rule("commissioning-offers", "commissioning.bid", method="POST")


@router.get("/offers", response=list[OfferOut], url_name="commissioning-offers")
@paginate(Pagination)
def list_offers(request, status: OfferStatus | None = None, sort: Literal["newest", "deadline"] = "newest"):
    """The offers of the caller's providers."""
    rows = selectors.offer_list(user=request.user, status=str(status) if status else None, sort=sort)
    return [_offer(offer) for offer in rows]


@router.post("/offers", response={201: OfferOut}, url_name="commissioning-offers")
def submit_offer(request, payload: OfferIn):
    """Submit an offer: 422 with every field error at once, with the reasons an ineligible bidder may not bid
    (``bidder``) or that the deadline has passed (by the server's clock); one offer per bidder and order."""
    order = selectors.order_get(user=request.user, public_id=payload.order)
    bidder = selectors.bidding_organisations(user=request.user).filter(public_id=payload.bidder).first()
    if bidder is None:
        raise ValidationError({"bidder": _("Choose one of your own organisations.")})
    data = payload.dict()
    offer = services.offer_submit(actor=request.user, order=order, bidder=bidder, data=data)
    return Status(201, _offer(selectors.offer_get_for_bidder(user=request.user, public_id=offer.public_id)))


api_rule("commissioning-offer-withdraw", "commissioning.bid", method="POST")


@router.post("/offers/{public_id}/withdraw", response=OfferOut, url_name="commissioning-offer-withdraw")
def withdraw_offer(request, public_id: UUID):
    """Withdraw the caller's offer before the deadline."""
    offer = selectors.offer_get_for_bidder(user=request.user, public_id=public_id)
    services.offer_withdraw(actor=request.user, offer=offer)
    return _offer(selectors.offer_get_for_bidder(user=request.user, public_id=public_id))


api_rule("commissioning-contracts", "commissioning.view_contracts", method="GET")


@router.get("/contracts", response=list[ContractOut], url_name="commissioning-contracts")
@paginate(Pagination)
def list_contracts(
    request,
    status: ContractStatus | None = None,
    side: Literal["provider", "commissioner"] | None = None,
    service: str | None = None,
    sort: Literal["newest", "oldest", "value", "end"] = "newest",
):
    """Contracts the caller's organisations are party to (an analyst: those in their voivodeship)."""
    rows = selectors.contract_list_for(
        user=request.user, status=str(status) if status else None, side=side, service=service, sort=sort
    )
    return [_contract(contract) for contract in rows]


api_rule("commissioning-contract", "commissioning.view_contracts", method="GET")


@router.get("/contracts/{public_id}", response=ContractDetailOut, url_name="commissioning-contract")
def get_contract(request, public_id: UUID):
    contract = selectors.contract_get_for(user=request.user, public_id=public_id)
    periods = [
        {
            "period_start": p.period_start,
            "period_end": p.period_end,
            "planned_units": p.planned_units,
            "planned_value": p.planned_value,
            "planned_people": p.planned_people,
        }
        for p in selectors.contract_periods(contract=contract)
    ]
    return {**_contract(contract), "periods": periods}
