import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Messages raised by services are checked in English (the interface defaults to Polish)."""
    with translation.override("en"):
        yield
