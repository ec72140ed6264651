"""Walks sphere 2 in the browser, in English, from a draft launch to a registered social cooperative: the MOPR of
Grudziądz launches a package of respite care, announces it; the CIS of Grudziądz commits to recruit; the call with
its criteria is published and three paper applications are entered; a workshop is recorded; the coordinator
scores the candidates, ranks them and (the deadlines moved by the server shell, as the sphere-3 walk does)
confirms the founding group; the group chooses a model, the business plan is commented by the OWES advisor and
made final; the registration steps are recorded up to the KRS entry, and the new cooperative is in the registry.
Every page visited is checked with axe-core (also after each form error)."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect
from walk import _alert, _choose, _heading, _iso, _label, _pick_unit, _sign_in, _today

from kooperacja.demo.builders import pesel_for

COORDINATOR = "koordynator"  # MOPR of Grudziądz: launches, enters applications, scores, confirms, founds
CIS_STAFF = "kadra.cis"  # CIS of Grudziądz: the partner that commits to recruit
ADVISOR = "doradca.owes"  # OWES „Most” (kujawsko-pomorskie): comments on the business plan
MOPR = "Miejski Ośrodek Pomocy Rodzinie „Wspólnota” (demo)"
CARD = "Opieka wytchnieniowa"
TITLE = "Opieka wytchnieniowa na osiedlu Tarpno (test cyklu)"
COOPERATIVE = "Spółdzielnia Socjalna „Tarpno Razem” (test cyklu)"
KRS = "0000555123"
GRUDZIADZ = "0462011"
CANDIDATES = [("Alicja", "Testowa", True), ("Bogdan", "Próbny", False), ("Celina", "Cyklowa", True)]


def _local(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("Europe/Warsaw")).strftime("%Y-%m-%dT%H:%M")


def _pdf(page: Page, link_name: str) -> None:
    href = page.get_by_role("link", name=link_name).get_attribute("href")
    assert href
    response = page.request.get(href)
    assert response.status == 200, response.status
    assert response.body()[:5] == b"%PDF-"


def _move(page: Page, button: str, check) -> None:
    page.get_by_role("button", name=button).click()
    expect(_alert(page, "The launch is now")).to_be_visible()
    check(page)


def step_launch(page: Page, check, server_shell, state: dict) -> None:
    """The MOPR writes a draft launch (first without a service, on purpose), then the call, and announces it."""
    today = _today()
    _sign_in(page, COORDINATOR, check)
    page.goto("/launches/new/")
    expect(_heading(page)).to_have_text("New launch")
    check(page)
    _choose(page.get_by_label(_label("Launching institution")), MOPR)
    page.get_by_label(_label("Title"), exact=True).fill(TITLE)
    page.get_by_label(_label("Description"), exact=True).fill("Opieka wytchnieniowa dla rodzin osób zależnych.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Choose at least one service of the catalogue.")
    check(page)
    _choose(page.get_by_label("Service 1 of the catalogue"), CARD)
    _choose(page.get_by_label("Service 1: unit"), "hours")
    page.get_by_label("Service 1: planned volume").fill("1200")
    page.get_by_label("Service 1: from").fill(_iso(today + timedelta(days=90)))
    page.get_by_label("Service 1: until").fill(_iso(today + timedelta(days=455)))
    _choose(page.get_by_label("Budget line 1: source"), "municipality budget")
    page.get_by_label("Budget line 1: amount (PLN)").fill("150000")
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The draft launch was saved.")).to_be_visible()
    expect(_heading(page)).to_have_text(TITLE)
    check(page)
    state["launch_url"] = page.url

    page.get_by_role("link", name="Write the call for candidates").click()
    check(page)
    now = datetime.now(ZoneInfo("Europe/Warsaw"))
    page.get_by_label(_label("Applications from")).fill(_local(now - timedelta(hours=1)))
    page.get_by_label(_label("Deadline for applications")).fill(_local(now + timedelta(days=14)))
    page.get_by_label(_label("Places in the founding group")).fill("3")
    page.get_by_label("unemployed", exact=True).check()
    _choose(page.get_by_label(_label("Residence required")), "county")
    _choose(page.get_by_label(_label("Rule that breaks ties")), "higher mean")
    page.get_by_label(_label("Days for appeals")).fill("7")
    page.get_by_label("Criterion 1: name").fill("Motywacja")
    page.get_by_label("Criterion 1: weight").fill("2")
    page.get_by_label("Criterion 1: maximum points").fill("10")
    page.get_by_label("Criterion 2: name").fill("Doświadczenie w opiece")
    page.get_by_label("Criterion 2: weight").fill("1")
    page.get_by_label("Criterion 2: maximum points").fill("10")
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The call was saved")).to_be_visible()
    check(page)
    page.goto(state["launch_url"])
    _move(page, "Announce and invite partners", check)


def step_partner(page: Page, check, server_shell, state: dict) -> None:
    """The CIS of Grudziądz, invited, commits to recruit candidates."""
    _sign_in(page, CIS_STAFF, check)
    page.goto(state["launch_url"])
    check(page)
    page.get_by_role("link", name="Commit").first.click()
    check(page)
    _choose(page.get_by_label("Item 1: kind"), "recruitment")
    page.get_by_label("Item 1: what").fill("Rekrutacja uczestników CIS do grupy założycielskiej")
    page.get_by_label("Item 1: number of candidates (recruitment)").fill("3")
    page.get_by_label("Item 1: by when").fill(_iso(_today() + timedelta(days=14)))
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "Your commitment was recorded.")).to_be_visible()
    check(page)


def step_applications(page: Page, check, server_shell, state: dict) -> None:
    """Recruitment starts (the call and its criteria are published); three paper applications are entered."""
    _sign_in(page, COORDINATOR, check)
    page.goto(state["launch_url"])
    _move(page, "Publish the call and start recruitment", check)
    for number, (first, last, female) in enumerate(CANDIDATES):
        page.goto(state["launch_url"])
        page.get_by_role("link", name="Enter a paper application").click()
        check(page)
        birth = date(1980 + number, 4, 12)
        page.get_by_label(_label("First name")).fill(first)
        page.get_by_label(_label("Last name")).fill(last)
        page.get_by_label(_label("PESEL")).fill(pesel_for(birth, 900 + number, female=female))
        page.get_by_label(_label("Date of birth")).fill(_iso(birth))
        page.get_by_label("Phone").fill(f"600 200 30{number}")
        _pick_unit(page, "Municipality of residence", "Grudziądz", GRUDZIADZ)
        page.get_by_label("unemployed", exact=True).check()
        if number == 0:  # without the consent, on purpose
            page.get_by_role("button", name="Submit the application").click()
            expect(page.locator("main")).to_contain_text("consent")
            check(page)
        page.get_by_label(re.compile("The candidate consents")).check()
        page.get_by_role("button", name="Submit the application").click()
        expect(_heading(page)).to_have_text("Application submitted")
        check(page)


def step_preparation(page: Page, check, server_shell, state: dict) -> None:
    """Preparation: a workshop is recorded; the deadline is moved into the past; the selection starts."""
    page.goto(state["launch_url"])
    _move(page, "Start the preparation", check)
    page.get_by_role("link", name="Training sessions and workshops").click()
    check(page)
    _choose(page.get_by_label(_label("Kind")), "workshop")
    page.get_by_label("Title (workshop)").fill("Warsztat: jak działa spółdzielnia socjalna")
    page.get_by_label("Hours (workshop)").fill("6")
    page.get_by_label(_label("From")).fill(_iso(_today()))
    page.get_by_label(_label("Until")).fill(_iso(_today()))
    page.get_by_role("button", name="Add", exact=True).click()
    expect(_alert(page, "The session was added.")).to_be_visible()
    check(page)
    server_shell(
        "from datetime import timedelta; from django.utils import timezone; "
        "from kooperacja.launches.models import Call; "
        f"Call.objects.filter(launch__title={TITLE!r}).update(deadline=timezone.now() - timedelta(minutes=1))"
    )
    page.goto(state["launch_url"])
    _move(page, "Start the selection", check)


def step_selection(page: Page, check, server_shell, state: dict) -> None:
    """The coordinator names himself assessor, scores every candidate, ranks, and confirms after the appeals."""
    page.get_by_role("link", name="Selection of the founding group").click()
    check(page)
    state["selection_url"] = page.url
    page.get_by_role("link", name="Add an assessor").click()
    check(page)
    page.get_by_label("Or another user's login").fill(COORDINATOR)
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The assessor was added.")).to_be_visible()
    check(page)
    page.get_by_role("link", name="Start scoring").click()
    check(page)
    page.get_by_role("button", name=re.compile("Start scoring")).click()
    expect(_alert(page, "Done: the selection is now")).to_be_visible()
    check(page)
    page.goto(state["selection_url"] + "score/")
    check(page)
    for index, points in enumerate((9, 7, 8)):
        card = page.locator("main section.card").nth(index)
        card.get_by_label(re.compile(r"^Motywacja")).fill(str(points))
        card.get_by_label(re.compile(r"^Doświadczenie w opiece")).fill(str(points - 2))
        card.get_by_role("button", name=re.compile("Save the scores")).click()
        check(page)
    page.goto(state["selection_url"])
    page.get_by_role("link", name="Rank", exact=True).click()
    page.get_by_role("button", name=re.compile("Rank")).click()
    expect(_alert(page, "Done: the selection is now")).to_be_visible()
    check(page)
    server_shell(
        "from datetime import timedelta; from django.utils import timezone; "
        "from kooperacja.selection.models import Selection; "
        f"Selection.objects.filter(title={TITLE!r}).update(appeal_deadline=timezone.now() - timedelta(minutes=1))"
    )
    page.goto(state["selection_url"])
    page.get_by_role("link", name="Confirm the selection").click()
    check(page)
    page.get_by_role("button", name=re.compile("Confirm the selection")).click()
    expect(_alert(page, "Done: the selection is now")).to_be_visible()
    check(page)


def step_model_and_plan(page: Page, check, server_shell, state: dict) -> None:
    """From the launch's founding panel: the model is chosen, the plan written (a negative amount refused) and
    submitted; the OWES advisor comments and sends it back; the coordinator resolves and makes it final."""
    page.goto(state["launch_url"])
    expect(page.locator("main")).to_contain_text("Founding of the cooperative")
    check(page)
    page.get_by_role("link", name="Founding group", exact=True).click()
    expect(_heading(page)).to_contain_text("Founding group")
    expect(page.locator("main")).to_contain_text("Alicja Testowa")
    check(page)
    state["group_url"] = page.url
    _pdf(page, "Composition of the group (PDF)")
    page.get_by_role("link", name="Choose the model").click()
    check(page)
    page.get_by_role("button", name="Save").click()  # nothing chosen, on purpose
    check(page)
    select = page.get_by_label(_label("Cooperative model"))
    select.select_option(index=1)
    page.get_by_label(_label("Why this model")).fill("Model usług opiekuńczych pasuje do pakietu.")
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The cooperative model was recorded.")).to_be_visible()
    check(page)

    page.get_by_role("link", name="Open the business plan").click()
    check(page)
    page.get_by_role("link", name="Edit the plan").click()
    check(page)
    page.get_by_label(CARD, exact=True).check()
    page.get_by_label("Clients", exact=True).fill("MOPR Grudziądz (zlecenie), rodziny opiekunów.")
    page.get_by_label("Position 1", exact=True).fill("Opiekunka")
    page.get_by_label("FTE, position 1").fill("3")
    page.get_by_label("Monthly pay (PLN), position 1").fill("5200")
    page.get_by_label("wages and contributions, year 1", exact=True).fill("-10")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("greater than or equal to 0")
    check(page)
    for year, amount in ((1, "230000"), (2, "236000"), (3, "242000")):
        page.get_by_label(f"wages and contributions, year {year}", exact=True).fill(amount)
        page.get_by_label(f"public contracts and commissioned tasks, year {year}", exact=True).fill(
            str(int(amount) + 20000)
        )
    page.get_by_label("Labour Fund grant", exact=True).fill("120000")
    page.get_by_label("Workplaces funded by the Labour Fund").fill("3")
    page.get_by_label(re.compile("^Average wage")).fill("8500")
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The business plan was saved.")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Submit for comments").click()
    expect(_alert(page, "submitted to the OWES advisor")).to_be_visible()
    check(page)
    _pdf(page, "Business plan (PDF)")

    _sign_in(page, ADVISOR, check)
    page.goto(state["group_url"] + "plan/")
    check(page)
    _choose(page.get_by_label(_label("Section")), "sources of start-up funding")
    page.get_by_label(_label("Comment"), exact=True).fill("Proszę dodać wkład własny członków.")
    page.get_by_role("button", name="Add the comment").click()
    expect(_alert(page, "The comment was added.")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Send the comments back").click()
    expect(_alert(page, "The comments were sent back")).to_be_visible()
    check(page)

    _sign_in(page, COORDINATOR, check)
    page.goto(state["group_url"] + "plan/")
    page.get_by_role("button", name="Make the plan final").click()
    expect(_alert(page, "not resolved")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Mark as resolved").click()
    expect(_alert(page, "marked as resolved")).to_be_visible()
    page.get_by_role("button", name="Make the plan final").click()
    expect(_alert(page, "The plan is final.")).to_be_visible()
    check(page)


def step_registration(page: Page, check, server_shell, state: dict) -> None:
    """Statute, founding meeting, KRS application, KRS entry (a 9-digit number refused first)."""
    page.goto(state["group_url"] + "steps/")
    expect(_heading(page)).to_contain_text("Registration steps")
    check(page)
    today = _iso(_today())
    for step in ("statute adopted", "founding meeting held", "KRS application filed"):
        expect(page.locator("main")).to_contain_text(f"Next step: {step}")
        page.get_by_label(_label("Date")).fill(today)
        if step == "KRS application filed":
            page.get_by_label("Registry court").fill("Sąd Rejonowy w Toruniu, VII Wydział Gospodarczy KRS")
        page.get_by_role("button", name="Record").click()
        expect(_alert(page, "was recorded")).to_be_visible()
        check(page)
    page.get_by_label(_label("Date")).fill(today)
    page.get_by_label("KRS number").fill("123456789")
    page.get_by_label("Name of the cooperative as entered in the KRS").fill(COOPERATIVE)
    page.get_by_role("button", name="Record").click()
    expect(page.locator("main")).to_contain_text("exactly 10 digits")
    check(page)
    page.get_by_label("KRS number").fill(KRS)
    page.get_by_role("button", name="Record").click()
    expect(_alert(page, "was recorded")).to_be_visible()
    expect(page.locator("main")).to_contain_text("is registered and listed in the registry")
    check(page)
    page.goto(state["group_url"])
    check(page)
    page.get_by_role("link", name="The cooperative in the registry").click()
    expect(_heading(page)).to_contain_text(COOPERATIVE)
    expect(page.locator("main")).to_contain_text(KRS)
    check(page)
    page.goto(state["launch_url"])
    expect(page.locator("main")).to_contain_text("operating")
    check(page)


STEPS = (step_launch, step_partner, step_applications, step_preparation, step_selection, step_model_and_plan)


def test_it_walks_a_launch_from_draft_to_a_registered_cooperative(page: Page, check_accessibility, server_shell):
    page.emulate_media(reduced_motion="reduce")
    page.goto("/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check_accessibility(page)
    state: dict = {}
    for step in (*STEPS, step_registration):
        step(page, check_accessibility, server_shell, state)
