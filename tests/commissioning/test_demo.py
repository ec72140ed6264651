"""The demo region holds every state of an order and a contract, and the seed 002 story."""

import pytest

from kooperacja.commissioning.models import Contract, ContractStatus, Order, OrderStatus
from kooperacja.demo.loader import demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_state_and_the_respite_care_contract():
    demo_load()
    assert set(Order.objects.values_list("status", flat=True)) == set(OrderStatus.values)
    assert set(Contract.objects.values_list("status", flat=True)) == set(ContractStatus.values)
    seed = Contract.objects.get(number="UM/MOPR/2026/01")
    assert seed.status == ContractStatus.ACTIVE
    assert seed.service_type.code == "opieka-wytchnieniowa"
    assert seed.provider.name.startswith("Spółdzielnia Socjalna") or "Opiek" in seed.provider.name
    assert seed.commissioner.municipality_id == "0462011"
    periods = list(seed.periods.all())
    assert len(periods) == 12
    assert sum(p.planned_value for p in periods) == seed.value
    demo_load()  # idempotent
    assert Contract.objects.filter(number="UM/MOPR/2026/01").count() == 1
