"""Walks the whole cycle of sphere 1 in the browser, in English, as its users do it: a provider declares a
staffing need, a coordinator runs the joint diagnosis and every partner signs the plan, the CIS trains a
participant and confirms readiness, matching proposes the pair, the referral ends in a hire and the
3-month follow-up is recorded. Every page visited is checked with axe-core (also after each form error).

New records only, in the county of Janów Lubelski, for a service (neighbourhood services) that no demo
need or participant there has, so the demo's own records cannot take the pair."""

import re
from datetime import date, timedelta

from playwright.sync_api import Page, expect
from walk import _alert, _choose, _heading, _iso, _label, _pick_unit, _sign_in, _today

from kooperacja.demo.builders import pesel_for

COORDINATOR = "koordynator.janow"
MANAGER = "manager.pes.janow"
CIS_STAFF = "kadra.cis.janow"
PROVIDER = "Spółdzielnia Socjalna „Leśny Krąg Usług”"
CIS = "Centrum Integracji Społecznej „Humanitas Plus”"
COORDINATING = "Centrum Usług Społecznych „Janowskie Razem” (demo)"
CARD = "Usługi sąsiedzkie"
QUALIFICATIONS = ("US-1", "US-2")
POSITION = "Opiekun sąsiedzki (test cyklu)"
ROUND = "Diagnoza kadr usług sąsiedzkich — powiat janowski (test cyklu)"
PROGRAMME = "Usługi sąsiedzkie — kurs CIS Janów (test cyklu)"
COHORT = "Opiekunowie sąsiedzcy (test cyklu)"
FIRST, LAST = "Krystyna", "Wawrzyniak"
PERSON = f"{FIRST} {LAST}"
JANOW = "0605053"  # the municipality of Janów Lubelski
COUNTY = "0605"  # the county of Janów (janowski)


