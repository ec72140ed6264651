"""Contracts to report on, made as the commissioning app stores them (order, awarded offer, contract and a monthly
schedule), and reports in each state through the delivery services."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from kooperacja.catalogue.models import MonitoringIndicator, ServiceType
from kooperacja.commissioning.models import Contract, ContractPeriod, Offer, Order
from kooperacja.core.dates import add_months
from kooperacja.delivery import services

_numbers = itertools.count(1)
SERVICE = "opieka-wytchnieniowa"


def make_contract(
    world,
    *,
    provider=None,
    commissioner=None,
    months: int = 12,
    start: date | None = None,
    status: str = "active",
    planned: Decimal = Decimal("100"),
    with_indicator: bool = False,
) -> Contract:
    provider = provider or world.org_a
    commissioner = commissioner or world.ops
    start = start or add_months(timezone.localdate().replace(day=1), -(months // 2))
    end = add_months(start, months) - timedelta(days=1)
    service = ServiceType.objects.get(code=SERVICE)
    card = service.current_version
    if with_indicator and not card.indicators.exists():
        MonitoringIndicator.objects.create(version=card, order=1, name="Share of families satisfied", unit="%")
    number = next(_numbers)
    order = Order.objects.create(
        number=f"Z/{number}",
        title="Opieka wytchnieniowa",
        commissioner=commissioner,
        mode="direct",
        service_type=service,
        card_version=card,
        expectations="—",
        unit="hours",
        volume=planned * months,
        unit_price=Decimal("50"),
        max_value=planned * months * 50,
        period_start=start,
        period_end=end,
        place=commissioner.municipality,
        offer_deadline=timezone.now() - timedelta(days=30),
        status="contracted",
    )
    offer = Offer.objects.create(
        order=order,
        bidder=provider,
        unit_price=Decimal("50"),
        total_price=planned * months * 50,
        description="—",
        submitted_at=timezone.now() - timedelta(days=40),
        status="awarded",
    )
    contract = Contract.objects.create(
        number=f"U/{number}",
        order=order,
        offer=offer,
        provider=provider,
        commissioner=commissioner,
        service_type=service,
        card_version=card,
        municipality=commissioner.municipality,
        unit="hours",
        unit_price=Decimal("50"),
        start_date=start,
        end_date=end,
        value=planned * months * 50,
        status=status,
    )
    ContractPeriod.objects.bulk_create(
        ContractPeriod(
            contract=contract,
            period_start=add_months(start, month),
            period_end=add_months(start, month + 1) - timedelta(days=1),
            planned_units=planned,
            planned_value=planned * 50,
        )
        for month in range(months)
    )
    return contract


def periods(contract) -> list[ContractPeriod]:
    return list(ContractPeriod.objects.filter(contract=contract).order_by("period_start"))


FIGURES = {"units_delivered": Decimal("90"), "people_served": 12, "staff_assigned": 3, "complaints": 0}


def draft(world, contract=None, *, index: int = 0, actor=None, **figures):
    contract = contract or make_contract(world)
    period = periods(contract)[index]
    return services.report_create(
        actor=actor, contract_id=contract.pk, period_id=period.pk, data={**FIGURES, **figures}
    )


def submitted(world, contract=None, *, index: int = 0, **figures):
    return services.report_submit(actor=None, report=draft(world, contract, index=index, **figures))


def accepted(world, contract=None, *, index: int = 0, **figures):
    return services.report_accept(actor=None, report=submitted(world, contract, index=index, **figures))


def returned(world, contract=None, *, index: int = 0):
    return services.report_return(actor=None, report=submitted(world, contract, index=index), reason="Check hours.")
