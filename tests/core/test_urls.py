"""Web URLs with numbers: bounded digits, so that a huge number is a missing page, never a server error."""

from pathlib import Path

import pytest
from django.urls import URLPattern, get_resolver, reverse

from tests.core.test_route_permissions import SAMPLE_KWARGS, _walk

SRC = Path(__file__).resolve().parents[2] / "src" / "kooperacja"

HUGE = "9" * 20  # beyond a bigint
SENTINEL = 876543210987654321  # 18 digits: the longest number a route takes


def _numbered_routes() -> list[tuple[str, list[str]]]:
    routes = []
    for name, pattern in _walk(get_resolver()):
        assert isinstance(pattern, URLPattern)
        numbers = [key for key, converter in pattern.pattern.converters.items() if converter.regex == "[0-9]{1,18}"]
        if numbers:
            routes.append((name, numbers))
    return routes


NUMBERED_ROUTES = _numbered_routes()


def test_it_bounds_every_number_in_a_web_url():
    assert len(NUMBERED_ROUTES) == 25
    offenders = [str(path.relative_to(SRC)) for path in SRC.rglob("urls.py") if "<int:" in path.read_text()]
    assert offenders == [], "use <num:…> (kooperacja.core.converters) instead of <int:…>"


@pytest.mark.parametrize(("name", "numbers"), NUMBERED_ROUTES, ids=[name for name, _numbers in NUMBERED_ROUTES])
def test_it_answers_a_huge_number_in_a_web_url_with_404(world, client_for, name, numbers):
    kwargs = {**SAMPLE_KWARGS[name](world), **dict.fromkeys(numbers, SENTINEL)}
    url = reverse(name, kwargs=kwargs)
    client = client_for("admin")
    in_range = client.get(url)
    if in_range.status_code == 405:  # a page that only takes POST (a revoke, an accept)
        in_range = client.post(url)
    assert in_range.status_code == 404
    huge = url.replace(str(SENTINEL), HUGE)
    assert client.get(huge).status_code == 404
    assert client.post(huge).status_code == 404
