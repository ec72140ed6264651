"""Walks the daily work of a CIS around one person in the browser, in English: the social worker of the CUS of the
person's municipality drafts the application with the opinion and issues the referral to the CIS, the CIS accepts
it by enrolling the person, signs the IPZS, imports a month of daily attendance, computes and approves the
integration benefit of that month, records the exit with its outcome and the 3-month follow-up, and prepares the
yearly report whose figures lead back to the person's stay; the referring CUS then sees the progress it is entitled
to. Every page visited is checked with axe-core (also after each form error).

The stay lies in the previous calendar year (so that the yearly report for that year counts it), at the CIS in
Janów Lubelski, whose yearly report the demo does not prepare."""

import re
from datetime import date, timedelta

from playwright.sync_api import Page, expect
from walk import _alert, _choose, _heading, _label, _pick_unit, _sign_in, _today

from kooperacja.benefits.calculation import public_holidays
from kooperacja.demo.builders import pesel_for

SOCIAL_WORKER = "pracownik.socjalny.janow"
CIS_STAFF = "kadra.cis.janow"
CIS = "Centrum Integracji Społecznej „Humanitas Plus”"
REFERRER = "Centrum Usług Społecznych „Janowskie Razem” (demo)"
FIRST, LAST = "Zenon", "Kalinowski"
PERSON = f"{FIRST} {LAST}"
JANOW = "0605053"
IPZS = "IPZS/DZIEN/001"
EMPLOYER = "Zakład Gospodarki Komunalnej w Janowie Lubelskim"


def _november_rows(pesel: str, year: int) -> str:
    """The CSV of November's attendance: every working day present, 8 hours (public holidays excepted)."""
    holidays = public_holidays(year)
    rows = ["pesel;day;kind;hours"]
    day = date(year, 11, 1)
    while day.month == 11:
        if day.weekday() < 5 and day not in holidays:
            rows.append(f"{pesel};{day.isoformat()};present;8")
        day += timedelta(days=1)
    return "\r\n".join(rows) + "\r\n"


