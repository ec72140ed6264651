"""The order's workflow: publication under the mode's rules, offers with eligibility and the server's deadline,
evaluation by several evaluators, ranking, one award, the contract and its schedule."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kooperacja.commissioning import contracts, evaluation, services
from kooperacja.commissioning.models import (
    ORDER_MACHINE,
    Contract,
    ContractStatus,
    Offer,
    OfferStatus,
    Order,
    OrderEvent,
    OrderStatus,
    Score,
)
from kooperacja.core.errors import ConflictError
from kooperacja.registry.models import OrganisationKind
from tests.commissioning.factories import (
    awarded,
    close,
    contracted,
    draft,
    evaluator_of,
    make_ready_for,
    offer_data,
    order_data,
    published,
    scored,
)
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def messages(exc) -> str:
    return " ".join(str(m) for m in exc.value.messages)


def test_order_machine_moves():
    allowed = {state: set(ORDER_MACHINE.allowed(state)) for state in OrderStatus.values}
    assert allowed["draft"] == {"published", "cancelled"}
    assert allowed["published"] == {"offers_closed", "cancelled"}
    assert allowed["offers_closed"] == {"evaluated", "cancelled"}
    assert allowed["evaluated"] == {"awarded", "cancelled"}
    assert allowed["awarded"] == {"contracted", "cancelled"}
    assert allowed["contracted"] == allowed["cancelled"] == set()


def test_draft_takes_the_current_card_and_refuses_bad_input_at_once(world):
    order = draft(world)
    assert order.card_version_id == order.service_type.current_version_id
    assert order.events.get().to_state == "draft"
    with pytest.raises(ValidationError) as exc:
        services.order_create(
            actor=world.user("coordinator"),
            data=order_data(
                world,
                number="ZP/2",
                title="",
                volume="-3",
                criteria=[
                    {"kind": "price", "name": "Cena", "weight": 50},
                    {"kind": "quality", "name": "J", "weight": 30},
                ],
            ),
        )
    assert {"title", "volume", "criteria"} <= set(exc.value.message_dict)
    assert "sum to 80" in " ".join(exc.value.message_dict["criteria"])


def test_only_a_commissioner_opens_an_order(world):
    with pytest.raises(ValidationError) as exc:
        services.order_create(actor=world.user("coordinator"), data=order_data(world, commissioner=world.org_a))
    assert "commissioner" in exc.value.message_dict


def test_publication_keeps_the_mode_s_minimum_period(world):
    order = draft(world, mode="open_competition", offer_deadline=timezone.now() + timedelta(days=10))
    with pytest.raises(ValidationError) as exc:
        services.order_publish(actor=world.user("coordinator"), order=order)
    assert "at least 21 days" in messages(exc)
    order = draft(world, number="ZP/9", mode="open_competition", offer_deadline=timezone.now() + timedelta(days=22))
    assert services.order_publish(actor=world.user("coordinator"), order=order).status == "published"


def test_small_grant_limits_value_and_duration(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        draft(world, mode="small_grant", max_value="12000", period_end=today + timedelta(days=40 + 120))
    assert {"max_value", "period_end"} <= set(exc.value.message_dict)


def test_publication_refused_to_others(world):
    order = draft(world)
    with pytest.raises(PermissionDenied):
        services.order_publish(actor=world.user("pes_manager"), order=order)


def test_offer_eligibility_reasons(world):
    order = published(world, mode="reserved", social_share_percent=30)
    ngo = OrganisationFactory(kind=OrganisationKind.NGO, name="Fundacja")
    reasons = services.ineligibility(order=order, bidder=ngo)
    assert any("cannot bid" in reason for reason in reasons)
    assert any("no readiness confirmed" in reason for reason in reasons)
    # A CIS without a register entry: the register is named.
    reasons = services.ineligibility(order=order, bidder=world.org_a)
    assert any("voivode's register" in reason for reason in reasons)
    make_ready_for(world.org_b)
    assert services.ineligibility(order=order, bidder=world.org_b) == []


def test_ineligible_bidder_is_refused_with_reasons(world):
    order = published(world)
    with pytest.raises(ValidationError) as exc:
        services.offer_submit(actor=world.user("member_b"), order=order, bidder=world.org_b, data=offer_data(order))
    assert "no readiness confirmed" in messages(exc)
    assert not Offer.objects.exists()


def test_offer_after_the_deadline_is_refused(world):
    make_ready_for(world.org_b)
    order = published(world)
    Order.objects.filter(pk=order.pk).update(offer_deadline=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError) as exc:
        services.offer_submit(actor=world.user("member_b"), order=order, bidder=world.org_b, data=offer_data(order))
    assert "deadline has passed" in messages(exc)
    assert not Offer.objects.exists()


def test_one_offer_per_bidder_withdraw_and_submit_again(world):
    make_ready_for(world.org_b)
    order = published(world)
    user = world.user("member_b")
    offer = services.offer_submit(actor=user, order=order, bidder=world.org_b, data=offer_data(order))
    assert offer.total_price == Decimal("66000.00")
    with pytest.raises(ValidationError) as exc:
        services.offer_submit(actor=user, order=order, bidder=world.org_b, data=offer_data(order))
    assert "already submitted" in messages(exc)
    services.offer_withdraw(actor=user, offer=offer)
    again = services.offer_submit(actor=user, order=order, bidder=world.org_b, data=offer_data(order, unit_price="50"))
    assert again.pk == offer.pk and again.status == OfferStatus.SUBMITTED
    assert Offer.objects.count() == 1


def test_offer_checks_documents_price_and_share(world):
    make_ready_for(world.org_b)
    order = published(world, mode="reserved", social_share_percent=50)
    with pytest.raises(ValidationError) as exc:
        services.offer_submit(
            actor=world.user("member_b"),
            order=order,
            bidder=world.org_b,
            data=offer_data(order, documents=[], unit_price="100", social_share_percent=20),
        )
    assert {"documents", "unit_price", "social_share_percent"} <= set(exc.value.message_dict)


def test_bidding_for_another_organisation_is_refused(world):
    make_ready_for(world.org_b)
    order = published(world)
    with pytest.raises(PermissionDenied):
        services.offer_submit(actor=world.user("pes_manager"), order=order, bidder=world.org_b, data=offer_data(order))


def test_withdraw_after_deadline_is_refused(world):
    make_ready_for(world.org_b)
    order = published(world)
    offer = services.offer_submit(actor=world.user("member_b"), order=order, bidder=world.org_b, data=offer_data(order))
    Order.objects.filter(pk=order.pk).update(offer_deadline=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError):
        services.offer_withdraw(actor=world.user("member_b"), offer=offer)


def test_offers_close_by_the_deadline_not_before(world):
    order = published(world)
    with pytest.raises(ValidationError):
        services.order_close_offers(actor=world.user("coordinator"), order=order)
    assert services.orders_close_due() == 0
    close(order)
    assert services.orders_close_due() == 0  # idempotent
    assert OrderEvent.objects.filter(order=order, to_state="offers_closed", actor=None).count() == 1


def test_two_evaluators_keep_their_own_points_and_the_mean_counts(world):
    make_ready_for(world.org_b)
    order = published(world)
    offer = services.offer_submit(actor=world.user("member_b"), order=order, bidder=world.org_b, data=offer_data(order))
    order = close(order)
    first, second = world.user("coordinator"), evaluator_of(world.ops)
    scored(order, first, {offer: 10})
    scored(order, second, {offer: 6})
    assert Score.objects.filter(offer=offer).count() == 4
    ranked = evaluation.ranking(order)
    # Price 60 (the only offer), quality 25 × 8/10, social 15 × 8/10.
    assert ranked[0].score == Decimal("92.000")


def test_points_out_of_range_are_refused(world):
    make_ready_for(world.org_b)
    order = published(world)
    offer = services.offer_submit(actor=world.user("member_b"), order=order, bidder=world.org_b, data=offer_data(order))
    order = close(order)
    with pytest.raises(ValidationError):
        scored(order, world.user("coordinator"), {offer: 11})
    assert not Score.objects.exists()
    with pytest.raises(PermissionDenied):
        scored(order, world.user("member_b"), {offer: 5})


def test_ranking_price_formula_and_tie_rule(world):
    make_ready_for(world.org_a)
    make_ready_for(world.org_b)
    order = published(world)
    a = services.offer_submit(
        actor=world.user("pes_manager"), order=order, bidder=world.org_a, data=offer_data(order, unit_price="60")
    )
    b = services.offer_submit(
        actor=world.user("member_b"), order=order, bidder=world.org_b, data=offer_data(order, unit_price="50")
    )
    order = close(order)
    scored(order, world.user("coordinator"), {a: 10, b: 10})
    ranked = evaluation.ranking(order)
    assert [row.offer for row in ranked] == [b, a]
    assert ranked[1].price_score == Decimal("50.000")  # 50 / 60 × 60
    # Equal scores: the lower price first (then the earlier offer).
    Offer.objects.filter(pk=a.pk).update(unit_price=Decimal("50"), total_price=Decimal("60000"))
    Offer.objects.filter(pk=b.pk).update(submitted_at=timezone.now() + timedelta(seconds=5))
    assert [row.offer.pk for row in evaluation.ranking(order)] == [a.pk, b.pk]


def test_evaluation_needs_every_criterion_scored(world):
    make_ready_for(world.org_b)
    order = published(world)
    services.offer_submit(actor=world.user("member_b"), order=order, bidder=world.org_b, data=offer_data(order))
    order = close(order)
    with pytest.raises(ValidationError) as exc:
        evaluation.order_evaluate(actor=world.user("coordinator"), order=order)
    assert "Not every criterion" in messages(exc)


def test_award_is_made_once(world):
    order, offer_a, offer_b = awarded(world)
    assert order.status == OrderStatus.AWARDED and order.awarded_offer_id == offer_b.pk
    offer_a.refresh_from_db()
    assert offer_a.status == OfferStatus.NOT_AWARDED and offer_a.rank == 2
    stale = Order.objects.get(pk=order.pk)
    stale.status = OrderStatus.EVALUATED  # a second click from a page read before the award
    with pytest.raises(ValidationError) as exc:
        evaluation.order_award(actor=world.user("coordinator"), order=stale)
    assert "already been awarded" in messages(exc)
    assert Offer.objects.filter(status=OfferStatus.AWARDED).count() == 1


def test_contract_schedule_sums_to_the_value_and_signature_contracts_the_order(world):
    contract = contracted(world)
    periods = list(contract.periods.all())
    assert len(periods) == 13  # 365 days from mid-month: 13 calendar months
    assert sum(p.planned_value for p in periods) == contract.value == Decimal("66000.00")
    assert sum(p.planned_units for p in periods) == Decimal("1200.00")
    assert contract.status == ContractStatus.TO_SIGN
    with pytest.raises(ValidationError):
        contracts.contract_prepare(actor=world.user("coordinator"), order=contract.order, number="UM/2")
    with pytest.raises(PermissionDenied):
        contracts.contract_sign(actor=world.user("coordinator"), contract=contract)
    contracts.contract_sign(actor=world.user("member_b"), contract=contract)
    contract.order.refresh_from_db()
    assert contract.status == "active" and contract.order.status == OrderStatus.CONTRACTED
    with pytest.raises(ValidationError):
        contracts.contract_terminate(actor=world.user("coordinator"), contract=contract, reason="")
    contracts.contract_terminate(actor=world.user("coordinator"), contract=contract, reason="Nienależyte wykonanie")
    assert Contract.objects.get().status == ContractStatus.TERMINATED


def test_custom_schedule_must_sum_to_the_value(world):
    order, _a, _b = awarded(world)
    start = order.period_start
    with pytest.raises(ValidationError) as exc:
        contracts.contract_prepare(
            actor=world.user("coordinator"),
            order=order,
            number="UM/3",
            periods=[
                {
                    "period_start": start,
                    "period_end": order.period_end,
                    "planned_units": "1200",
                    "planned_value": "1000",
                }
            ],
        )
    assert "sum to 1000.00" in messages(exc)


def test_cancel_needs_a_reason_and_stale_edit_conflicts(world):
    order = draft(world)
    with pytest.raises(ValidationError):
        services.order_cancel(actor=world.user("coordinator"), order=order, reason=" ")
    services.order_update(actor=world.user("coordinator"), order=order, data=order_data(world), expected_version=1)
    with pytest.raises(ConflictError):
        services.order_update(actor=world.user("coordinator"), order=order, data=order_data(world), expected_version=1)
    services.order_cancel(actor=world.user("coordinator"), order=order, reason="Zmiana potrzeb")
    assert Order.objects.get().status == "cancelled"
