"""Demo delivery monitoring: reports in every state for the respite-care contract of seed 002 (the Grudziądz
social cooperative staffed by former KIS participants, commissioned by MOPS Grudziądz) and for a contract in
Janów Lubelski, a correction of an accepted report, a drift threshold and one drift alert.

The reports are made through the delivery services. The contracts are commissioning's: the active contracts of
the demo region with periods already begun. Where the region has none yet (a database loaded before contracts
were part of the demo), a contract with a monthly schedule that began six months ago is recorded for each pair."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from kooperacja.catalogue.models import ServiceType
from kooperacja.commissioning.models import Contract, ContractPeriod, Offer, Order
from kooperacja.core.dates import add_months
from kooperacja.delivery import services
from kooperacja.delivery.models import AlertStatus, DeliveryReport, DriftAlert
from kooperacja.registry.models import Organisation

# (provider, commissioner, service) of the demo's contracts; the first is seed 002's.
PAIRS = (
    ("ss-opiekunka", "mops-grudziadz", "opieka-wytchnieniowa"),
    ("ss-janow", "cus-janow", "uslugi-opiekuncze"),
)
BEGUN = 5  # periods a contract needs to have begun to show every state


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _begun(contract: Contract) -> list[ContractPeriod]:
    today = timezone.localdate()
    return list(ContractPeriod.objects.filter(contract=contract, period_start__lte=today).order_by("period_start"))


def _contract(provider: Organisation, commissioner: Organisation, code: str, number: int) -> Contract:
    service = ServiceType.objects.get(code=code)
    card = service.current_version
    assert card is not None, f"the catalogue's card {code} is published"  # noqa: S101 - loaded with the catalogue
    start = add_months(timezone.localdate().replace(day=1), -6)
    end = add_months(start, 12) - timedelta(days=1)
    planned, price = Decimal("160"), Decimal("45")
    order = Order.objects.create(
        number=f"DEMO/R/{number}",
        title=card.name,
        commissioner=commissioner,
        mode="direct",
        service_type=service,
        card_version=card,
        expectations=card.name,
        unit="hours",
        volume=planned * 12,
        unit_price=price,
        max_value=planned * 12 * price,
        period_start=start,
        period_end=end,
        place=commissioner.municipality,
        offer_deadline=timezone.now() - timedelta(days=200),
        status="contracted",
    )
    offer = Offer.objects.create(
        order=order,
        bidder=provider,
        unit_price=price,
        total_price=planned * 12 * price,
        description=card.name,
        submitted_at=timezone.now() - timedelta(days=210),
        status="awarded",
    )
    contract = Contract.objects.create(
        number=f"DEMO/U/{number}",
        order=order,
        offer=offer,
        provider=provider,
        commissioner=commissioner,
        service_type=service,
        card_version=card,
        municipality=commissioner.municipality,
        unit="hours",
        unit_price=price,
        start_date=start,
        end_date=end,
        value=planned * 12 * price,
        status="active",
        signed_on=start,
    )
    ContractPeriod.objects.bulk_create(
        ContractPeriod(
            contract=contract,
            period_start=add_months(start, month),
            period_end=add_months(start, month + 1) - timedelta(days=1),
            planned_units=planned,
            planned_value=planned * price,
        )
        for month in range(12)
    )
    return contract


def _contract_for(organisations, provider_key: str, commissioner_key: str, code: str, number: int) -> Contract | None:
    provider, commissioner = organisations.get(provider_key), organisations.get(commissioner_key)
    if provider is None or commissioner is None:
        return None
    found = [
        contract
        for contract in Contract.objects.filter(provider=provider, commissioner=commissioner, status="active").order_by(
            "start_date", "id"
        )
        if len(_begun(contract)) >= BEGUN
    ]
    return found[0] if found else _contract(provider, commissioner, code, number)


def _figures(units: str, people: int = 14, staff: int = 4, satisfaction: str = "4.6") -> dict:
    return {
        "units_delivered": Decimal(units),
        "people_served": people,
        "staff_assigned": staff,
        "complaints": 0,
        "satisfaction": Decimal(satisfaction),
        "note": "",
    }


def _report(contract: Contract, period: ContractPeriod, provider_user, figures: dict) -> DeliveryReport:
    return services.report_create(actor=provider_user, contract_id=contract.pk, period_id=period.pk, data=figures)


def demo_delivery_load(organisations: dict[str, Organisation]) -> int:
    """Reports in every state on the demo's contracts (once: a region that has them is left as it is)."""
    made = 0
    for number, (provider_key, commissioner_key, code) in enumerate(PAIRS, start=1):
        contract = _contract_for(organisations, provider_key, commissioner_key, code, number)
        if contract is None or DeliveryReport.objects.filter(contract=contract).exists():
            continue
        periods = _begun(contract)
        provider_user = _user("manager.pes" if number == 1 else "manager.pes.janow")
        commissioner_user = _user("koordynator" if number == 1 else "koordynator.janow")
        planned = periods[0].planned_units
        # Accepted, then corrected: the correction waits as a draft of version 2.
        first = _report(contract, periods[0], provider_user, _figures(str(planned)))
        services.report_submit(actor=provider_user, report=first)
        services.report_accept(actor=commissioner_user, report=first)
        if number == 1:
            services.report_correct(actor=provider_user, report=first)
        # Accepted.
        second = _report(contract, periods[1], provider_user, _figures(str(planned - 8), people=15))
        services.report_submit(actor=provider_user, report=second)
        services.report_accept(actor=commissioner_user, report=second)
        made += 2
        if number != 1:
            continue
        # The commissioner's threshold, then a month well below plan: one drift alert, acknowledged.
        services.rule_set(actor=commissioner_user, contract_id=contract.pk, threshold_percent=15, basis="period")
        third = _report(contract, periods[2], provider_user, _figures(str(planned * Decimal("0.7")), people=11))
        services.report_submit(actor=provider_user, report=third)
        alert = DriftAlert.objects.filter(report=third).first()
        if alert is not None:
            services.alert_move(
                actor=commissioner_user,
                alert=alert,
                target=AlertStatus.ACKNOWLEDGED,
                note="Dwie opiekunki na zwolnieniu; uzupełnienie godzin w kolejnych miesiącach.",
            )
        # Returned for correction.
        fourth = _report(contract, periods[3], provider_user, _figures(str(planned), satisfaction="4.8"))
        services.report_submit(actor=provider_user, report=fourth)
        services.report_return(
            actor=commissioner_user, report=fourth, reason="Proszę podać liczbę osób zgodnie z listą obecności."
        )
        # Submitted (waiting for the commissioner) and a draft of the latest month.
        fifth = _report(contract, periods[4], provider_user, _figures(str(planned - 4)))
        services.report_submit(actor=provider_user, report=fifth)
        if len(periods) > 5:
            _report(contract, periods[5], provider_user, _figures(str(planned / 2)))
        made += 4
    return made
