"""Commissioning in the demo region, built through the commissioning services, with every state of an order
and of a contract:

- seed 002: the MOPR of Grudziądz ordered respite care (``opieka-wytchnieniowa``) as a reserved contract
  (art. 94 Pzp); the social cooperative „Dobra Opieka”, staffed by former KIS participants, won; the contract is
  ACTIVE with a 12-month schedule that started at the beginning of last month;
- Grudziądz: a DRAFT, an order PUBLISHED and open for offers (the CIS has bid, the cooperative bid and withdrew),
  a CANCELLED one, an AWARDED one whose contract waits for the cooperative's signature, a contract COMPLETED
  last year and one TERMINATED (won by the CIS against the cooperative's offer);
- Janów Lubelski: the CUS with an order whose offers are CLOSED (to be scored), one EVALUATED (to award) and the
  CIS's contract for neighbourhood services ACTIVE for half a year;

The workflow runs at load time with deadlines in the future; the records are then dated back where the story
needs a past (a deadline passed, a contract under way or ended).
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from kooperacja.commissioning import contracts, evaluation, services
from kooperacja.commissioning.models import Contract, ContractPeriod, Offer, Order
from kooperacja.commissioning.modes import rules_of
from kooperacja.core.dates import add_months
from kooperacja.registry.models import Organisation

RESPITE = "opieka-wytchnieniowa"
CARE = "uslugi-opiekuncze"
NEIGHBOURS = "uslugi-sasiedzkie"
MEALS = "posilki-catering-spoleczny"
GRUDZIADZ = "0462011"
JANOW = "0605053"

CRITERIA = [
    {"kind": "price", "name": "Cena", "weight": 60},
    {"kind": "quality", "name": "Doświadczenie i kwalifikacje kadry", "weight": 25},
    {"kind": "social", "name": "Zatrudnienie osób zagrożonych wykluczeniem", "weight": 15},
]


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _order(actor, commissioner, number, title, mode, code, *, place, volume, unit, price, start, months, **extra):
    end = add_months(start, months) - timedelta(days=1)
    value = (Decimal(volume) * Decimal(price) * Decimal("1.1")).quantize(Decimal("1"))
    rules = rules_of(mode)
    if rules.max_value is not None:
        value = min(value, rules.max_value)
    data = {
        "commissioner": commissioner,
        "number": number,
        "title": title,
        "mode": mode,
        "service_type": code,
        "expectations": extra.pop(
            "expectations",
            "Usługa zgodna ze standardem karty katalogu, realizowana na terenie gminy; sprawozdanie miesięczne.",
        ),
        "unit": unit,
        "volume": str(volume),
        "unit_price": str(price),
        "max_value": str(value),
        "period_start": start,
        "period_end": end,
        "place": place,
        "offer_deadline": timezone.now() + timedelta(days=rules.min_offer_days, hours=2),
        "criteria": CRITERIA,
        **extra,
    }
    return services.order_create(actor=actor, data=data)


def _offer(actor, order, bidder, price, description, share=None):
    rules = rules_of(order.mode)
    return services.offer_submit(
        actor=actor,
        order=order,
        bidder=bidder,
        data={
            "unit_price": str(price),
            "description": description,
            "documents": [document.code for document in rules.required_documents],
            "social_share_percent": share,
        },
    )


def _deadline_passed(order, *, days_ago: int = 1) -> Order:
    """Date the deadline back and close the offers as the scheduled command does."""
    Order.objects.filter(pk=order.pk).update(
        offer_deadline=timezone.now() - timedelta(days=days_ago),
        published_at=timezone.now() - timedelta(days=days_ago + 21),
    )
    services.orders_close_due()
    return Order.objects.get(pk=order.pk)


def _evaluated(order, evaluators, points) -> Order:
    criteria = order.criteria.exclude(kind="price")
    for evaluator, given in zip(evaluators, points, strict=True):
        evaluation.scores_save(
            actor=evaluator,
            order=order,
            points={(offer.pk, criterion.pk): value for offer, value in given.items() for criterion in criteria},
        )
    return evaluation.order_evaluate(actor=evaluators[0], order=order)


def _dated(contract: Contract, start: date, *, months: int) -> Contract:
    """Move the contract (and its order's period) to ``start`` for ``months`` calendar months, the schedule with it."""
    end = add_months(start, months) - timedelta(days=1)
    Order.objects.filter(pk=contract.order_id).update(period_start=start, period_end=end)
    Contract.objects.filter(pk=contract.pk).update(start_date=start, end_date=end)
    first = contract.periods.first()
    people = first.planned_people if first is not None else None
    periods = contracts.even_schedule(
        start=start, end=end, units=contract.order.volume, value=contract.value, people=people
    )
    contract.periods.all().delete()
    ContractPeriod.objects.bulk_create([ContractPeriod(contract=contract, **row) for row in periods])
    return Contract.objects.get(pk=contract.pk)


def demo_commissioning_load(organisations: dict[str, Organisation]) -> None:
    if Order.objects.filter(commissioner=organisations["mops-grudziadz"]).exists():
        return  # already loaded
    today = timezone.localdate()
    first_of_month = today.replace(day=1)
    coordinator = _user("koordynator")
    social_worker = _user("pracownik.socjalny")
    coordinator_janow = _user("koordynator.janow")
    manager = _user("manager.pes")
    cis_staff = _user("kadra.cis")
    cis_staff_janow = _user("kadra.cis.janow")
    mops = organisations["mops-grudziadz"]
    cus = organisations["cus-janow"]
    cooperative = organisations["ss-opiekunka"]
    cis = organisations["cis-grudziadz"]
    cis_janow = organisations["cis-janow"]
    start = add_months(first_of_month, 2)

    # Seed 002: respite care reserved for social-integration entities, won by the cooperative; active contract.
    seed = _order(
        coordinator, mops, "ZP/MOPR/2026/01", "Opieka wytchnieniowa dla opiekunów osób z niepełnosprawnościami",
        "reserved", RESPITE, place=GRUDZIADZ, volume=2400, unit="hours", price=58, start=start, months=12,
        social_share_percent=30,
        expectations="Opieka wytchnieniowa w miejscu zamieszkania, 200 godzin miesięcznie, dla 12 rodzin.",
    )  # fmt: skip
    services.order_publish(actor=coordinator, order=seed)
    won = _offer(
        manager, seed, cooperative, 55,
        "Opiekunki z kwalifikacjami karty — byłe uczestniczki KIS w Grudziądzu, dziś członkinie spółdzielni.",
        share=60,
    )  # fmt: skip
    seed = _evaluated(_deadline_passed(seed, days_ago=60), [coordinator, social_worker], [{won: 9}, {won: 8}])
    evaluation.order_award(actor=coordinator, order=seed)
    seed.refresh_from_db()
    contract = contracts.contract_prepare(actor=coordinator, order=seed, number="UM/MOPR/2026/01", planned_people=12)
    contract = _dated(contract, add_months(first_of_month, -1), months=12)
    contracts.contract_sign(actor=manager, contract=contract, signed_on=add_months(first_of_month, -1))

    # Grudziądz: a draft, an order open for offers (the CIS has bid), a cancelled one.
    _order(
        coordinator, mops, "ZP/MOPR/2026/05", "Usługi opiekuńcze w miejscu zamieszkania — II półrocze",
        "open_competition", CARE, place=GRUDZIADZ, volume=3000, unit="hours", price=45, start=start, months=6,
    )  # fmt: skip
    open_order = _order(
        coordinator, mops, "ZP/MOPR/2026/04", "Usługi opiekuńcze dla osób starszych — osiedle Lotnisko",
        "social_clauses", CARE, place=GRUDZIADZ, volume=1800, unit="hours", price=44, start=start, months=6,
    )  # fmt: skip
    services.order_publish(actor=coordinator, order=open_order)
    Order.objects.filter(pk=open_order.pk).update(offer_deadline=timezone.now() + timedelta(days=5))
    _offer(cis_staff, open_order, cis, 42, "Opiekunki po kursie CIS, dyżur w soboty.")
    second_thoughts = _offer(manager, open_order, cooperative, 46, "Opiekunki spółdzielni, także w weekendy.")
    services.offer_withdraw(actor=manager, offer=second_thoughts, note="Brak wolnych opiekunek w tym półroczu.")
    cancelled = _order(
        coordinator, mops, "ZP/MOPR/2026/02", "Posiłki dla osób w kryzysie bezdomności",
        "direct", MEALS, place=GRUDZIADZ, volume=5000, unit="meals", price=14, start=start, months=6,
    )  # fmt: skip
    services.order_publish(actor=coordinator, order=cancelled)
    services.order_cancel(actor=coordinator, order=cancelled, reason="Zadanie przejęte przez schronisko miejskie.")

    # Awarded, the contract waiting for the cooperative's signature.
    awarded = _order(
        coordinator, mops, "ZP/MOPR/2026/03", "Opieka wytchnieniowa — turnusy dzienne",
        "social_clauses", RESPITE, place=GRUDZIADZ, volume=600, unit="hours", price=60, start=start, months=3,
    )  # fmt: skip
    services.order_publish(actor=coordinator, order=awarded)
    offer = _offer(manager, awarded, cooperative, 57, "Turnusy dzienne w świetlicy spółdzielni.")
    awarded = _evaluated(_deadline_passed(awarded, days_ago=5), [coordinator], [{offer: 8}])
    evaluation.order_award(actor=coordinator, order=awarded)
    awarded.refresh_from_db()
    contracts.contract_prepare(actor=coordinator, order=awarded, number="UM/MOPR/2026/03")

    # A contract completed last year and one terminated.
    done = _order(
        coordinator, mops, "ZP/MOPR/2025/04", "Opieka wytchnieniowa — 2025",
        "reserved", RESPITE, place=GRUDZIADZ, volume=1200, unit="hours", price=52, start=start, months=6,
        social_share_percent=30,
    )  # fmt: skip
    services.order_publish(actor=coordinator, order=done)
    offer = _offer(manager, done, cooperative, 50, "Opieka wytchnieniowa w domu.", share=55)
    done = _evaluated(_deadline_passed(done, days_ago=400), [coordinator], [{offer: 9}])
    evaluation.order_award(actor=coordinator, order=done)
    done.refresh_from_db()
    completed = contracts.contract_prepare(actor=coordinator, order=done, number="UM/MOPR/2025/04")
    completed = _dated(completed, add_months(first_of_month, -13), months=6)
    contracts.contract_sign(actor=manager, contract=completed, signed_on=add_months(first_of_month, -13))
    contracts.contract_complete(actor=coordinator, contract=completed, ended_on=add_months(first_of_month, -7))
    ended = _order(
        coordinator, mops, "ZP/MOPR/2025/06", "Usługi opiekuńcze — osiedle Strzemięcin",
        "social_clauses", CARE, place=GRUDZIADZ, volume=900, unit="hours", price=44, start=start, months=6,
    )  # fmt: skip
    services.order_publish(actor=coordinator, order=ended)
    offer = _offer(cis_staff, ended, cis, 43, "Opiekunki po kursie CIS.")
    lost = _offer(manager, ended, cooperative, 47, "Opiekunki spółdzielni z kwalifikacjami karty.")
    ended = _evaluated(_deadline_passed(ended, days_ago=200), [coordinator], [{offer: 7, lost: 6}])
    evaluation.order_award(actor=coordinator, order=ended)
    ended.refresh_from_db()
    terminated = contracts.contract_prepare(actor=coordinator, order=ended, number="UM/MOPR/2025/06")
    terminated = _dated(terminated, add_months(first_of_month, -6), months=6)
    contracts.contract_sign(actor=cis_staff, contract=terminated, signed_on=add_months(first_of_month, -6))
    contracts.contract_terminate(
        actor=coordinator,
        contract=terminated,
        reason="Porozumienie stron: usługę przejął CUS po przekształceniu ośrodka.",
        ended_on=add_months(first_of_month, -2),
    )

    # Janów Lubelski: offers closed (to score) and an order evaluated (to award).
    closed = _order(
        coordinator_janow, cus, "ZP/CUS/2026/02", "Usługi sąsiedzkie — Momoty i Łążek",
        "direct", NEIGHBOURS, place=JANOW, volume=400, unit="hours", price=35, start=start, months=6,
    )  # fmt: skip
    services.order_publish(actor=coordinator_janow, order=closed)
    _offer(cis_staff_janow, closed, cis_janow, 34, "Uczestnicy CIS pod opieką instruktora.")
    _deadline_passed(closed, days_ago=2)
    scored = _order(
        coordinator_janow, cus, "ZP/CUS/2026/01", "Usługi sąsiedzkie — Janów Lubelski",
        "direct", NEIGHBOURS, place=JANOW, volume=600, unit="hours", price=35, start=start, months=6,
    )  # fmt: skip
    services.order_publish(actor=coordinator_janow, order=scored)
    offer = _offer(cis_staff_janow, scored, cis_janow, 33, "Uczestnicy CIS pod opieką instruktora.")
    _evaluated(_deadline_passed(scored, days_ago=10), [coordinator_janow], [{offer: 8}])
    # Janów Lubelski: neighbourhood services by the CIS under way for half a year (delivery reports in every state).
    running = _order(
        coordinator_janow, cus, "ZP/CUS/2025/07", "Usługi sąsiedzkie — Biała i Zofianka",
        "direct", NEIGHBOURS, place=JANOW, volume=1920, unit="hours", price=35, start=start, months=12,
    )  # fmt: skip
    services.order_publish(actor=coordinator_janow, order=running)
    offer = _offer(cis_staff_janow, running, cis_janow, 34, "Uczestnicy CIS pod opieką instruktora.")
    running = _evaluated(_deadline_passed(running, days_ago=200), [coordinator_janow], [{offer: 8}])
    evaluation.order_award(actor=coordinator_janow, order=running)
    running.refresh_from_db()
    under_way = contracts.contract_prepare(actor=coordinator_janow, order=running, number="UM/CUS/2025/07")
    under_way = _dated(under_way, add_months(first_of_month, -6), months=12)
    contracts.contract_sign(actor=cis_staff_janow, contract=under_way, signed_on=add_months(first_of_month, -6))
    assert Offer.objects.filter(order__commissioner=mops).exists()
