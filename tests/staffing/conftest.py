"""Fixtures of the staffing tests."""

import pytest
from django.conf import settings
from django.test import Client


@pytest.fixture
def english_client(world):
    """english_client("coordinator") -> a client signed in as that persona that reads the pages in English."""

    def make(name: str) -> Client:
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        user = world.user(name)
        if user is not None:
            client.force_login(user)
        return client

    return make
