"""Reads of orders, offers and contracts, scoped to who asks.

Orders: the commissioner's own (every state) and, for every signed-in user, the published ones and those past
publication (public notices). Offers: the bidder's own; the commissioner's evaluators see every offer of their
orders once the offers are closed (never before the deadline). Contracts: the parties', all of them for an
administrator, those in their voivodeships for an analyst. Another's record answers like a missing one (404).

Sphere 3 shows organisations, not persons: no read here is of personal data."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kooperacja.commissioning.models import (
    OPEN_ORDER_STATES,
    Contract,
    ContractEvent,
    ContractPeriod,
    Offer,
    OfferStatus,
    Order,
    OrderEvent,
    OrderStatus,
)
from kooperacja.commissioning.rules import (
    analyst_voivodeships,
    bidder_organisation_ids,
    commissioner_organisation_ids,
    evaluator_organisation_ids,
)
from kooperacja.readiness import selectors as readiness
from kooperacja.registry import selectors as registry
from kooperacja.registry.models import REGISTERED_KINDS, Organisation

CONTRACT_SORTS = {
    "newest": ("-start_date", "-id"),
    "oldest": ("start_date", "id"),
    "value": ("-value", "-id"),
    "end": ("end_date", "id"),
}


def _contracts() -> QuerySet[Contract]:
    return Contract.objects.select_related(
        "order", "provider", "commissioner", "service_type", "card_version", "municipality"
    )


def contract_list_for(
    *,
    user,
    status: str | None = None,
    side: str | None = None,
    service: str | None = None,
    sort: str | None = None,
) -> QuerySet[Contract]:
    """Contracts the user's organisations are party to (as commissioner, its evaluators too, or as provider);
    all of them for an administrator, those whose place lies in their voivodeships for an analyst.
    ``side``: "provider" or "commissioner" keeps one side only; ``service``: a catalogue code."""
    if not user.is_authenticated:
        return Contract.objects.none()
    contracts = _contracts()
    if not user.is_superuser:
        provider = bidder_organisation_ids(user)
        commissioner = commissioner_organisation_ids(user) | evaluator_organisation_ids(user)
        scope = Q(provider_id__in=provider) | Q(commissioner_id__in=commissioner)
        if side == "provider":
            scope = Q(provider_id__in=provider)
        elif side == "commissioner":
            scope = Q(commissioner_id__in=commissioner)
        else:
            for code in analyst_voivodeships(user):
                scope |= Q(municipality__code__startswith=code)
        contracts = contracts.filter(scope)
    if status:
        contracts = contracts.filter(status=status)
    if service:
        contracts = contracts.filter(service_type__code=service)
    return contracts.order_by(*CONTRACT_SORTS.get(sort or "", CONTRACT_SORTS["newest"]))


def contract_get_for(*, user, public_id) -> Contract:
    """A contract the user sees (:func:`contract_list_for`), or 404."""
    contract = contract_list_for(user=user).filter(public_id=public_id).first()
    if contract is None:
        raise Http404("contract")
    return contract


def contract_periods(*, contract: Contract) -> list[ContractPeriod]:
    """The contract's schedule, in order."""
    return list(contract.periods.order_by("period_start"))


# --- Orders -----------------------------------------------------------------------------------------------

ORDER_SORTS = {
    "deadline": ("offer_deadline", "id"),
    "newest": ("-created_at", "-id"),
    "value": ("-max_value", "-id"),
    "start": ("period_start", "id"),
}


def _orders() -> QuerySet[Order]:
    return Order.objects.select_related("commissioner", "service_type", "card_version", "place")


def orders_visible_to(user) -> QuerySet[Order]:
    """The orders of the user's commissioners (every state, drafts too) and every order past its draft."""
    if not user.is_authenticated:
        return Order.objects.none()
    if user.is_superuser:
        return _orders()
    own = commissioner_organisation_ids(user) | evaluator_organisation_ids(user)
    return _orders().filter(Q(commissioner_id__in=own) | ~Q(status=OrderStatus.DRAFT))


def _filtered(orders, *, status=None, mode=None, service=None, place=None, sort=None, default_sort="deadline"):
    if status:
        orders = orders.filter(status=status)
    if mode:
        orders = orders.filter(mode=mode)
    if service:
        orders = orders.filter(service_type__code=service)
    if place:
        orders = orders.filter(place__code__startswith=place)
    return orders.order_by(*ORDER_SORTS.get(sort or "", ORDER_SORTS[default_sort]))


def order_list(*, user, status: str | None = None, **filters) -> QuerySet[Order]:
    """Published orders (and those past publication) every signed-in user may read, as public notices;
    without a status filter the orders open for offers now (by the server clock)."""
    orders = orders_visible_to(user).exclude(status=OrderStatus.DRAFT)
    if not status:
        orders = orders.filter(status__in=OPEN_ORDER_STATES, offer_deadline__gt=timezone.now())
    return _filtered(orders, status=status, **filters)


def my_order_list(*, user, **filters) -> QuerySet[Order]:
    """The orders of the user's commissioners (all of them for an administrator)."""
    orders = _orders()
    if not user.is_superuser:
        own = commissioner_organisation_ids(user) | evaluator_organisation_ids(user)
        orders = orders.filter(commissioner_id__in=own)
    return _filtered(orders, default_sort="newest", **filters)


