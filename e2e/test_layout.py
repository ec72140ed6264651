"""Layout that holds on real screens: the top bar and the section menu in one row at 1366 px (with a long
name), list tables as cards on a phone with each value labelled, and links in alerts readable (axe)."""

import re

from playwright.sync_api import expect

from conftest import sign_in
from kooperacja.demo.loader import DEMO_PASSWORD

LONG_NAME = "Jan Konstanty Majewski-Brzęczyszczykiewicz"


def _one_row(page, selector: str) -> None:
    """Every direct item of ``selector`` sits on the same line: each one starts above the bottom of every other."""
    boxes = page.eval_on_selector_all(
        f"{selector} > *", "items => items.map(i => [i.getBoundingClientRect().top, i.getBoundingClientRect().bottom])"
    )
    assert boxes and max(top for top, _ in boxes) < min(bottom for _, bottom in boxes), f"{selector} wraps: {boxes}"


def _desktop(browser, base_url):
    return browser.new_context(base_url=base_url, viewport={"width": 1366, "height": 768}, locale="pl-PL")


def test_the_top_bar_fits_one_row_at_1366_px_with_a_long_name(browser, base_url, check_accessibility):
    context = _desktop(browser, base_url)
    page = context.new_page()
    sign_in(page, "specjalista.jakosci", DEMO_PASSWORD)
    page.goto("/")
    navbar = page.locator("nav.navbar")
    height = navbar.evaluate("n => n.getBoundingClientRect().height")
    assert height < 70, f"the top bar takes {height}px: more than one row"
    _one_row(page, "#main-nav")
    menu = page.locator(".user-menu-toggle")
    expect(menu).to_have_attribute("title", LONG_NAME)
    # The name is cut with an ellipsis, the full name is in the title and in the open menu.
    assert menu.evaluate("b => b.querySelector('.user-name').scrollWidth > b.querySelector('.user-name').clientWidth")
    menu.click()
    expect(page.get_by_role("button", name="Wyloguj się")).to_be_visible()
    expect(page.get_by_role("link", name="Moje konto")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Wyloguj się").click()
    expect(page.get_by_role("link", name="Zaloguj się").first).to_be_visible()
    context.close()


def test_the_section_menu_stays_one_row_and_opens_its_groups(browser, base_url, check_accessibility):
    context = _desktop(browser, base_url)
    page = context.new_page()
    sign_in(page, "admin", DEMO_PASSWORD)  # every page of sphere 1 is offered to the administrator
    page.goto("/staffing/")
    _one_row(page, "ul.subnav")
    page.get_by_role("button", name="CIS i KIS").click()
    page.get_by_role("link", name="Obecność").click()
    expect(page.get_by_role("button", name="CIS i KIS")).to_have_class(re.compile(r"\bactive\b"))
    _one_row(page, "ul.subnav")
    check_accessibility(page)
    context.close()


def test_list_tables_turn_into_labelled_cards_on_a_phone(browser, base_url, check_accessibility):
    context = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844}, locale="pl-PL")
    page = context.new_page()
    sign_in(page, "koordynator", DEMO_PASSWORD)
    for url in ("/staffing/needs/", "/organisations/"):
        page.goto(url)
        table = page.locator("table.table-stack").first
        expect(table).to_be_visible()
        first_cell = table.locator("tbody tr").first.locator("td[data-label]").first
        label = first_cell.get_attribute("data-label")
        assert label, f"no column label on the cells of {url}"
        shown = first_cell.evaluate("c => getComputedStyle(c, '::before').content")
        assert label in shown, f"the label is not shown on {url}: {shown}"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} scrolls sideways on a phone ({width}px)"
        check_accessibility(page)
    context.close()


def test_links_in_alerts_pass_contrast(page, check_accessibility):
    sign_in(page, "koordynator", DEMO_PASSWORD)
    page.goto("/staffing/rounds/")
    page.locator("table tbody tr a").first.click()
    page.get_by_role("link", name="Wersje planu").click()
    page.locator("table tbody tr a").last.click()  # the oldest version: amended, with a link to the next
    alert_link = page.locator(".alert a")
    expect(alert_link).to_be_visible()
    colour = alert_link.evaluate("a => getComputedStyle(a).color")
    assert colour != "rgb(13, 110, 253)", "an alert link keeps Bootstrap's blue (below 4.5:1 on tinted alerts)"
    check_accessibility(page)
