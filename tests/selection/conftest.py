"""The test host is registered for each test of the app (and removed afterwards), so the app is tested alone."""

import pytest

from kooperacja.selection import hosts
from tests.selection.hosts import CONFIRMED, make_host

KIND = "test"
TEST_HOST = make_host(KIND)


@pytest.fixture(autouse=True)
def test_host():
    hosts.register(TEST_HOST)
    CONFIRMED.clear()
    yield TEST_HOST
    hosts.unregister(KIND)
