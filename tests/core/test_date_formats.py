"""Dates in the interface: long in sentences ("30 listopada 2026"), day.month.year in tables, never ISO.

The walk signs in as demo users of several roles, follows the links of the pages it reaches (one page per
kind of address) and reads the visible text of each, in Polish."""

import re
from collections import deque
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from kooperacja.core.text import long_date, long_datetime, recorded_date, short_date
from kooperacja.demo.loader import demo_load

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SKIPPED = ("/admin/", "/api/", "/accounts/logout", "/i18n/", "/static/", "/media/")
# Roles whose pages together reach every part of the demo: a CIS's staff, a social cooperative, the OPS,
# the voivode's office and the administrator.
WALKERS = ("kadra.cis", "manager.pes", "koordynator", "pracownik.socjalny", "urzednik.wojewody", "admin")
PAGES_PER_USER = 70


class _VisibleText(HTMLParser):
    """The text a reader sees: element content without scripts, styles and attribute values (an input's
    ``value`` or a ``<time datetime=…>`` may keep the ISO form machines need)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/"):
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def _kind(url: str) -> str:
    """One address per kind of page: numbers and ids replaced, the query's names kept without values."""
    parts = urlsplit(url)
    path = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|\d+", "#", parts.path)
    names = sorted({item.split("=")[0] for item in parts.query.split("&") if item})
    return path + "?" + "&".join(names)


def _walk(client: Client) -> dict[str, list[str]]:
    seen: set[str] = set()
    found: dict[str, list[str]] = {}
    queue = deque(["/"])
    visited = 0
    while queue and visited < PAGES_PER_USER:
        url = queue.popleft()
        kind = _kind(url)
        if kind in seen or url.startswith(SKIPPED):
            continue
        seen.add(kind)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        visited += 1
        parser = _VisibleText()
        parser.feed(response.content.decode())
        text = " ".join(parser.parts)
        hits = ISO_DATE.findall(text)
        if hits:
            found[url] = hits
        queue.extend(link.split("#")[0] for link in parser.links)
    return found


@pytest.mark.django_db
def test_it_shows_no_iso_date_on_any_page_the_demo_users_reach(polish):
    demo_load()
    users = get_user_model().objects.in_bulk(WALKERS, field_name="username")
    found = {}
    for username in WALKERS:
        client = Client()
        client.force_login(users[username])
        for url, hits in _walk(client).items():
            found[f"{username} {url}"] = hits
    assert found == {}, "\n".join(f"{page}: {hits[:3]}" for page, hits in found.items())


def test_it_writes_dates_long_in_sentences_and_short_in_tables(polish):
    day = date(2026, 11, 30)
    assert long_date(day) == "30 listopada 2026"
    assert short_date(day) == "30.11.2026"
    # 13:05 UTC is 14:05 in Warsaw in winter
    assert long_datetime(datetime(2026, 11, 30, 13, 5, tzinfo=UTC)) == "30 listopada 2026, 14:05"
    with translation.override("en"):
        assert recorded_date(day) == "30.11.2026"
        assert "2026-11-30" not in long_date(day)


def test_it_formats_the_date_filter_the_polish_way(polish):
    from django.template import Context, Template

    rendered = Template('{{ d|date:"DATE_FORMAT" }} | {{ d|date:"SHORT_DATE_FORMAT" }}').render(
        Context({"d": date(2026, 3, 1)})
    )
    assert rendered == "1 marca 2026 | 01.03.2026"
