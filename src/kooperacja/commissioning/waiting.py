"""What waits in commissioning (``core.waiting``): offers to score and orders to award for the commissioner's
staff, orders closing within a week for providers that have not bid yet, contracts to sign for the provider.
Labels name orders, contracts and organisations, never a person."""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kooperacja.accounts.actor import actor_of
from kooperacja.commissioning.models import Contract, ContractStatus, Offer, Order, OrderStatus
from kooperacja.commissioning.modes import MODES
from kooperacja.commissioning.rules import bidder_organisation_ids, evaluator_organisation_ids
from kooperacja.core import waiting
from kooperacja.core.text import short_date

SOON = timedelta(days=7)


def _order_url(order) -> str:
    return reverse("commissioning:order", kwargs={"public_id": order.public_id})


def to_evaluate(user, limit: int) -> waiting.Waiting:
    organisations = evaluator_organisation_ids(user)
    if not organisations:
        return waiting.NOTHING
    orders = Order.objects.filter(commissioner_id__in=organisations).filter(
        Q(status__in=[OrderStatus.OFFERS_CLOSED, OrderStatus.EVALUATED])
        | Q(status=OrderStatus.PUBLISHED, offer_deadline__lte=timezone.now())
    )
    count = orders.count()
    if not count or not limit:
        return waiting.Waiting(count)
    items = tuple(
        waiting.WaitingItem(
            label=gettext("Order %(number)s: offers closed on %(date)s")
            % {"number": order.number, "date": short_date(timezone.localdate(order.offer_deadline))},
            url=_order_url(order),
        )
        for order in orders.only("public_id", "number", "offer_deadline").order_by("offer_deadline", "id")[:limit]
    )
    return waiting.Waiting(count, items, more_url=reverse("commissioning:my-order-list"))


def closing_soon(user, limit: int) -> waiting.Waiting:
    """Orders open for offers with the deadline within a week, in the voivodeships of the user's providers and
    in a mode they may bid in, for which they have no offer in yet."""
    organisations = bidder_organisation_ids(user)
    if not organisations:
        return waiting.NOTHING
    held = [item for item in actor_of(user).held if item.organisation_id in organisations]
    kinds = {item.kind for item in held}
    modes = [code for code, rules in MODES.items() if kinds & set(rules.bidder_kinds)]
    area = Q(pk__in=[])
    for voivodeship in {item.municipality[:2] for item in held if item.municipality}:
        area |= Q(place__code__startswith=voivodeship)
    now = timezone.now()
    orders = (
        Order.objects.filter(status=OrderStatus.PUBLISHED, offer_deadline__gt=now, offer_deadline__lte=now + SOON)
        .filter(area, mode__in=modes)
        .exclude(pk__in=Offer.objects.filter(bidder_id__in=organisations, status="submitted").values("order_id"))
    )
    count = orders.count()
    if not count or not limit:
        return waiting.Waiting(count)
    rows = orders.select_related("commissioner").only("public_id", "number", "offer_deadline", "commissioner__name")
    items = tuple(
        waiting.WaitingItem(
            label=gettext("Order %(number)s of %(commissioner)s: offers until %(date)s")
            % {
                "number": order.number,
                "commissioner": order.commissioner.name,
                "date": short_date(timezone.localdate(order.offer_deadline)),
            },
            url=_order_url(order),
            due=timezone.localdate(order.offer_deadline),
        )
        for order in rows.order_by("offer_deadline", "id")[:limit]
    )
    return waiting.Waiting(count, items, more_url=reverse("commissioning:order-list"))


def to_sign(user, limit: int) -> waiting.Waiting:
    organisations = bidder_organisation_ids(user)
    if not organisations:
        return waiting.NOTHING
    contracts = Contract.objects.filter(provider_id__in=organisations, status=ContractStatus.TO_SIGN)
    count = contracts.count()
    if not count or not limit:
        return waiting.Waiting(count)
    rows = contracts.select_related("commissioner").only("public_id", "number", "commissioner__name")
    items = tuple(
        waiting.WaitingItem(
            label=gettext("Contract %(number)s with %(commissioner)s")
            % {"number": contract.number, "commissioner": contract.commissioner.name},
            url=reverse("commissioning:contract", kwargs={"public_id": contract.public_id}),
        )
        for contract in rows.order_by("created_at", "id")[:limit]
    )
    return waiting.Waiting(count, items, more_url=reverse("commissioning:contract-list") + "?status=to_sign")


KINDS = (
    waiting.Kind(
        "commissioning.evaluate",
        _("Orders whose offers wait to be scored or awarded"),
        to_evaluate,
        "commissioning:my-order-list",
        60,
    ),
    waiting.Kind(
        "commissioning.closing",
        _("Orders closing within a week that you have not bid for"),
        closing_soon,
        "commissioning:order-list",
        61,
    ),
    waiting.Kind("commissioning.sign", _("Contracts to sign"), to_sign, "commissioning:contract-list", 62),
)