def test_it_walks_the_whole_cycle_of_sphere_1(page: Page, check_accessibility, server_shell):
    today = _today()
    start = today + timedelta(days=30)
    hired_on = today - timedelta(days=100)
    pesel = pesel_for(date(1984, 5, 17), 731, True)
    check = check_accessibility

    # --- 1. English interface --------------------------------------------------------------------------
    page.goto("/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check(page)

    # --- 2. The provider declares a staffing need and publishes it ---------------------------------------
    _sign_in(page, MANAGER, check)
    page.goto("/staffing/needs/mine/")
    expect(_heading(page)).to_have_text("My staffing needs")
    check(page)
    page.get_by_role("link", name="Declare a need").click()
    expect(_heading(page)).to_have_text("Declare a staffing need")
    check(page)
    _choose(page.get_by_label("Provider"), PROVIDER)
    _choose(page.get_by_label("Service (catalogue card)"), CARD)
    for code in QUALIFICATIONS:  # the card's qualifications arrive with HTMX once the service is chosen
        page.get_by_label(re.compile(rf"^{code} —")).check()
    page.get_by_label("Position").fill(POSITION)
    page.get_by_label("Number of people").fill("1")
    page.get_by_label("Working time").select_option("full_time")
    page.get_by_label("Hours per week").fill("40")
    page.get_by_label("Start date").fill(_iso(start))
    _pick_unit(page, "Place of work (municipality)", "Janów Lubelski", JANOW)
    page.get_by_label("Pay from (PLN gross/month)").fill("5200")
    page.get_by_label("Pay to (PLN gross/month)").fill("4800")  # reversed on purpose
    page.get_by_label("Conditions").fill("Umowa o pracę, praca w dni robocze.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The upper end of the pay range is below the lower end.")).to_be_visible()
    expect(page.get_by_label("Pay to (PLN gross/month)")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label(re.compile(r"^US-1 —"))).to_be_checked()
    check(page)
    page.get_by_label("Pay to (PLN gross/month)").fill("5800")
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The need was saved as a draft")).to_be_visible()
    expect(_heading(page)).to_contain_text(POSITION)
    expect(_heading(page)).to_contain_text("draft")
    check(page)
    page.get_by_role("button", name="Publish").click()
    expect(_alert(page, "The need is published.")).to_be_visible()
    expect(_heading(page)).to_contain_text("open")
    expect(page.locator("main dl").first).to_contain_text("1 needed, 0 hired, 1 open")
    check(page)

    # --- 3. The coordinator opens a diagnosis round for the county, inviting the partners --------------
    _sign_in(page, COORDINATOR, check)
    page.goto("/staffing/rounds/")
    check(page)
    page.get_by_role("link", name="Open a diagnosis round").click()
    expect(_heading(page)).to_have_text("Open a diagnosis round")
    check(page)
    page.get_by_label("Title").fill(ROUND)
    _pick_unit(page, "Municipality or county", "janowski", COUNTY)
    page.get_by_label("Period from").fill(_iso(today))
    page.get_by_label("Period to").fill(_iso(today + timedelta(days=364)))
    _choose(page.get_by_label("Coordinating organisation"), COORDINATING)
    partners = page.get_by_label("Invited partners")
    partners.select_option(
        [partners.locator("option", has_text=name).first.get_attribute("value") for name in (PROVIDER, CIS)]
    )
    page.get_by_role("button", name="Open the round").click()
    expect(_alert(page, "The diagnosis round is open")).to_be_visible()
    expect(_heading(page)).to_have_text(ROUND)
    partner_table = page.get_by_role("table", name="Partners of the round")
    expect(partner_table).to_contain_text(PROVIDER)
    expect(partner_table).to_contain_text(CIS)
    check(page)

    # The provider contributes its need.
    _sign_in(page, MANAGER, check)
    page.goto("/staffing/rounds/")
    check(page)
    page.get_by_role("link", name=ROUND).click()
    expect(_heading(page)).to_have_text(ROUND)
    check(page)
    page.get_by_role("link", name="Contribute needs").click()
    expect(_heading(page)).to_have_text("Contribute staffing needs")
    check(page)
    page.get_by_label(re.compile(re.escape(POSITION))).check()
    page.get_by_role("button", name="Contribute").click()
    expect(_alert(page, "1 needs contributed.")).to_be_visible()
    expect(page.get_by_role("table", name="Needs contributed to the round")).to_contain_text(POSITION)
    check(page)

    # The coordinator generates the plan and signs it for the coordinating organisation.
    _sign_in(page, COORDINATOR, check)
    page.goto("/staffing/rounds/")
    check(page)
    page.get_by_role("link", name=ROUND).click()
    expect(page.get_by_role("table", name="Needs contributed to the round")).to_contain_text(POSITION)
    check(page)
    page.get_by_role("button", name="Generate the staffing plan").click()
    expect(_alert(page, "The staffing plan was generated")).to_be_visible()
    lines = page.locator("#plan-lines tbody tr")
    expect(lines).to_have_count(len(QUALIFICATIONS))
    for code in QUALIFICATIONS:
        expect(lines.filter(has_text=code).locator("[data-column=needed]")).to_have_text("1")
    check(page)
    page.get_by_role("button", name=f"Sign for {COORDINATING}").click()
    expect(_alert(page, f"Signed for {COORDINATING}.")).to_be_visible()
    expect(page.get_by_text("1 of 3 organisations have signed.")).to_be_visible()
    check(page)

    # Every partner signs in turn.
    for username, organisation, signed in ((MANAGER, PROVIDER, 2), (CIS_STAFF, CIS, 3)):
        _sign_in(page, username, check)
        page.goto("/staffing/rounds/")
        check(page)
        page.get_by_role("link", name=ROUND).click()
        expect(_heading(page)).to_have_text(ROUND)
        check(page)
        page.get_by_role("link", name="Staffing plan (version 1)").click()
        expect(page.get_by_text(f"{signed - 1} of 3 organisations have signed.")).to_be_visible()
        check(page)
        page.get_by_role("button", name=f"Sign for {organisation}").click()
        expect(page.get_by_text(f"{signed} of 3 organisations have signed.")).to_be_visible()
        check(page)
    expect(_alert(page, "Every partner has signed: the plan is locked.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("signed by all partners")
    plan_url = page.url

    # --- 4. The CIS builds a programme from the card, runs a cohort for the plan and trains a participant
    page.goto("/training/programmes/")
    check(page)
    page.get_by_role("link", name="New programme").click()
    expect(_heading(page)).to_have_text("New programme from a service card")
    check(page)
    _choose(page.get_by_label("CIS or KIS"), CIS)
    _choose(page.get_by_label("Service card"), CARD)
    page.get_by_label("Name").fill(PROGRAMME)
    page.get_by_role("button", name="Show the card's modules").click()
    modules = page.locator("input[name=modules]")
    expect(modules.first).to_be_checked()
    check(page)
    page.get_by_role("button", name="Create the programme").click()
    expect(_alert(page, "The programme was created.")).to_be_visible()
    expect(_heading(page)).to_have_text(PROGRAMME)
    check(page)

    page.get_by_role("link", name="New cohort").click()
    check(page)
    page.get_by_label("Name").fill(COHORT)
    page.get_by_label(_label("Start")).fill(_iso(today - timedelta(days=90)))
    page.get_by_label(_label("End")).fill(_iso(today + timedelta(days=20)))
    page.get_by_label("Seats").fill("10")
    page.get_by_label("Instructors").fill("Anna Kowalczyk")
    _pick_unit(page, "Place (municipality)", "Janów Lubelski", JANOW)
    page.get_by_label("Address").fill("ul. Zielona 20, Janów Lubelski")
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The cohort was created.")).to_be_visible()
    expect(_heading(page)).to_have_text(COHORT)
    check(page)

    page.get_by_role("link", name="Link to plan lines").click()
    check(page)
    for code in QUALIFICATIONS:
        page.get_by_label(re.compile(rf"{re.escape(ROUND)} v1 .*\({code}\)")).check()
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The staffing plan lines were linked.")).to_be_visible()
    cohort_lines = page.get_by_role("table", name="Staffing plan lines").locator("tbody tr")
    expect(cohort_lines).to_have_count(len(QUALIFICATIONS))
    expect(cohort_lines.first).to_contain_text(ROUND)
    check(page)

    # Enrolment: a wrong PESEL first, then the right one.
    page.goto("/training/participants/")
    check(page)
    page.get_by_role("link", name="Enrol a participant").click()
    expect(_heading(page)).to_have_text("Enrol a participant")
    check(page)
    _choose(page.get_by_label("CIS or KIS"), CIS)
    page.get_by_label("PESEL").fill(pesel[:-1] + str((int(pesel[-1]) + 1) % 10))
    page.get_by_label("First name").fill(FIRST)
    page.get_by_label("Last name").fill(LAST)
    _pick_unit(page, "Home municipality", "Janów Lubelski", JANOW)
    page.get_by_label("Phone").fill("+48 600 700 800")
    page.get_by_label("E-mail").fill("k.wawrzyniak@example.org")
    page.get_by_label(re.compile(r"long-term unemployed, within")).check()
    page.get_by_label(re.compile(r"I checked: the person is entitled to none")).check()
    page.get_by_label("Referral date").fill(_iso(today - timedelta(days=130)))
    page.get_by_label("IPZS number (individual social employment programme)").fill("IPZS/TEST/001")
    page.get_by_label("IPZS signed on").fill(_iso(today - timedelta(days=125)))
    page.get_by_label("Participation from").fill(_iso(today - timedelta(days=120)))
    page.get_by_label("Planned end").fill(_iso(today + timedelta(days=180)))
    page.get_by_label("Longest acceptable commute (km)").fill("20")
    page.get_by_label("Available for work from").fill(_iso(today))
    page.get_by_label("Working time wanted").select_option("full_time")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Invalid PESEL")).to_be_visible()
    expect(page.get_by_label("PESEL")).to_have_attribute("aria-invalid", "true")
    check(page)
    page.get_by_label("PESEL").fill(pesel)
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The participant was enrolled.")).to_be_visible()
    expect(_heading(page)).to_have_text(f"{PERSON} referred")
    expect(page.locator("main")).not_to_contain_text(pesel[-3:])  # no digit of the PESEL is ever shown
    expect(page.locator("main")).to_contain_text("The PESEL is stored encrypted and never shown")
    check(page)

    page.get_by_role("button", name="Record consent").click()
    expect(_alert(page, "The consent to share the profile was recorded.")).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw consent")).to_be_visible()
    check(page)

    def change_status(action: str, status: str) -> None:
        page.get_by_label("Action", exact=True).select_option(label=action)
        page.get_by_role("button", name="Apply").click()
        expect(_alert(page, "The status was changed.")).to_be_visible()
        expect(_heading(page)).to_have_text(f"{PERSON} {status}")
        check(page)

    change_status("Start the trial month", "trial month")
    change_status("Start taking part", "taking part")

    _choose(page.get_by_label("Cohort", exact=True), COHORT)
    page.get_by_role("button", name="Join the cohort").click()
    expect(_alert(page, "The participant joined the cohort.")).to_be_visible()
    expect(page.get_by_role("link", name=COHORT)).to_be_visible()
    check(page)

    # Attendance: a day recorded on the participant's page.
    last_monday = today - timedelta(days=today.weekday() + 7)
    page.get_by_role("link", name="Record a day").click()
    check(page)
    page.get_by_label("Day").fill(_iso(last_monday))
    page.get_by_label("Hours present").fill("8")
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The attendance was recorded.")).to_be_visible()
    expect(page.get_by_role("table", name="Attendance by day (latest first)")).to_contain_text("8")
    check(page)

    # The individual programme (IPZS): a draft with a goal and an action, then signed.
    page.get_by_role("link", name="Individual programme (IPZS or social contract)").click()
    check(page)
    page.get_by_role("button", name="Start the programme").click()
    expect(_alert(page, "The programme was started as a draft.")).to_be_visible()
    check(page)
    page.get_by_label("Area").select_option("vocational")
    page.get_by_role("textbox", name="Goal").fill("Praca w usługach opiekuńczych")
    page.get_by_role("button", name="Add the goal").click()
    expect(_alert(page, "The goal was added.")).to_be_visible()
    page.get_by_role("textbox", name="Action").fill("Kurs opiekunki środowiskowej")
    page.get_by_label("Responsible (person or institution)").fill("instruktor CIS")
    page.get_by_label("Due by").fill(_iso(today + timedelta(days=30)))
    page.get_by_role("button", name="Add the action").click()
    expect(_alert(page, "The action was added.")).to_be_visible()
    check(page)
    page.get_by_label("Signed on").fill(_iso(today - timedelta(days=100)))
    page.get_by_role("button", name="The programme is signed").click()
    expect(_alert(page, "The programme is in force.")).to_be_visible()
    expect(_heading(page)).to_contain_text("in force")
    check(page)
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=PERSON).click()

    module = page.get_by_label("Module", exact=True)
    module_title = module.locator("option").nth(1).inner_text()
    module.select_option(index=1)
    page.get_by_label("Completed on").fill(_iso(today - timedelta(days=7)))
    page.get_by_role("button", name="Record the module").click()
    expect(_alert(page, "The module was recorded as completed.")).to_be_visible()
    expect(page.get_by_role("table", name="Modules").locator("tr", has_text=module_title)).not_to_contain_text(
        "not yet"
    )
    check(page)

    for number, code in enumerate(QUALIFICATIONS, start=1):
        page.get_by_label("Qualification code").fill(code)
        page.get_by_label("Document number").fill(f"ZAS/TEST/{number}")
        page.get_by_label("Issued by").fill("Polski Czerwony Krzyż")
        page.get_by_label("Issued on").fill(_iso(today - timedelta(days=3)))
        page.get_by_role("button", name="Record the qualification").click()
        expect(_alert(page, "The qualification was recorded.")).to_be_visible()
        expect(page.locator("main")).to_contain_text(f"({code}): certificate no. ZAS/TEST/{number}")
    check(page)

    change_status("Confirm readiness for work", "ready for work")
    expect(page.locator("main")).to_contain_text("confirmed by")

    # --- 5. The coordinator runs matching for the county, accepts the pair and sends the referral ------
    _sign_in(page, COORDINATOR, check)
    page.goto(plan_url)  # the plan counts the participant as ready on the lines of the need
    for code in QUALIFICATIONS:
        expect(lines.filter(has_text=code).locator("[data-column=ready]")).to_have_text("1")
    check(page)
    page.goto("/placement/")
    expect(_heading(page)).to_have_text("Matching participants to open positions")
    check(page)
    _pick_unit(page, "Territory", "janowski", COUNTY)
    page.get_by_role("button", name="Start matching").click()
    expect(_alert(page, "The matching run was started.")).to_be_visible()
    expect(page.get_by_role("heading", name="Result")).to_be_visible(timeout=30_000)
    expect(page.locator("#run-status")).to_contain_text("done")
    check(page)
    proposal = page.get_by_role("table", name="Proposed pairs with why each was chosen").locator(
        "tbody tr", has=page.locator("td:nth-child(2)", has_text=PERSON)
    )
    expect(proposal).to_contain_text(POSITION)
    expect(proposal).to_contain_text(PROVIDER)
    proposal.get_by_role("button", name=re.compile("^Accept")).click()
    expect(_alert(page, "The proposal was accepted and a referral was created.")).to_be_visible()
    expect(_heading(page)).to_have_text(f"Referral of {PERSON} to “{POSITION}”")
    expect(page.locator("main p.lead")).to_contain_text("Status: proposed")
    check(page)
    page.get_by_label("Send to the provider").check()
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The referral was updated.")).to_be_visible()
    expect(page.locator("main p.lead")).to_contain_text("Status: sent to the provider")
    referral_url = page.url
    check(page)

    # --- 6. The provider interviews and hires -----------------------------------------------------------
    _sign_in(page, MANAGER, check)
    page.goto("/staffing/needs/mine/")
    need_row = page.get_by_role("table", name="Staffing needs of my organisations").locator(
        "tbody tr", has_text=POSITION
    )
    expect(need_row).to_contain_text("0 / 1")
    check(page)
    need_row.get_by_role("link", name="Candidates and referrals").click()
    expect(_heading(page)).to_have_text("My needs and candidates")
    candidate = page.locator("#candidate-results tbody tr", has_text=PERSON)
    expect(candidate).to_contain_text("sent to the provider")
    expect(candidate).to_contain_text("US-1, US-2")
    check(page)
    candidate.get_by_role("button", name="Interview arranged").click()
    expect(_alert(page, "The referral was updated.")).to_be_visible()
    expect(page.locator("main p.lead")).to_contain_text("Status: interview")
    check(page)
    page.goto("/placement/candidates/")
    candidate = page.locator("#candidate-results tbody tr", has_text=PERSON)
    expect(candidate).to_contain_text("interview")
    check(page)
    candidate.get_by_role("link", name="Record the hire").click()
    expect(_heading(page)).to_have_text(f"Referral of {PERSON} to “{POSITION}”")
    check(page)
    # The hire was 100 days ago (so that its 3-month follow-up is due), and a hire cannot precede its referral:
    # the referral is dated as made before it.
    server_shell(
        "from datetime import timedelta; from django.utils import timezone; "
        "from kooperacja.placement.models import Referral; "
        f"Referral.objects.filter(need__position={POSITION!r}).update(created_at=timezone.now() - timedelta(days=120))"
    )
    page.get_by_label("Record the hire").check()
    page.get_by_label("Employed from").fill(_iso(hired_on))
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The referral was updated.")).to_be_visible()
    expect(page.locator("main p.lead")).to_contain_text("Status: hired")
    follow_ups = page.get_by_role("table", name="Is the person still employed?")
    expect(follow_ups.locator("tbody tr")).to_have_count(2)
    check(page)

    # --- 7. The coordinator records the 3-month follow-up; the need is filled, the person placed -------
    _sign_in(page, COORDINATOR, check)
    page.goto("/placement/referrals/")
    check(page)
    page.get_by_role("link", name=PERSON).first.click()
    assert page.url.split("?")[0] == referral_url.split("?")[0]
    three_months = follow_ups.locator("tbody tr", has_text="3 months")
    expect(three_months).to_contain_text("not recorded")
    check(page)
    three_months.get_by_label("yes", exact=True).check()
    three_months.get_by_label("Note").fill("Pracuje, umowa przedłużona.")
    three_months.get_by_role("button", name="Record").click()
    expect(_alert(page, "The follow-up was recorded.")).to_be_visible()
    three_months = follow_ups.locator("tbody tr", has_text="3 months")
    expect(three_months.locator("td").nth(2)).to_have_text("yes")
    expect(three_months).to_contain_text("Pracuje, umowa przedłużona.")
    check(page)

    page.goto("/staffing/needs/")
    check(page)
    page.get_by_role("link", name=POSITION).click()
    expect(_heading(page)).to_contain_text("filled")
    expect(page.locator("main dl").first).to_contain_text("1 needed, 1 hired, 0 open")
    check(page)

    page.goto(plan_url)
    for code in QUALIFICATIONS:
        expect(lines.filter(has_text=code).locator("[data-column=placed]")).to_have_text("1")
    check(page)

    _sign_in(page, CIS_STAFF, check)
    page.goto("/training/participants/")
    check(page)
    page.get_by_role("link", name=f"{LAST} {FIRST}").click()
    expect(_heading(page)).to_have_text(f"{PERSON} placed in work")
    check(page)
