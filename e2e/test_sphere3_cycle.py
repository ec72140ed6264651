"""Walks the whole cycle of sphere 3 in the browser, in English, as its users do it: a social cooperative
publishes its programme offer, the MOPR of Grudziądz asks to cooperate and both sign an agreement put in force;
an OWES advisor confirms the cooperative ready for the service, which puts it on the public list of confirmed
providers; the MOPR orders the service as a reserved contract, the cooperative bids, the offers are scored and the
order awarded, the contract with its schedule signed; the cooperative reports the first month far below plan and
the MOPR, having set a threshold on the contract, sees the drift alert. Every page visited is checked with
axe-core (also after each form error).

New records only, for a service (help with cleaning and running the home) for which the cooperative has no demo
offer, readiness or contract, so the demo's own records cannot stand in for the ones the walk makes."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect
from walk import _alert, _choose, _heading, _iso, _label, _pick_unit, _sign_in, _today

COORDINATOR = "koordynator"  # MOPR of Grudziądz: asks, commissions, scores, awards, monitors
SOCIAL_WORKER = "pracownik.socjalny"  # MOPR of Grudziądz: the second evaluator
MANAGER = "manager.pes"  # the social cooperative: offers, bids, signs, reports
ADVISOR = "doradca.owes"  # OWES „Most”: assesses readiness
COOPERATIVE = "Spółdzielnia Socjalna „Dobra Opieka”"
MOPR = "Miejski Ośrodek Pomocy Rodzinie „Wspólnota” (demo)"
CARD = "Sprzątanie i pomoc w prowadzeniu gospodarstwa domowego"
OFFER = "Pomoc w domu seniora — Dobra Opieka (test cyklu)"
ORDER_NUMBER = "ZP/MOPR/TEST/07"
ORDER = "Pomoc w prowadzeniu domu seniorów — osiedle Tarpno (test cyklu)"
CONTRACT_NUMBER = "UM/MOPR/TEST/07"
GRUDZIADZ = "0462011"


def _pdf(page: Page, link_name: str) -> None:
    """The document listed on the record is there: the link answers 200 with a PDF."""
    href = page.get_by_role("link", name=link_name).get_attribute("href")
    assert href
    response = page.request.get(href)
    assert response.status == 200, response.status
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.body()[:5] == b"%PDF-"


def _filter(page: Page) -> None:
    """Applies a list's filters (HTMX swaps the results in place) and waits for the swap to settle."""
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)
    page.mouse.move(0, 0)