def order_get(*, user, public_id) -> Order:
    order = orders_visible_to(user).filter(public_id=public_id).first()
    if order is None:
        raise Http404("order")
    return order


def order_get_for(*, user, public_id, permission: str) -> Order:
    """An order the user sees and may act on with ``permission`` (404 unseen, 403 seen but not theirs)."""
    order = order_get(user=user, public_id=public_id)
    if not user.has_perm(permission, order):
        raise PermissionDenied
    return order


def order_timeline(*, order: Order) -> list[OrderEvent]:
    return list(order.events.select_related("actor").order_by("at", "id"))


def order_offers(*, user, order: Order) -> list[Offer]:
    """The offers of an order the user may read: the commissioner's staff every offer once the offers are
    closed (never before the deadline), a bidder its own."""
    offers = Offer.objects.filter(order=order).select_related("bidder").order_by("rank", "submitted_at", "id")
    if user.is_superuser or (
        user.has_perm("commissioning.score_order", order)
        and order.status not in (OrderStatus.DRAFT, OrderStatus.PUBLISHED)
    ):
        return list(offers.exclude(status=OfferStatus.WITHDRAWN))
    return list(offers.filter(bidder_id__in=bidder_organisation_ids(user)))


def bidding_organisations(*, user) -> QuerySet[Organisation]:
    """The providers for which the user bids (any active provider for an administrator)."""
    from kooperacja.commissioning.modes import ANY_PROVIDER_KINDS

    if user.is_superuser:
        return registry.organisations(kinds=ANY_PROVIDER_KINDS, active=True).order_by("sort_name")
    return registry.organisations(ids=bidder_organisation_ids(user)).order_by("sort_name")


def commissioning_organisations(*, user) -> QuerySet[Organisation]:
    from kooperacja.commissioning.rules import COMMISSIONER_KINDS

    if user.is_superuser:
        return registry.organisations(kinds=COMMISSIONER_KINDS, active=True).order_by("sort_name")
    return registry.organisations(ids=commissioner_organisation_ids(user)).order_by("sort_name")


def eligibility_for(*, user, orders, on: date | None = None) -> dict[int, dict[str, list[str]]]:
    """For each order (by id) and each of the user's bidding organisations (by name): why it may not bid
    (empty: it may)."""
    from kooperacja.commissioning.services import ineligibility

    bidders = list(registry.organisations(ids=bidder_organisation_ids(user))) if user.is_authenticated else []
    if not bidders:
        return {order.pk: {} for order in orders}
    on = on or timezone.localdate()
    registered = {bidder.pk: bidder.kind not in REGISTERED_KINDS or bidder.is_in_force(on) for bidder in bidders}
    ready = {
        service_id: readiness.ready_organisation_ids(service_type_id=service_id, on=on)
        for service_id in {order.service_type_id for order in orders}
    }
    return {
        order.pk: {
            bidder.name: ineligibility(
                order=order, bidder=bidder, on=on, ready=ready[order.service_type_id], registered=registered[bidder.pk]
            )
            for bidder in bidders
        }
        for order in orders
    }


# --- Offers -----------------------------------------------------------------------------------------------

OFFER_SORTS = {"newest": ("-submitted_at", "-id"), "deadline": ("order__offer_deadline", "id")}


def offer_list(*, user, status: str | None = None, sort: str | None = None) -> QuerySet[Offer]:
    """The offers of the user's providers (all of them for an administrator)."""
    offers = Offer.objects.select_related("order", "order__commissioner", "order__card_version", "bidder")
    if not user.is_superuser:
        offers = offers.filter(bidder_id__in=bidder_organisation_ids(user))
    if status:
        offers = offers.filter(status=status)
    return offers.order_by(*OFFER_SORTS.get(sort or "", OFFER_SORTS["newest"]))


def offer_get_for_bidder(*, user, public_id) -> Offer:
    offer = offer_list(user=user).filter(public_id=public_id).first()
    if offer is None:
        raise Http404("offer")
    return offer


def own_offer(*, user, order: Order) -> Offer | None:
    """The offer of one of the user's providers for ``order`` (the first, if they bid for several)."""
    return (
        Offer.objects.filter(order=order, bidder_id__in=bidder_organisation_ids(user))
        .select_related("bidder")
        .order_by("id")
        .first()
    )


def contract_timeline(*, contract: Contract) -> list[ContractEvent]:
    return list(contract.events.select_related("actor").order_by("at", "id"))


def contract_get_for_move(*, user, public_id, permission: str) -> Contract:
    contract = contract_get_for(user=user, public_id=public_id)
    if not user.has_perm(permission, contract):
        raise PermissionDenied
    return contract


def own_scores(*, user, order: Order) -> dict[tuple[int, int], object]:
    """The user's own points on the offers of ``order``, by (offer id, criterion id)."""
    from kooperacja.commissioning.models import Score

    rows = Score.objects.filter(offer__order=order, evaluator=user).values_list("offer_id", "criterion_id", "points")
    return {(offer, criterion): points for offer, criterion, points in rows}
