"""``manage.py demo_logins`` (printed by ``make demo``): each demo login with the page to open first and what to
try there, at the address the server listens on; every such page opens for its login."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation

from kooperacja.demo.loader import USERS, demo_load
from kooperacja.demo.start import START

pytestmark = pytest.mark.django_db


def _printed() -> str:
    out = StringIO()
    call_command("demo_logins", stdout=out)
    return out.getvalue()


def _starts(printed: str) -> dict[str, str]:
    """username → the path printed on the line after its login."""
    starts, username = {}, None
    for line in printed.splitlines():
        words = line.split()
        if words and words[0] == "→":
            starts[username] = words[1].removeprefix("http://127.0.0.1:8000")
        elif line.startswith("  ") and words:
            username = words[0]
    return starts


def test_every_demo_login_has_a_start_that_opens_for_it(client, monkeypatch):
    monkeypatch.delenv("KOOPERACJA_ADDR", raising=False)
    assert set(START) == {"admin"} | {username for username, *_rest in USERS}
    demo_load()
    starts = _starts(_printed())
    assert set(starts) == set(START)
    for username, path in starts.items():
        client.force_login(get_user_model().objects.get(username=username))
        response = client.get(path)
        assert response.status_code == 200, (username, path, response.status_code)
        client.logout()


def test_it_prints_the_address_of_kooperacja_addr_and_speaks_the_active_language(monkeypatch):
    monkeypatch.delenv("KOOPERACJA_ADDR", raising=False)
    printed = _printed()
    assert "→ http://127.0.0.1:8000/staffing/rounds/  Open the diagnosis round of Grudziądz" in printed
    assert printed.rstrip().endswith("Open http://127.0.0.1:8000")
    monkeypatch.setenv("KOOPERACJA_ADDR", "localhost:8080")
    printed = _printed()
    assert "→ http://localhost:8080/audit/  See who read whose personal data" in printed
    assert "http://127.0.0.1:8000" not in printed
    with translation.override("pl"):
        printed = _printed()
    assert "Loginy demonstracyjne" in printed and "Otwórz rundę diagnozy Grudziądza" in printed