def step_agreement(page: Page, check, server_shell, state: dict) -> None:
    """The cooperative publishes an offer, the MOPR asks, both sign, the agreement is put in force."""
    today = _today()
    _sign_in(page, MANAGER, check)
    page.goto("/agreements/")
    expect(_heading(page)).to_have_text("Programme offers")
    check(page)
    page.get_by_role("link", name="New offer").click()
    expect(_heading(page)).to_have_text("New programme offer")
    check(page)
    _choose(page.get_by_label("Offering organisation"), COOPERATIVE)
    _choose(page.get_by_label("Catalogue service"), CARD)
    page.get_by_label("Title").fill(OFFER)
    page.get_by_label("What you can deliver").fill("Pomoc w sprzątaniu i zakupach, 6 dni w tygodniu.")
    page.get_by_label(_label("Capacity"), exact=True).fill("40")
    page.get_by_label("Area served").fill(GRUDZIADZ)
    page.get_by_label("Valid from").fill(_iso(today))
    page.get_by_label("Valid until").fill(_iso(today + timedelta(days=365)))
    page.get_by_role("button", name="Save").click()  # without a contact, on purpose
    expect(page.get_by_text("Give the organisation's e-mail or phone for contact.")).to_be_visible()
    check(page)
    page.get_by_label("Organisation's contact e-mail").fill("biuro@dobra-opieka.example.org")
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The draft offer was saved.")).to_be_visible()
    expect(_heading(page)).to_have_text(OFFER)
    check(page)
    page.get_by_role("button", name="Publish").click()
    expect(_alert(page, "The offer was published.")).to_be_visible()
    check(page)

    # The MOPR finds the offer and sends a contact request.
    _sign_in(page, COORDINATOR, check)
    page.goto("/agreements/")
    check(page)
    page.get_by_role("link", name=OFFER).click()
    expect(_heading(page)).to_have_text(OFFER)
    check(page)
    page.get_by_role("link", name="Send a contact request").click()
    check(page)
    _choose(page.get_by_label("Your organisation"), MOPR)
    page.get_by_label("Interested in").fill("Pomoc w domu dla seniorów osiedla Tarpno")
    page.get_by_label("Message").fill("Proponujemy porozumienie o współpracy na rok.")
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The contact request was sent.")).to_be_visible()
    check(page)

    # The cooperative accepts: a draft agreement starts.
    _sign_in(page, MANAGER, check)
    page.goto("/agreements/requests/")
    check(page)
    page.get_by_role("link", name=OFFER).first.click()
    expect(_heading(page)).to_have_text(f"Contact request: {OFFER}")
    check(page)
    page.get_by_role("button", name="Accept and start a draft agreement").click()
    expect(_alert(page, "The request was accepted")).to_be_visible()
    expect(_heading(page)).to_contain_text("Cooperation agreement")
    check(page)
    state["agreement_url"] = page.url

    # An obligation and the cooperative's signatory, then its signature.
    page.get_by_role("link", name="Add an obligation").click()
    check(page)
    _choose(page.get_by_label("Party"), COOPERATIVE)
    page.get_by_label("What").fill("Zapewnić pomoc domową z kwalifikacjami karty dla 12 seniorów.")
    page.get_by_label("By when").fill(_iso(today + timedelta(days=60)))
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The obligation was added.")).to_be_visible()
    check(page)
    for username, organisation, person, function in (
        (MANAGER, COOPERATIVE, "Katarzyna Lewandowska", "prezeska zarządu"),
        (COORDINATOR, MOPR, "Agnieszka Nowak", "dyrektorka MOPR"),
    ):
        if username == COORDINATOR:
            _sign_in(page, COORDINATOR, check)
            page.goto(state["agreement_url"])
            check(page)
        page.get_by_role("link", name="Add a signatory").click()
        check(page)
        _choose(page.get_by_label("Party"), organisation)
        page.get_by_label("Name").fill(person)
        page.get_by_label("Function").fill(function)
        page.get_by_role("button", name="Save").click()
        expect(_alert(page, "The signatory was added.")).to_be_visible()
        check(page)
        page.get_by_role("button", name=f"Sign for {organisation}").click()
        expect(_alert(page, "You signed the agreement for your organisation.")).to_be_visible()
        check(page)
    page.get_by_role("button", name="Put in force").click()
    expect(_alert(page, "The agreement is in force.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("in force")
    check(page)
    _pdf(page, "Cooperation agreement (PDF)")


def step_readiness(page: Page, check, server_shell, state: dict) -> None:
    """The cooperative self-assesses, the OWES advisor visits and confirms it ready: it is listed publicly."""
    today = _today()
    # Signed out, the public list does not yet show the cooperative for the service.
    page.goto("/readiness/providers/")
    expect(_heading(page)).to_have_text("Providers confirmed ready")
    _choose(page.get_by_label("Service"), CARD)
    _filter(page)
    expect(page.locator("main")).not_to_contain_text(COOPERATIVE)
    check(page)

    _sign_in(page, MANAGER, check)
    page.goto("/readiness/")
    check(page)
    page.get_by_role("link", name="Start a self-assessment").click()
    check(page)
    _choose(page.get_by_label("Provider"), COOPERATIVE)
    _choose(page.get_by_label("Service"), CARD)
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The self-assessment was started.")).to_be_visible()
    expect(page.locator("main .badge").first).to_have_text("self-assessment in progress")
    check(page)
    page.get_by_role("link", name="Fill in the self-assessment").click()
    check(page)
    answers = page.locator("select[name^=answer_]")
    for index in range(answers.count()):
        answers.nth(index).select_option("met")
    page.get_by_label("Summary").fill("Kadra i wyposażenie zgodne z kartą.")
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The self-assessment was saved.")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Submit for review").click()
    expect(_alert(page, "The self-assessment was submitted for review.")).to_be_visible()
    expect(page.locator("main .badge").first).to_have_text("submitted for review")
    check(page)
    state["assessment_url"] = page.url

    _sign_in(page, ADVISOR, check)
    page.goto(state["assessment_url"])
    check(page)
    page.get_by_role("button", name="Take for review").click()
    expect(page.locator("main .badge").first).to_have_text("under review")
    check(page)
    page.get_by_role("link", name="Record the visit").click()
    check(page)
    page.get_by_label("Visit on").fill(_iso(today))
    page.get_by_label("Present at the visit").fill("Katarzyna Lewandowska, prezeska; dwie asystentki")
    page.get_by_label("Findings of the visit").fill("Kadra z kwalifikacjami, wyposażenie zgodne z kartą.")
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The visit was recorded.")).to_be_visible()
    check(page)
    page.get_by_role("link", name="Decide").click()
    check(page)
    page.get_by_label("ready", exact=True).check()
    page.get_by_label("Reasons").fill("Wymagania karty spełnione, potwierdzone wizytą.")
    page.get_by_label("Valid from").fill(_iso(today))
    page.get_by_label("Valid until").fill(_iso(today + timedelta(days=730)))
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The decision was recorded.")).to_be_visible()
    check(page)

    # Signed out: the public list names the cooperative for the service.
    page.locator(".user-menu-toggle").click()
    page.get_by_role("button", name="Sign out").click()
    page.goto("/readiness/providers/")
    expect(_heading(page)).to_have_text("Providers confirmed ready")
    check(page)
    _choose(page.get_by_label("Service"), CARD)
    _filter(page)
    expect(page.locator("main table")).to_contain_text(COOPERATIVE)
    check(page)


def step_order(page: Page, check, server_shell, state: dict) -> None:
    """The MOPR opens a reserved order for the service and publishes it."""
    today = _today()
    deadline = datetime.now(ZoneInfo("Europe/Warsaw")) + timedelta(days=8)
    _sign_in(page, COORDINATOR, check)
    page.goto("/commissioning/")
    check(page)
    page.goto("/commissioning/orders/mine/")
    check(page)
    page.get_by_role("link", name="New order").click()
    check(page)
    _choose(page.get_by_label("Commissioner"), MOPR)
    page.get_by_label("Reference number").fill(ORDER_NUMBER)
    page.get_by_label("Title").fill(ORDER)
    page.get_by_label("Mode of commissioning").select_option("reserved")
    _choose(page.get_by_label("Service of the catalogue"), CARD)
    page.get_by_label("What you expect of the service").fill("Pomoc w domu, 100 godzin miesięcznie, 12 seniorów.")
    page.get_by_label(_label("Unit")).select_option("hours")
    page.get_by_label("Volume in that unit").fill("600")
    page.get_by_label("Expected price per unit (PLN)").fill("45")
    page.get_by_label("Maximum value (PLN)").fill("30000")
    page.get_by_label("Service from").fill(_iso(today + timedelta(days=14)))
    page.get_by_label("Service until").fill(_iso(today + timedelta(days=195)))
    _pick_unit(page, "Place of the service (municipality)", "Grudziądz", GRUDZIADZ)
    page.get_by_label("Deadline for offers").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Required share of staff at risk of exclusion (%)").fill("30")
    for index, (kind, name, weight) in enumerate((("price", "Cena", "60"), ("quality", "Kwalifikacje kadry", "40"))):
        page.get_by_label(f"Criterion {index + 1}: kind").select_option(kind)
        page.get_by_label(f"Criterion {index + 1}: name").fill(name)
        page.get_by_label(f"Criterion {index + 1}: weight").fill(weight)
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The draft order was saved.")).to_be_visible()
    expect(_heading(page)).to_have_text(f"Order {ORDER_NUMBER}: {ORDER}")
    check(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("main .badge").first).to_have_text("published")
    check(page)
    _pdf(page, "Order specification (PDF)")
    state["order_url"] = page.url


def step_offer(page: Page, check, server_shell, state: dict) -> None:
    """The cooperative, now eligible, submits its offer (a price out of range first)."""
    _sign_in(page, MANAGER, check)
    page.goto("/commissioning/orders/")
    check(page)
    page.get_by_role("link", name=ORDER_NUMBER).click()
    expect(_heading(page)).to_have_text(f"Order {ORDER_NUMBER}: {ORDER}")
    expect(page.locator("main")).to_contain_text(f"{COOPERATIVE}: eligible")
    check(page)
    page.get_by_role("link", name="Submit an offer").click()
    check(page)
    _choose(page.get_by_label("Bidder"), COOPERATIVE)
    page.get_by_label("Price per unit (PLN)").fill("-5")
    page.get_by_label("How you will deliver the service").fill("Sześć opiekunek, dyżur w weekendy.")
    documents = page.locator("input[name=documents]")
    for index in range(documents.count()):
        documents.nth(index).check()
    page.get_by_label("Share of your staff at risk of exclusion (%)").fill("60")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_label("Price per unit (PLN)")).to_have_attribute("aria-invalid", "true")
    check(page)
    page.get_by_label("Price per unit (PLN)").fill("43")
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "Your offer was submitted at")).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw our offer")).to_be_visible()
    check(page)


