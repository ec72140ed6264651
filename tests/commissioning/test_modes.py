"""Each mode's rules come from its entry in modes.py: checked here from that data, one mode at a time."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kooperacja.commissioning import services
from kooperacja.commissioning.models import OrderStatus
from kooperacja.commissioning.modes import MODES, Mode
from kooperacja.registry.models import OrganisationKind
from tests.commissioning.factories import draft
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_every_mode_is_declared_with_its_rules():
    assert set(MODES) == set(Mode.values)
    for rules in MODES.values():
        assert str(rules.legal_basis) and rules.min_offer_days >= 1
        assert rules.bidder_kinds and rules.required_documents
        assert [state for state, _label in rules.steps] == [
            OrderStatus.PUBLISHED,
            OrderStatus.OFFERS_CLOSED,
            OrderStatus.EVALUATED,
            OrderStatus.AWARDED,
            OrderStatus.CONTRACTED,
        ]


def test_the_modes_say_what_the_law_says():
    assert MODES[Mode.OPEN_COMPETITION].min_offer_days == 21
    assert MODES[Mode.SMALL_GRANT].max_value == Decimal("10000.00")
    assert MODES[Mode.SMALL_GRANT].max_duration_days == 90
    assert MODES[Mode.DIRECT].max_value == Decimal("130000.00")
    assert OrganisationKind.COMPANY not in MODES[Mode.RESERVED].bidder_kinds
    assert OrganisationKind.SOCIAL_COOPERATIVE in MODES[Mode.RESERVED].bidder_kinds
    assert MODES[Mode.RESERVED].asks_social_share


@pytest.mark.parametrize("mode", Mode.values)
def test_publication_needs_the_mode_s_minimum_period(world, mode):
    rules = MODES[mode]
    limits = {}
    if rules.max_value is not None:
        limits["max_value"] = str(min(rules.max_value, Decimal("9000")))
        limits["volume"] = "100"
    if rules.max_duration_days is not None:
        start = timezone.localdate() + timedelta(days=40)
        limits["period_start"], limits["period_end"] = start, start + timedelta(days=rules.max_duration_days - 1)
    too_short = timezone.now() + timedelta(days=rules.min_offer_days) - timedelta(hours=1)
    order = draft(world, number=f"{mode}/1", mode=mode, offer_deadline=too_short, **limits)
    with pytest.raises(ValidationError):
        services.order_publish(actor=world.user("coordinator"), order=order)
    enough = timezone.now() + timedelta(days=rules.min_offer_days, hours=1)
    order = draft(world, number=f"{mode}/2", mode=mode, offer_deadline=enough, **limits)
    assert services.order_publish(actor=world.user("coordinator"), order=order).status == "published"


@pytest.mark.parametrize("mode", Mode.values)
def test_who_may_bid_follows_the_mode(world, mode):
    rules = MODES[mode]
    limits = {"max_value": "9000", "volume": "100"} if rules.max_value is not None else {}
    if rules.max_duration_days is not None:
        start = timezone.localdate() + timedelta(days=40)
        limits["period_start"], limits["period_end"] = start, start + timedelta(days=30)
    order = draft(world, number=f"{mode}/3", mode=mode, **limits)
    for kind in OrganisationKind.values:
        bidder = OrganisationFactory(kind=kind)
        reasons = services.ineligibility(order=order, bidder=bidder)
        refused_by_kind = any("cannot bid" in reason for reason in reasons)
        assert refused_by_kind == (kind not in rules.bidder_kinds), (mode, kind)
