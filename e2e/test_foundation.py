"""Walks through sign-in, territory, registry and catalogue in Polish and English, checking each
page visited with axe-core."""

import re

from playwright.sync_api import expect

from e2e.conftest import sign_in
from kooperacja.demo.loader import DEMO_PASSWORD


def test_it_serves_the_public_pages_in_polish(page, check_accessibility):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kooperacja")
    check_accessibility(page)
    page.get_by_role("link", name="Terytorium").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Terytorium")
    check_accessibility(page)
    page.get_by_label("Znajdź jednostkę po nazwie").fill("lodz")
    page.get_by_role("button", name="Szukaj").click()
    expect(page.get_by_role("link", name="Łódź", exact=True).first).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Łódź", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Łódź")
    check_accessibility(page)


def test_it_keeps_the_skip_link_first_for_keyboard_users(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Przejdź do treści"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_it_signs_in_and_switches_language(page, check_accessibility):
    page.goto("/accounts/login/")
    check_accessibility(page)
    page.get_by_label("Nazwa użytkownika").fill("koordynator")
    page.get_by_label("Hasło").fill("złe hasło")
    page.get_by_role("button", name="Zaloguj się").last.click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_accessibility(page)
    sign_in(page, "koordynator", DEMO_PASSWORD)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Territory").first).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Polski").click()
    expect(page.locator("html")).to_have_attribute("lang", "pl")


def test_it_works_on_a_phone(browser, base_url, check_accessibility):
    context = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844}, locale="pl-PL")
    phone = context.new_page()
    phone.goto("/")
    menu = phone.get_by_role("button", name="Pokaż menu")
    expect(menu).to_be_visible()
    menu.click()
    expect(phone.get_by_role("link", name="Katalog usług").first).to_be_visible()
    check_accessibility(phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    context.close()


def test_it_shows_the_demo_region(page, check_accessibility):
    sign_in(page, "koordynator", DEMO_PASSWORD)
    page.goto("/territory/0462011/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Grudziądz")
    page.get_by_role("link", name=re.compile("Organizacje tej jednostki w rejestrze")).click()
    expect(page.get_by_role("table")).to_contain_text("Grudziądz")
    check_accessibility(page)