def step_award(page: Page, check, server_shell, state: dict) -> None:
    """After the deadline the MOPR closes the offers, two evaluators score, the order is awarded, the contract
    prepared with its schedule and signed by the cooperative."""
    # No page moves a deadline into the past: the database does, as the clock would in eight days.
    server_shell(
        "from datetime import timedelta; from django.utils import timezone; "
        "from kooperacja.commissioning.models import Order; "
        f"Order.objects.filter(number={ORDER_NUMBER!r}).update(offer_deadline=timezone.now() - timedelta(minutes=1))"
    )
    _sign_in(page, COORDINATOR, check)
    page.goto(state["order_url"])
    check(page)
    page.get_by_role("button", name="Close the offers").click()
    expect(page.locator("main .badge").first).to_have_text("offers closed")
    check(page)
    for username in (COORDINATOR, SOCIAL_WORKER):
        if username != COORDINATOR:
            _sign_in(page, username, check)
            page.goto(state["order_url"])
            check(page)
        page.get_by_role("link", name="Score the offers").click()
        check(page)
        points = page.locator("main form input[type=number]")
        for index in range(points.count()):
            points.nth(index).fill("8")
        page.get_by_role("button", name="Save my points").click()
        expect(_alert(page, "Your points were saved.")).to_be_visible()
        check(page)
    _sign_in(page, COORDINATOR, check)
    page.goto(state["order_url"])
    page.get_by_role("button", name="Close the evaluation").click()
    ranking = page.get_by_role("table", name="Ranking")
    expect(ranking.locator("tbody tr").first).to_contain_text(COOPERATIVE)
    check(page)
    page.get_by_role("button", name="Award to the first offer").click()
    expect(page.locator("main .badge").first).to_have_text("awarded")
    check(page)
    page.get_by_role("link", name="Prepare the contract").click()
    check(page)
    page.get_by_label("Contract number").fill(CONTRACT_NUMBER)
    page.get_by_label("People to be served per month").fill("12")
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The contract was prepared")).to_be_visible()
    expect(_heading(page)).to_have_text(f"Contract {CONTRACT_NUMBER}")
    schedule = page.get_by_role("table", name="Schedule")
    expect(schedule.locator("tbody tr").first).to_be_visible()
    check(page)
    _pdf(page, "Contract (PDF)")
    state["contract_url"] = page.url

    _sign_in(page, MANAGER, check)
    page.goto(state["contract_url"])
    check(page)
    page.get_by_role("button", name="Sign").click()
    expect(page.locator("main .badge").first).to_have_text("active")
    check(page)

    # Time passes: the service began at the start of last month, as the schedule is kept monthly (no page moves a
    # contract into the past; the database does, as the demo dates its own contracts).
    server_shell(
        "from django.utils import timezone; from kooperacja.core.dates import add_months; "
        "from kooperacja.commissioning.models import Contract; from kooperacja.demo.commissioning import _dated; "
        "from kooperacja.delivery.services import summary_refresh; "
        f"contract = _dated(Contract.objects.get(number={CONTRACT_NUMBER!r}), "
        "add_months(timezone.localdate().replace(day=1), -1), months=6); "
        "summary_refresh(contract_ids=[contract.pk])"
    )


