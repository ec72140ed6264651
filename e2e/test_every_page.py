"""Every page a role can reach, checked with axe-core at a desktop and a phone viewport.

For each demo role: sign in, then walk the site breadth-first from the home page along same-origin links
(GET only: no sign-out, language switch, downloads, API or admin), one page per route name, at most
``MAX_PAGES`` per role. Each page is checked at 1280×900 and again at 390×844; the test fails listing every page
with a serious or critical fault, and every link that answers with an error.

To keep the run short, a route is checked with axe once, by the first role that reaches it (the roles are in
the order of how much they see, so each page is checked as the role with the most on it); later roles still
walk it to find the pages only they reach.
"""

import time
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve

from e2e.conftest import SERIOUS, sign_in
from kooperacja.demo.loader import DEMO_PASSWORD

MAX_PAGES = 80
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SKIPPED_PREFIXES = ("/api/", "/admin/", "/static/", "/i18n/", "/accounts/logout/", "/healthz")
SKIPPED_SUFFIXES = (".pdf", ".csv", ".xlsx")

# Every role of the demo region (``manage.py demo_logins``; a second login of the same role in another place
# adds no page of its own); None walks signed out.
ROLES = [
    "kadra.cis",
    "koordynator",
    "pracownik.socjalny",
    "kadra.kis",
    "manager.pes",
    "urzednik.wojewody",
    "analityk",
    "admin",
    "redaktor.katalogu",
    "doradca.owes",
    "partner.pup",
    "ekspert.pilotazu",
    "specjalista.jakosci",
    "ekspert.efektow",
    None,
]

_RUN_AXE = "() => axe.run(document, {resultTypes: ['violations']})"
# Two frames: the page's resize handlers have run (a scrolling table becomes focusable, site.js).
_AFTER_RESIZE = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"

_checked: set[str] = set()  # route names checked with axe, by any role


def _route_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    found = []
    for href in hrefs:
        url, _fragment = urldefrag(href)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        if parts.path.startswith(SKIPPED_PREFIXES) or parts.path.endswith(SKIPPED_SUFFIXES):
            continue
        found.append(url)
    return found


def _faults(page, viewport_name: str) -> list[str]:
    """Serious and critical violations of the page as it is now (axe injected into it already)."""
    results = page.evaluate(_RUN_AXE)
    return [
        f"{viewport_name}: {violation['id']} ({violation['impact']}) {violation['help']} — "
        f"{[node['target'] for node in violation['nodes']][:3]}"
        for violation in results["violations"]
        if violation.get("impact") in SERIOUS
    ]


def _walk(page, axe, base_url: str) -> tuple[dict[str, list[str]], int]:
    """Pages with faults (url -> faults) and the number of pages checked."""
    faults: dict[str, list[str]] = {}
    seen_names: set[str] = set()
    queue = deque([f"{base_url}/"])
    queued = {queue[0]}
    checked = 0
    while queue and checked < MAX_PAGES:
        url = queue.popleft()
        path = urlsplit(url).path
        name = _route_name(path)
        if name is None or name in seen_names:
            continue
        seen_names.add(name)
        page.set_viewport_size(DESKTOP)
        response = page.goto(url)
        if response is None or response.status >= 400:
            faults[url] = [f"the link answers {response.status if response else 'nothing'}"]
            continue
        landed = _route_name(urlsplit(page.url).path)
        for link in _links(page, base_url):
            if link not in queued:
                queued.add(link)
                queue.append(link)
        if landed in _checked:
            continue
        _checked.add(landed)
        checked += 1
        page.evaluate(axe.axe_script)  # once for both viewports
        found = _faults(page, "desktop")
        page.set_viewport_size(PHONE)
        page.evaluate(_AFTER_RESIZE)
        found += _faults(page, "phone")
        if found:
            faults[f"{page.url} ({landed})"] = found
    return faults, checked


@pytest.mark.parametrize("username", ROLES, ids=[role or "signed-out" for role in ROLES])
def test_every_page_a_role_reaches_has_no_serious_accessibility_fault(browser, base_url, axe, username):
    context = browser.new_context(base_url=base_url, locale="pl-PL", viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    started = time.monotonic()
    try:
        if username:
            sign_in(page, username, DEMO_PASSWORD)
        faults, checked = _walk(page, axe, base_url)
    finally:
        context.close()
    print(f"{username or 'signed out'}: {checked} pages in {time.monotonic() - started:.0f} s")  # noqa: T201
    report = "\n".join(f"{url}\n  " + "\n  ".join(found) for url, found in faults.items())
    assert faults == {}, f"{username or 'signed out'}: pages with faults:\n{report}"
