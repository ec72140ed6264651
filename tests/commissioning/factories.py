"""Orders, offers and contracts built through the services: a published order of the OPS of Grudziądz for
respite care, a bidder confirmed ready for it, an order taken through evaluation and award to a contract."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from kooperacja.accounts.roles import Role
from kooperacja.catalogue.models import ServiceType
from kooperacja.commissioning import contracts, evaluation, services
from kooperacja.commissioning.models import Order, OrderStatus
from tests.admission.factories import in_force
from tests.factories import GRUDZIADZ, MembershipFactory, UserFactory

SERVICE = "opieka-wytchnieniowa"


def service_type(code: str = SERVICE) -> ServiceType:
    return ServiceType.objects.select_related("current_version").get(code=code)


def make_ready_for(provider, code: str = SERVICE):
    """Confirm ``provider`` ready for the service from a month ago for a year (the readiness workflow's
    factory where it is available, else the decision rows themselves)."""
    if provider.kind in ("cis", "kis"):
        in_force(provider)
    stype = service_type(code)
    try:
        from tests.readiness.factories import make_ready  # type: ignore[attr-defined]
    except ImportError:
        make_ready = None
    if make_ready is not None:
        return make_ready(provider=provider, service_type=stype, assessor=None)
    from kooperacja.readiness.models import ReadinessAssessment, ReadinessDecision

    start = timezone.localdate() - timedelta(days=30)
    assessment = ReadinessAssessment.objects.create(
        provider=provider, service_type=stype, card_version=stype.current_version, status="decided"
    )
    return ReadinessDecision.objects.create(
        assessment=assessment,
        provider=provider,
        service_type=stype,
        number=f"GOT/{assessment.pk}",
        outcome="ready",
        decided_on=start,
        reasons="Spełnia wymagania karty.",
        valid_from=start,
        valid_until=start + timedelta(days=365),
    )


def evaluator_of(organisation, username=None):
    user = UserFactory(username=username) if username else UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=Role.SOCIAL_WORKER)
    return user


def order_data(world, **overrides) -> dict:
    today = timezone.localdate()
    data = {
        "commissioner": world.ops,
        "number": "ZP/1/2026",
        "title": "Opieka wytchnieniowa dla opiekunów osób z niepełnosprawnościami",
        "mode": "social_clauses",
        "service_type": SERVICE,
        "expectations": "Usługa w domu osoby, 8 godzin tygodniowo, kadra z kwalifikacjami karty.",
        "unit": "hours",
        "volume": "1200",
        "unit_price": "60",
        "max_value": "90000",
        "period_start": today + timedelta(days=40),
        "period_end": today + timedelta(days=40 + 364),
        "place": GRUDZIADZ,
        "offer_deadline": timezone.now() + timedelta(days=14),
        "social_share_percent": None,
        "criteria": [
            {"kind": "price", "name": "Cena", "weight": 60},
            {"kind": "quality", "name": "Doświadczenie kadry", "weight": 25},
            {"kind": "social", "name": "Zatrudnienie osób zagrożonych wykluczeniem", "weight": 15},
        ],
    }
    data.update(overrides)
    return data


def draft(world, **overrides) -> Order:
    return services.order_create(actor=world.user("coordinator"), data=order_data(world, **overrides))


def published(world, **overrides) -> Order:
    return services.order_publish(actor=world.user("coordinator"), order=draft(world, **overrides))


def offer_data(order, **overrides) -> dict:
    from kooperacja.commissioning.modes import rules_of

    data = {
        "unit_price": "55",
        "description": "Opiekunki z kwalifikacjami, dyżur telefoniczny, zastępstwa.",
        "documents": [document.code for document in rules_of(order.mode).required_documents],
        "social_share_percent": 40,
    }
    data.update(overrides)
    return data


def close(order) -> Order:
    """Move the deadline into the past and close the offers (as the scheduled command does)."""
    Order.objects.filter(pk=order.pk).update(offer_deadline=timezone.now() - timedelta(minutes=1))
    services.orders_close_due()
    order.refresh_from_db()
    assert order.status == OrderStatus.OFFERS_CLOSED
    return order


def scored(order, evaluator, points: dict) -> None:
    """``points``: offer -> points given on every quality/social criterion."""
    criteria = order.criteria.exclude(kind="price")
    evaluation.scores_save(
        actor=evaluator,
        order=order,
        points={(offer.pk, criterion.pk): value for offer, value in points.items() for criterion in criteria},
    )


def awarded(world, **overrides):
    """An order with two offers (A: the CIS; B: the cooperative), evaluated and awarded to B."""
    make_ready_for(world.org_a)
    make_ready_for(world.org_b)
    order = published(world, **overrides)
    offer_a = services.offer_submit(
        actor=world.user("pes_manager"), order=order, bidder=world.org_a, data=offer_data(order, unit_price="58")
    )
    offer_b = services.offer_submit(
        actor=world.user("member_b"), order=order, bidder=world.org_b, data=offer_data(order, unit_price="55")
    )
    order = close(order)
    scored(order, world.user("coordinator"), {offer_a: 6, offer_b: 8})
    order = evaluation.order_evaluate(actor=world.user("coordinator"), order=order)
    evaluation.order_award(actor=world.user("coordinator"), order=order)
    order.refresh_from_db()
    return order, offer_a, offer_b


def contracted(world, **overrides):
    order, _a, offer_b = awarded(world, **overrides)
    contract = contracts.contract_prepare(actor=world.user("coordinator"), order=order, number="UM/1/2026")
    return contract


PRICE = Decimal("55")