def step_threshold(page: Page, check, server_shell, state: dict) -> None:
    """The MOPR sets a drift threshold on the contract's delivery."""
    _sign_in(page, COORDINATOR, check)
    page.goto("/delivery/")
    check(page)
    page.get_by_role("link", name=CONTRACT_NUMBER).click()
    expect(_heading(page)).to_have_text(f"Delivery of contract {CONTRACT_NUMBER}")
    check(page)
    state["delivery_url"] = page.url
    page.get_by_role("link", name="threshold").first.click()
    check(page)
    page.get_by_label("Alert when delivery is below plan by more than (%)").fill("20")
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The threshold was saved")).to_be_visible()
    check(page)


def step_report(page: Page, check, server_shell, state: dict) -> None:
    """The cooperative reports the first month far below plan and submits."""
    _sign_in(page, MANAGER, check)
    page.goto(state["delivery_url"])
    check(page)
    periods = page.get_by_role("table", name="Plan and delivery by period").locator("tbody tr")
    expect(periods.first).to_contain_text("100.00")  # 600 hours over six months
    periods.first.get_by_role("link", name="Report delivery").click()
    check(page)
    page.get_by_label("Units delivered").fill("10")
    page.get_by_label("People served").fill("3")
    page.get_by_label("Staff assigned").fill("2")
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The draft report was saved.")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Submit to the commissioner").click()
    expect(_alert(page, "The report was submitted to the commissioner.")).to_be_visible()
    check(page)