def test_it_walks_a_stay_from_the_referral_to_the_yearly_report(page: Page, check_accessibility):
    check = check_accessibility
    year = _today().year - 1  # the stay lies in the previous year, which its yearly report counts
    pesel = pesel_for(date(1979, 4, 23), 517, False)
    exit_date, outcome_from = date(year, 12, 19), date(year, 12, 22)

    page.goto("/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # --- 1. The CUS social worker drafts the application with the opinion, then issues the referral ---------
    _sign_in(page, SOCIAL_WORKER, check)
    page.goto("/admission/new/")
    expect(_heading(page)).to_have_text("New referral to a CIS or KIS")
    check(page)
    _choose(page.get_by_label(_label("Referring institution")), REFERRER)
    _choose(page.get_by_label(_label("CIS or KIS")), CIS)
    page.get_by_label(_label("First name")).fill(FIRST)
    page.get_by_label(_label("Last name")).fill(LAST)
    page.get_by_label(_label("PESEL")).fill(pesel)
    _pick_unit(page, "Home municipality", "Janów Lubelski", JANOW)
    page.get_by_label(_label("Application submitted on")).fill(date(year, 9, 15).isoformat())
    page.get_by_label(_label("Applied")).select_option("person")
    page.get_by_label(re.compile(r"long-term unemployed, within")).check()
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The draft referral was saved.")).to_be_visible()
    check(page)
    # Issuing without the social worker's opinion is refused: the opinion comes after the community interview.
    page.get_by_role("link", name="Issue the referral").click()
    page.get_by_label(_label("Referral number")).fill("SK/DZIEN/1")
    page.get_by_label(_label("Date of issue")).fill(date(year, 9, 29).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("opinion")
    check(page)
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Edit the draft").click()
    page.get_by_label(_label("Community interview on")).fill(date(year, 9, 22).isoformat())
    page.get_by_label(_label("Social worker's opinion")).fill(
        "Osoba długotrwale bezrobotna, zmotywowana; po wywiadzie środowiskowym zalecam zajęcia w CIS."
    )
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The draft referral was saved.")).to_be_visible()
    page.get_by_role("link", name="Issue the referral").click()
    page.get_by_label(_label("Referral number")).fill("SK/DZIEN/1")
    page.get_by_label(_label("Date of issue")).fill(date(year, 9, 29).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The referral was issued.")).to_be_visible()
    check(page)

    # --- 2. The CIS accepts the referral by enrolling the person; the trial month, then taking part ---------
    _sign_in(page, CIS_STAFF, check)
    page.goto("/admission/incoming/")
    check(page)
    page.get_by_role("link", name=re.compile(PERSON)).first.click()
    check(page)
    page.get_by_role("link", name="Accept and enrol").click()
    expect(_heading(page)).to_have_text("Accept the referral and enrol")
    expect(page.get_by_label(_label("First name"))).to_have_value(FIRST)
    check(page)
    expect(page.get_by_label(_label("PESEL"))).to_have_count(0)  # taken from the referral, not typed again
    page.get_by_label(re.compile(r"I checked: the person is entitled to none")).check()
    page.get_by_label(_label("IPZS number (individual social employment programme)")).fill(IPZS)
    page.get_by_label(_label("IPZS signed on")).fill(date(year, 10, 1).isoformat())
    page.get_by_label(_label("Participation from")).fill(date(year, 10, 1).isoformat())
    page.get_by_label(_label("Planned end")).fill(date(year + 1, 6, 30).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(_alert(page, "The referral was accepted and the person enrolled.")).to_be_visible()
    expect(_heading(page)).to_have_text(f"{PERSON} referred")
    expect(page.locator("main")).to_contain_text(REFERRER)
    check(page)

    def change_status(action: str, status: str) -> None:
        page.get_by_label("Action", exact=True).select_option(label=action)
        page.get_by_role("button", name="Apply").click()
        expect(_alert(page, "The status was changed.")).to_be_visible()
        expect(_heading(page)).to_have_text(f"{PERSON} {status}")
        check(page)

    change_status("Start the trial month", "trial month")
    change_status("Start taking part", "taking part")
    participant_url = page.url

    # --- 3. The IPZS: a goal, an action, signed ---------------------------------------------------------------
    page.get_by_role("link", name="Individual programme (IPZS or social contract)").click()
    page.get_by_role("button", name="Start the programme").click()
    expect(_alert(page, "The programme was started as a draft.")).to_be_visible()
    page.get_by_label("Area").select_option("vocational")
    page.get_by_role("textbox", name="Goal").fill("Praca w gospodarce komunalnej")
    page.get_by_role("button", name="Add the goal").click()
    expect(_alert(page, "The goal was added.")).to_be_visible()
    page.get_by_role("textbox", name="Action").fill("Warsztat porządkowo-gospodarczy")
    page.get_by_label("Responsible (person or institution)").fill("instruktor CIS")
    page.get_by_label("Due by").fill((_today() + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Add the action").click()
    expect(_alert(page, "The action was added.")).to_be_visible()
    page.get_by_label("Signed on").fill(date(year, 10, 1).isoformat())
    page.get_by_role("button", name="The programme is signed").click()
    expect(_alert(page, "The programme is in force.")).to_be_visible()
    check(page)

    # --- 4. November's daily attendance imported from a file (a file with a bad row first: nothing taken) ---
    rows = _november_rows(pesel, year)
    page.goto("/training/imports/attendance/")
    check(page)
    _choose(page.get_by_label(_label("Organisation")), CIS)
    bad = rows + f"{pesel};{date(year, 11, 30).isoformat()};present;30\r\n"  # a Sunday, 30 hours
    page.get_by_label(_label("File (XLSX or CSV, UTF-8)")).set_input_files(
        {"name": "obecnosc-zla.csv", "mimeType": "text/csv", "buffer": bad.encode("utf-8")}
    )
    page.get_by_role("button", name="Upload and import").click()
    expect(page.locator("#import-status")).to_contain_text("Nothing was imported", timeout=60_000)
    check(page)
    page.goto("/training/imports/attendance/")
    _choose(page.get_by_label(_label("Organisation")), CIS)
    page.get_by_label(_label("File (XLSX or CSV, UTF-8)")).set_input_files(
        {"name": "obecnosc.csv", "mimeType": "text/csv", "buffer": rows.encode("utf-8")}
    )
    page.get_by_role("button", name="Upload and import").click()
    days = rows.count("\r\n") - 1
    expect(page.locator("#import-status")).to_contain_text(f"{days} rows were imported.", timeout=60_000)
    check(page)

    # --- 5. November's integration benefit computed from that attendance and approved ---------------------
    page.goto("/benefits/")
    check(page)
    _choose(page.get_by_label(_label("CIS")), CIS)
    page.get_by_label(_label("Year")).fill(str(year))
    page.get_by_label(_label("Month")).select_option("11")
    page.get_by_role("button", name="Compute").click()
    expect(_heading(page)).to_contain_text(f"11/{year}")
    # Present on every working day of the month: the full benefit, nothing deducted.
    line = page.locator("tr", has=page.get_by_role("rowheader", name=f"{LAST} {FIRST}"))
    expect(line).to_contain_text(f"{days} / {days}")
    expect(line.locator("td").nth(1)).to_have_text("0.00")
    check(page)
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("main")).to_contain_text("approved")
    check(page)

    # --- 6. The exit for work, with its outcome; the 3-month follow-up --------------------------------------
    page.goto(participant_url)
    page.get_by_label("Action", exact=True).select_option(label="Exit")
    page.get_by_label("Exit reason").select_option("employment")
    page.get_by_label("Exit date").fill(exit_date.isoformat())
    transition = page.locator("form", has=page.get_by_role("button", name="Apply"))
    transition.get_by_label("Outcome", exact=True).select_option("cooperative_joined")  # contradicts the reason
    transition.get_by_label("Outcome from").fill(outcome_from.isoformat())
    transition.get_by_label("Employer, cooperative or school").fill(EMPLOYER)
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("main")).to_contain_text("employment")
    expect(_heading(page)).to_have_text(f"{PERSON} taking part")  # nothing saved
    check(page)
    transition = page.locator("form", has=page.get_by_role("button", name="Apply"))
    page.get_by_label("Action", exact=True).select_option(label="Exit")
    page.get_by_label("Exit reason").select_option("employment")
    page.get_by_label("Exit date").fill(exit_date.isoformat())
    transition.get_by_label("Outcome", exact=True).select_option("employment")
    transition.get_by_label("Outcome from").fill(outcome_from.isoformat())
    transition.get_by_label("Employer, cooperative or school").fill(EMPLOYER)
    page.get_by_role("button", name="Apply").click()
    expect(_alert(page, "The status was changed.")).to_be_visible()
    expect(_heading(page)).to_have_text(f"{PERSON} completed")
    outcome = page.locator("section", has=page.get_by_role("heading", name="Outcome"))
    expect(outcome).to_contain_text("employment with an employer")
    expect(outcome).to_contain_text(EMPLOYER)
    check(page)
    follow_ups = page.get_by_role("table", name="Follow-ups of the outcome")
    first = follow_ups.locator("tbody tr").first
    first.get_by_label("yes").check()
    first.get_by_role("button", name="Record the result").click()
    expect(page.get_by_role("table", name="Follow-ups of the outcome").locator("tbody tr").first).to_contain_text("yes")
    check(page)

    # --- 7. The yearly report for that year: the stay counted, and the figure leads back to it -------------
    page.goto("/reporting/prepare/")
    check(page)
    _choose(page.get_by_label(_label("CIS or KIS")), CIS)
    page.get_by_label(_label("Year")).fill(str(_today().year))  # the current year has not ended: refused
    page.get_by_role("button", name="Prepare").click()
    expect(page.get_by_label(_label("Year"))).to_have_attribute("aria-invalid", "true")
    check(page)
    page.get_by_label(_label("Year")).fill(str(year))
    page.get_by_role("button", name="Prepare").click()
    expect(_heading(page)).to_contain_text(str(year))
    check(page)
    employed = page.locator("tr", has=page.locator("code", has_text=re.compile(r"^exits\.outcome\.employment$")))
    expect(employed.locator("td").nth(1)).not_to_have_text("0")
    employed.get_by_role("link").click()
    expect(page.locator("main")).to_contain_text(IPZS)
    check(page)
    page.go_back()
    page.get_by_role("button", name="Approve (freeze the figures)").click()
    expect(page.locator("main")).to_contain_text("approved")
    check(page)

    # --- 8. The referring CUS sees the stay's progress, and nothing more ------------------------------------
    _sign_in(page, SOCIAL_WORKER, check)
    page.goto("/admission/sent/")
    row = page.locator("tr", has_text=PERSON)
    expect(row).to_contain_text("completed")
    check(page)
    assert page.request.get(participant_url).status == 404  # the participant's page stays the CIS's own
