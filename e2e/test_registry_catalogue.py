"""The registry in Polish and the service catalogue in English, as their users work with them, with an
axe-core check of every page visited."""

import re

from playwright.sync_api import expect

from e2e.conftest import sign_in
from kooperacja.demo.loader import DEMO_PASSWORD


def test_it_finds_edits_and_registers_organisations_in_polish(page, check_accessibility):
    sign_in(page, "koordynator", DEMO_PASSWORD)
    page.goto("/organisations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Organizacje")
    check_accessibility(page)

    # Live search, diacritics folded.
    page.get_by_label("Nazwa, miejscowość lub identyfikator").fill("wspolna droga")
    results = page.locator("#organisation-results")
    expect(results.get_by_role("link", name=re.compile("Wspólna Droga"))).to_be_visible()
    expect(results.get_by_role("link", name=re.compile("Przystań"))).to_have_count(0)
    check_accessibility(page)
    results.get_by_role("link", name=re.compile("Wspólna Droga")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wspólna Droga")
    expect(page.get_by_role("cell").filter(has_text="CIS/04/05/2023")).to_be_visible()
    check_accessibility(page)

    # A wrong NIP is refused with a message; a correct edit is saved.
    page.get_by_role("link", name="Edytuj organizację").click()
    check_accessibility(page)
    page.locator("#id_nip").fill("1234567890")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    expect(page.locator("#id_nip")).to_have_attribute("aria-invalid", "true")
    check_accessibility(page)
    page.locator("#id_nip").fill("")
    page.locator("#id_description").fill("Warsztaty opiekuńcze, gastronomiczne i remontowe.")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("status").filter(has_text=re.compile("zapisan", re.I))).to_be_visible()
    expect(page.get_by_text("Warsztaty opiekuńcze, gastronomiczne i remontowe.")).to_be_visible()

    # Register a new organisation with the TERYT unit picker.
    page.goto("/organisations/new/")
    check_accessibility(page)
    page.locator("#id_name").fill("Stowarzyszenie „Dobre Sąsiedztwo”")
    page.locator("#id_kind").select_option("ngo")
    page.locator("#id_municipality").fill("Grudziąd")
    page.get_by_label(re.compile(r"Grudziądz — gmina miejska")).check()
    check_accessibility(page)
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stowarzyszenie „Dobre Sąsiedztwo”")
    check_accessibility(page)


def test_it_browses_and_edits_the_catalogue_in_english(page, check_accessibility):
    sign_in(page, "redaktor.katalogu", DEMO_PASSWORD)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto("/catalogue/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Service catalogue")
    check_accessibility(page)
    page.locator("#catalogue-q").fill("wytchnieniowa")
    expect(page.get_by_role("link", name=re.compile("Opieka wytchnieniowa", re.I)).first).to_be_visible()
    check_accessibility(page)

    page.goto("/catalogue/uslugi-opiekuncze/")
    expect(page.get_by_role("heading", name="Required qualifications")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Preparatory course in a CIS"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Preparatory course in a KIS"))).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Edit this card").click()
    check_accessibility(page)
    page.get_by_role("button", name="Publish a new version").click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    check_accessibility(page)
    page.locator("textarea[name$='summary']").first.fill(
        "Pomoc w codziennych czynnościach, opieka higieniczna i kontakt z otoczeniem — w domu osoby."
    )
    page.get_by_label("What changed?").fill("Doprecyzowano opis usługi.")
    page.get_by_role("button", name="Publish a new version").click()
    expect(page.get_by_text("Doprecyzowano opis usługi.")).to_be_visible()
    expect(page.get_by_text("Pomoc w codziennych czynnościach, opieka higieniczna")).to_be_visible()
    check_accessibility(page)

    # The registry is readable in English too.
    page.goto("/organisations/?kind=cis")
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisations")
    expect(page.get_by_role("link", name=re.compile("Humanitas Plus"))).to_be_visible()
    check_accessibility(page)