def step_alert(page: Page, check, server_shell, state: dict) -> None:
    """The MOPR sees the drift alert waiting on its home page and on the contract's monitoring page."""
    shortfall = re.compile(r"90(\.0+)? ?% below plan")
    _sign_in(page, COORDINATOR, check)
    page.goto("/")
    expect(page.locator("main")).to_contain_text("Delivery alerts to handle")
    expect(page.locator("main")).to_contain_text(
        re.compile(rf"Delivery 90(\.0+)?% below plan, {re.escape(COOPERATIVE)}")
    )
    check(page)
    page.goto(state["delivery_url"])
    expect(_heading(page)).to_have_text(f"Delivery of contract {CONTRACT_NUMBER}")
    periods = page.get_by_role("table", name="Plan and delivery by period").locator("tbody tr")
    expect(periods.first).to_contain_text("submitted")
    alert = page.get_by_role("link", name=shortfall)
    expect(alert).to_have_count(1)
    check(page)
    alert.click()
    expect(page.locator("main")).to_contain_text(COOPERATIVE)
    check(page)
    page.goto("/delivery/alerts/")
    expect(page.locator("main table tbody tr", has_text=COOPERATIVE).filter(has_text="90.0")).to_have_count(1)
    check(page)


STEPS = (step_agreement, step_readiness, step_order, step_offer, step_award, step_threshold, step_report, step_alert)


def test_it_walks_the_whole_cycle_of_sphere_3(page: Page, check_accessibility, server_shell):
    # Without transitions: a button whose hover colours are half-way through Bootstrap's fade when axe measures
    # them (the filtered list is swapped in under the pointer) would read as a contrast fault that no one sees.
    page.emulate_media(reduced_motion="reduce")
    page.goto("/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check_accessibility(page)
    state: dict = {}
    for step in STEPS:
        step(page, check_accessibility, server_shell, state)
