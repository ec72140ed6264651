"""Evaluation of the offers of an order, its ranking and the award.

The rule, stated once:

- price criterion (computed): lowest total price among the offers in / the offer's total price × weight;
- quality and social criteria: each evaluator gives 0–10 points per offer and criterion in their own rows (two
  evaluators scoring at once never overwrite each other); the criterion's share is the mean of the evaluators'
  points / 10 × weight;
- the score is the sum of the shares (at most 100), rounded to three decimals;
- ties: the lower total price first, then the offer submitted earlier.

The award goes to the first offer of the ranking; it is made once (the order row is locked and its state checked,
so a double click awards nothing twice).
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kooperacja.accounts.selectors import users_with_roles_in
from kooperacja.commissioning.models import (
    MAX_POINTS,
    OFFER_MACHINE,
    ORDER_MACHINE,
    Criterion,
    CriterionKind,
    Offer,
    OfferEvent,
    OfferStatus,
    Order,
    OrderStatus,
    Score,
)
from kooperacja.commissioning.modes import rules_of
from kooperacja.commissioning.rules import BIDDER_ROLES
from kooperacja.commissioning.services import _move
from kooperacja.core.errors import FieldErrors
from kooperacja.core.fsm import transition
from kooperacja.notifications.services import notify

SCORE_PLACES = Decimal("0.001")


@dataclass(frozen=True)
class Ranked:
    offer: Offer
    price_score: Decimal
    shares: dict[int, Decimal]  # criterion id -> its share of the score
    score: Decimal
    rank: int
    complete: bool  # every quality/social criterion scored by at least one evaluator


def _round(value: Decimal) -> Decimal:
    return value.quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)


def ranking(order: Order) -> list[Ranked]:
    """The offers in (submitted, awarded or not) ranked by the rule of this module, in a fixed number of queries."""
    criteria = list(order.criteria.all())
    offers = list(
        Offer.objects.filter(
            order=order, status__in=[OfferStatus.SUBMITTED, OfferStatus.AWARDED, OfferStatus.NOT_AWARDED]
        ).select_related("bidder")
    )
    if not offers:
        return []
    points: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    for offer_id, criterion_id, value in Score.objects.filter(offer__in=offers).values_list(
        "offer_id", "criterion_id", "points"
    ):
        points[(offer_id, criterion_id)].append(value)
    lowest = min(offer.total_price for offer in offers)
    rows = []
    for offer in offers:
        shares: dict[int, Decimal] = {}
        price_score = Decimal(0)
        complete = True
        for criterion in criteria:
            if criterion.kind == CriterionKind.PRICE:
                share = lowest / offer.total_price * criterion.weight
                price_score = _round(share)
            else:
                given = points.get((offer.pk, criterion.pk), [])
                complete = complete and bool(given)
                mean = sum(given, Decimal(0)) / len(given) if given else Decimal(0)
                share = mean / MAX_POINTS * criterion.weight
            shares[criterion.pk] = _round(share)
        rows.append((offer, price_score, shares, _round(sum(shares.values(), Decimal(0))), complete))
    rows.sort(key=lambda row: (-row[3], row[0].total_price, row[0].submitted_at, row[0].pk))
    return [
        Ranked(offer=offer, price_score=price, shares=shares, score=score, rank=place, complete=complete)
        for place, (offer, price, shares, score, complete) in enumerate(rows, start=1)
    ]


def _may_score(actor: User | None, order: Order) -> None:
    if actor is None or not actor.has_perm("commissioning.score_order", order):
        raise PermissionDenied


def scores_save(
    *, actor: User, order: Order, points: Mapping[tuple[int, int], object], justifications: Mapping | None = None
) -> int:
    """Record the actor's points (0–10) for offers of ``order`` per quality or social criterion, keyed by
    (offer id, criterion id); an empty value removes the actor's point. Only while the offers are closed and not
    yet evaluated; each evaluator writes only their own rows. Refused with every bad value listed."""
    _may_score(actor, order)
    justifications = justifications or {}
    if order.status != OrderStatus.OFFERS_CLOSED:
        raise ValidationError(_("Offers are scored after the deadline for offers and before the evaluation is closed."))
    criteria = {c.pk: c for c in order.criteria.exclude(kind=CriterionKind.PRICE)}
    offers = {o.pk: o for o in Offer.objects.filter(order=order, status=OfferStatus.SUBMITTED)}
    errors = FieldErrors()
    parsed: dict[tuple[int, int], Decimal | None] = {}
    for (offer_id, criterion_id), raw in points.items():
        field = f"points_{offer_id}_{criterion_id}"
        if offer_id not in offers or criterion_id not in criteria:
            errors.add(field, _("This offer or criterion is not scored in this order."))
            continue
        if raw in (None, ""):
            parsed[(offer_id, criterion_id)] = None
            continue
        try:
            value = Decimal(str(raw))
        except (InvalidOperation, ValueError):
            value = Decimal(-1)
        if not value.is_finite() or not 0 <= value <= MAX_POINTS:
            errors.add(field, _("Give from 0 to %(max)s points.") % {"max": MAX_POINTS})
            continue
        parsed[(offer_id, criterion_id)] = value.quantize(Decimal("0.01"))
    errors.raise_if_any()
    written = 0
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status != OrderStatus.OFFERS_CLOSED:
            raise ValidationError(_("The evaluation of this order has been closed: the points were not saved."))
        for (offer_id, criterion_id), given in parsed.items():
            own = Score.objects.filter(offer_id=offer_id, criterion_id=criterion_id, evaluator=actor)
            if given is None:
                own.delete()
                continue
            Score.objects.update_or_create(
                offer_id=offer_id,
                criterion_id=criterion_id,
                evaluator=actor,
                defaults={
                    "points": given,
                    "justification": str(justifications.get((offer_id, criterion_id), ""))[:2000],
                },
            )
            written += 1
    return written


def order_evaluate(*, actor: User | None, order: Order) -> Order:
    """Close the evaluation: every offer in scored on every quality and social criterion by at least one
    evaluator; the score and place of each offer are stored and the order moves to "evaluated"."""
    ORDER_MACHINE.check_permission(actor, order, OrderStatus.EVALUATED)
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status != OrderStatus.OFFERS_CLOSED:
            ORDER_MACHINE.check(locked.status, OrderStatus.EVALUATED)
        ranked = ranking(locked)
        if not ranked:
            raise ValidationError(_("No offer was submitted: the order can only be cancelled."))
        missing = [row.offer.bidder.name for row in ranked if not row.complete]
        if missing:
            raise ValidationError(
                _("Not every criterion has points yet for the offers of: %(names)s.") % {"names": ", ".join(missing)}
            )
        for row in ranked:
            Offer.objects.filter(pk=row.offer.pk).update(
                price_score=row.price_score, final_score=row.score, rank=row.rank
            )
        order.status, order.version = locked.status, locked.version
        return _move(order, OrderStatus.EVALUATED, actor=actor, note=rules_of(order.mode).step_label("evaluated"))


def order_award(*, actor: User | None, order: Order) -> Offer:
    """Award the order to the first offer of the ranking; the others are not chosen; the winner and the others
    are told. A second award (a double click, two tabs) is refused: the order is no longer "evaluated"."""
    ORDER_MACHINE.check_permission(actor, order, OrderStatus.AWARDED)
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status != OrderStatus.EVALUATED:
            raise ValidationError(_("This order has already been awarded or is not evaluated yet."), code="awarded")
        offers = list(
            Offer.objects.filter(order=locked, status=OfferStatus.SUBMITTED).select_related("bidder").order_by("rank")
        )
        winner = offers[0]
        for offer in offers:
            target = OfferStatus.AWARDED if offer.pk == winner.pk else OfferStatus.NOT_AWARDED
            transition(
                offer,
                machine=OFFER_MACHINE,
                target=target,
                actor=None,
                event_model=OfferEvent,
                extra_updates={"version": offer.version + 1},
                offer=offer,
            )
        order.status, order.version = locked.status, locked.version
        _move(order, OrderStatus.AWARDED, actor=actor, note=winner.bidder.name, extra={"awarded_offer": winner})
        link = reverse("commissioning:order", kwargs={"public_id": order.public_id})
        notify(
            recipients=users_with_roles_in(organisation_id=winner.bidder_id, roles=BIDDER_ROLES),
            kind="commissioning.awarded",
            title=gettext_noop("Your offer won order %(number)s of %(commissioner)s."),
            params={"number": order.number, "commissioner": order.commissioner.name},
            link=link,
        )
        for offer in offers[1:]:
            notify(
                recipients=users_with_roles_in(organisation_id=offer.bidder_id, roles=BIDDER_ROLES),
                kind="commissioning.not_awarded",
                title=gettext_noop("Order %(number)s was awarded to another bidder; your offer placed %(rank)s."),
                params={"number": order.number, "rank": offer.rank},
                link=link,
            )
    return winner


def criteria_of(order: Order) -> list[Criterion]:
    return list(order.criteria.all())
