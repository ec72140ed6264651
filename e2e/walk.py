"""What the browser walks share: signing in through the header, labels with the required marker, the unit picker,
choices by visible text, messages. The e2e directory is on the import path (no package), hence ``from walk``."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import Locator, Page, expect

from kooperacja.demo.loader import DEMO_PASSWORD


def _today() -> date:
    return datetime.now(ZoneInfo("Europe/Warsaw")).date()


def _iso(day: date) -> str:
    return day.isoformat()


def _heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def _sign_in(page: Page, username: str, check) -> None:
    """Signs out whoever is signed in, then signs in through the header link, with the English labels."""
    user_menu = page.locator(".user-menu-toggle")  # the signed-in user's menu holds "Sign out"
    if user_menu.count():
        user_menu.click()
        page.get_by_role("button", name="Sign out").click()
        expect(user_menu).to_have_count(0)
    page.get_by_role("link", name="Sign in").click()
    expect(_heading(page)).to_have_text("Sign in")
    check(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".user-menu-toggle")).to_be_visible()
    check(page)


def _label(text: str) -> re.Pattern:
    """A field's label text, whether or not it ends with the required marker “* (required)”."""
    return re.compile(rf"^{re.escape(text)}(\s*\*?\s*\(required\))?$")


def _choose(select: Locator, text: str) -> None:
    """Selects the option whose visible text contains ``text``."""
    value = select.locator("option", has_text=text).first.get_attribute("value")
    select.select_option(value)


def _pick_unit(page: Page, label: str, query: str, code: str) -> None:
    """The TERYT unit picker: type a name, wait for the matching units, choose one."""
    field = page.get_by_label(_label(label))
    field.fill(query)
    results = page.locator(f"#{field.get_attribute('id')}-results")
    expect(results.locator("fieldset")).to_be_visible()  # the list answered for the name typed
    results.locator(f"input[type=radio][value='{code}']").check()


def _alert(page: Page, text: str) -> Locator:
    return page.locator("main .alert", has_text=text)
