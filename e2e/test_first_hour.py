"""The first hour of each main role: signed in, the home page says what waits for them in the demo — each kind of
item with its count and first items — and the navigation counts it; the coordinator reads a notification and marks
the rest read, and asks for the daily summary. In Polish, with axe-core on every page."""

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from kooperacja.demo.loader import DEMO_PASSWORD

# username -> the kinds of waiting item the demo holds for them (Polish labels)
WAITING = {
    "koordynator": ["Zgłoszenia kandydatów do wysłania", "Nieprzeczytane powiadomienia"],
    "kadra.cis": ["Skierowania do Twojego CIS/KIS do przyjęcia lub odmowy", "Sprawozdania roczne do złożenia"],
    "manager.pes": ["Zgłoszeni kandydaci czekający na Twoją odpowiedź", "Nieopublikowane zapotrzebowania kadrowe"],
    "pracownik.socjalny": ["Niewystawione skierowania do CIS/KIS"],
}


def _sign_out(page: Page) -> None:
    user_menu = page.locator(".user-menu-toggle")  # "Wyloguj się" is in the user's menu
    if user_menu.count():
        user_menu.click()
        page.get_by_role("button", name="Wyloguj się").click()


@pytest.mark.parametrize("username", list(WAITING))
def test_the_home_page_lists_what_waits_for_each_role(page: Page, check_accessibility, username):
    sign_in(page, username, DEMO_PASSWORD)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Czeka na Ciebie")
    check_accessibility(page)
    total = 0
    for label in WAITING[username]:
        card = page.locator("[data-waiting-kind]").filter(has=page.locator("h2", has_text=label))
        expect(card).to_have_count(1)
        count = int(card.get_by_test_id("waiting-count").inner_text())
        assert count > 0, f"{username}: {label}"
        total += count
        # The first item links somewhere, and a link leads to all of them.
        expect(card.locator("li a").first).to_be_visible()
    badge = page.get_by_test_id("waiting-badge")
    expect(badge.get_by_test_id("waiting-total")).to_have_text(re.compile(r"^\d+$"))  # fetched after the page
    assert int(badge.get_by_test_id("waiting-total").inner_text()) >= total
    badge.click()
    expect(page).to_have_url(re.compile(r"/#waiting$"))
    _sign_out(page)


def test_the_coordinator_reads_notifications_and_asks_for_the_summary(page: Page, check_accessibility):
    sign_in(page, "koordynator", DEMO_PASSWORD)
    page.goto("/notifications/?show=unread")
    expect(page.get_by_role("heading", level=1)).to_have_text("Powiadomienia")
    check_accessibility(page)
    items = page.get_by_test_id("notifications").locator("li a")
    unread_before = items.count()
    assert unread_before > 0
    # Opening one marks it read and leads to where it happened.
    items.first.click()
    expect(page).not_to_have_url(re.compile(r"/notifications/"))
    page.goto("/notifications/?show=unread")
    expect(page.get_by_test_id("notifications").locator("li a")).to_have_count(unread_before - 1)
    page.get_by_role("button", name="Oznacz wszystkie jako przeczytane").click()
    expect(page.get_by_role("status")).to_contain_text("Wszystkie powiadomienia oznaczono jako przeczytane.")
    page.goto("/notifications/?show=unread")
    expect(page.get_by_test_id("notifications")).to_contain_text("Brak nieprzeczytanych powiadomień.")
    check_accessibility(page)

    page.goto("/accounts/profile/")
    page.get_by_label("Wysyłaj mi codzienne podsumowanie e-mailem").check()
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("status")).to_contain_text("Będziesz otrzymywać codzienne podsumowanie e-mailem.")
    expect(page.get_by_label("Wysyłaj mi codzienne podsumowanie e-mailem")).to_be_checked()
    check_accessibility(page)
