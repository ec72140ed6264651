"""Demo delivery monitoring: the respite-care contract of seed 002 (the Grudziądz social cooperative staffed by
former KIS participants, commissioned by the MOPR of Grudziądz) with an accepted report, its correction, the
commissioner's threshold and one drift alert; and a contract in Janów Lubelski with reports in every other state
(accepted, returned, submitted, draft).

The reports are made through the delivery services, on contracts the commissioning demo made through its workflow
(the seed 002 contract begun last month; the Janów Lubelski CIS's neighbourhood services begun six months ago). A
pair without such a contract (a database loaded before contracts were part of the demo) gets no reports."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from kooperacja.commissioning.models import Contract, ContractPeriod
from kooperacja.delivery import services
from kooperacja.delivery.models import AlertStatus, DeliveryReport, DriftAlert
from kooperacja.registry.models import Organisation

# (provider, commissioner, service) of the demo's contracts; the first is seed 002's.
PAIRS = (
    ("ss-opiekunka", "mops-grudziadz", "opieka-wytchnieniowa"),
    ("cis-janow", "cus-janow", "uslugi-sasiedzkie"),
)
BEGUN = 5  # periods a contract needs to have begun to show every state


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _begun(contract: Contract) -> list[ContractPeriod]:
    today = timezone.localdate()
    return list(ContractPeriod.objects.filter(contract=contract, period_start__lte=today).order_by("period_start"))


def _contract_for(organisations, pair: tuple[str, str, str], *, begun: int) -> Contract | None:
    """The pair's earliest active contract (made by the commissioning demo) with ``begun`` periods begun."""
    provider_key, commissioner_key, _code = pair
    provider, commissioner = organisations.get(provider_key), organisations.get(commissioner_key)
    if provider is None or commissioner is None:
        return None
    found = [
        contract
        for contract in Contract.objects.filter(provider=provider, commissioner=commissioner, status="active").order_by(
            "start_date", "id"
        )
        if len(_begun(contract)) >= begun
    ]
    return found[0] if found else None


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


def _seed_story(contract: Contract) -> None:
    """Seed 002: last month accepted, then corrected (a draft of version 2); the commissioner's threshold; this
    month submitted well below plan: a drift alert, acknowledged while the cooperative explains."""
    provider_user, commissioner_user = _user("manager.pes"), _user("koordynator")
    periods = _begun(contract)
    planned = periods[0].planned_units
    first = _report(contract, periods[0], provider_user, _figures(str(planned)))
    services.report_submit(actor=provider_user, report=first)
    services.report_accept(actor=commissioner_user, report=first)
    services.report_correct(actor=provider_user, report=first)
    services.rule_set(actor=commissioner_user, contract_id=contract.pk, threshold_percent=15, basis="period")
    planned = periods[1].planned_units
    second = _report(contract, periods[1], provider_user, _figures(str(planned * Decimal("0.7")), people=11))
    services.report_submit(actor=provider_user, report=second)
    alert = DriftAlert.objects.filter(report=second).first()
    if alert is not None:
        services.alert_move(
            actor=commissioner_user,
            alert=alert,
            target=AlertStatus.ACKNOWLEDGED,
            note="Dwie opiekunki na zwolnieniu; uzupełnienie godzin w kolejnych miesiącach.",
        )


def _every_state(contract: Contract) -> None:
    """Accepted twice, returned for correction, submitted and waiting, and a draft of the latest month; two drift
    alerts, one closed and one open."""
    provider_user, commissioner_user = _user("kadra.cis.janow"), _user("koordynator.janow")
    periods = _begun(contract)
    planned = periods[0].planned_units
    # A tight threshold: both months a little short of plan raise an alert; the first was explained and closed.
    services.rule_set(actor=commissioner_user, contract_id=contract.pk, threshold_percent=4, basis="period")
    for period in periods[:2]:
        report = _report(contract, period, provider_user, _figures(str(planned - 8), people=15))
        services.report_submit(actor=provider_user, report=report)
        services.report_accept(actor=commissioner_user, report=report)
    first_alert = DriftAlert.objects.filter(report__contract=contract).order_by("id").first()
    if first_alert is not None:
        services.alert_move(
            actor=commissioner_user,
            alert=first_alert,
            target=AlertStatus.CLOSED,
            note="Krótszy miesiąc: godziny uzupełnione w następnym.",
        )
    returned = _report(contract, periods[2], provider_user, _figures(str(planned), satisfaction="4.8"))
    services.report_submit(actor=provider_user, report=returned)
    services.report_return(
        actor=commissioner_user, report=returned, reason="Proszę podać liczbę osób zgodnie z listą obecności."
    )
    submitted = _report(contract, periods[3], provider_user, _figures(str(planned - 4)))
    services.report_submit(actor=provider_user, report=submitted)
    _report(contract, periods[4], provider_user, _figures(str(planned / 2)))


def demo_delivery_load(organisations: dict[str, Organisation]) -> int:
    """Reports in every state on the demo's contracts (once: a contract with reports is left as it is)."""
    made = 0
    for pair, begun, story in ((PAIRS[0], 2, _seed_story), (PAIRS[1], BEGUN, _every_state)):
        contract = _contract_for(organisations, pair, begun=begun)
        if contract is None or DeliveryReport.objects.filter(contract=contract).exists():
            continue
        story(contract)
        made += 1
    return made
