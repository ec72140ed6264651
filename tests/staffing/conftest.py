"""Fixtures of the staffing tests."""

import importlib
import sys
import types

import pytest
from django.conf import settings
from django.test import Client


def _ensure_function(monkeypatch, module_name: str, function_name: str, double) -> None:
    """Use the real interface function when the other app provides it; otherwise a test double (tests only)."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        module = types.ModuleType(module_name)
        monkeypatch.setitem(sys.modules, module_name, module)
    if not hasattr(module, function_name):
        monkeypatch.setattr(module, function_name, double, raising=False)


@pytest.fixture
def progress_interfaces(monkeypatch):
    """The training and placement progress functions the plan and overview pages call."""
    _ensure_function(monkeypatch, "kooperacja.training.selectors", "plan_line_progress", lambda *, lines: {})
    _ensure_function(monkeypatch, "kooperacja.placement.selectors", "placed_counts", lambda *, lines: {})


@pytest.fixture
def english(world):
    """english("coordinator") -> a client signed in as that persona that reads the pages in English."""

    def make(name: str) -> Client:
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        user = world.user(name)
        if user is not None:
            client.force_login(user)
        return client

    return make
