"""Every URL pattern and API operation has a declared rule, and every persona gets exactly the access
that rule promises. A new route fails here until its rule, its expected personas and (if it takes
parameters) sample arguments are declared."""

import importlib
import json
import pkgutil
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kooperacja.accounts.roles import Role
from kooperacja.core.routes import ROUTE_RULES, rule_for
from tests.conftest import world_build
from tests.once import built_once

ALL_ROLES = {role.value for role in Role}
SIGNED_IN = ALL_ROLES | {"member_b", "no_membership", "admin"}
EVERYONE = SIGNED_IN | {"anonymous"}

# Rule -> the personas it lets through at route level (object-level checks are tested per app).
EXPECTED = {
    "core.public": EVERYONE,
    "core.signed_in": SIGNED_IN,
    "core.access_admin": {"admin"},
    "audit.view_log": {"admin"},
    "registry.view_organisation": SIGNED_IN,
    "registry.add_organisation": {"admin", "coordinator", "register_officer", "owes_advisor"},
    "registry.edit_organisations": {
        "admin",
        "coordinator",
        "register_officer",
        "pzs_staff",
        "pes_manager",
        "owes_advisor",
        "social_worker",
        "member_b",
    },
    "registry.decide_registers": {"admin", "register_officer"},
    "registry.view_contacts": SIGNED_IN,
    "catalogue.edit_cards": {"admin", "catalogue_editor"},
}

# Routes whose paths take parameters: name -> function(world) -> kwargs.
SAMPLE_KWARGS = {
    "core:section": lambda w: {"slug": "cooperation3d"},
    "territory:detail": lambda w: {"code": "0462011"},
    "accounts:token-revoke": lambda w: {"token_id": 999999},
    "api:territory-unit": lambda w: {"code": "0462011"},
    "api:accounts-token": lambda w: {"token_id": 999999},
}
# Each app may contribute its own EXPECTED rules and SAMPLE_KWARGS in tests/<app>/routes.py.
for _module_info in pkgutil.iter_modules([str(Path(__file__).resolve().parent.parent)]):
    try:
        _routes = importlib.import_module(f"tests.{_module_info.name}.routes")
    except ModuleNotFoundError:
        continue
    EXPECTED.update(getattr(_routes, "EXPECTED", {}))
    SAMPLE_KWARGS.update(getattr(_routes, "SAMPLE_KWARGS", {}))

SKIPPED_NAMESPACES = {"admin"}  # Django admin: one rule for the whole site, checked on its index below.


def _walk(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _walk(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def _api_methods(pattern: URLPattern) -> list[str]:
    path_view = getattr(pattern.callback, "__self__", None)
    if path_view is None and getattr(pattern.callback, "__closure__", None):
        # django-ninja wraps its PathView in a closure; find the view holding the operations.
        cells = (cell.cell_contents for cell in pattern.callback.__closure__)
        path_view = next((content for content in cells if hasattr(content, "operations")), None)
    operations = getattr(path_view, "operations", None) or []
    methods = []
    for operation in operations:
        methods.extend(operation.methods)
    return methods or ["GET"]


def all_routes():
    routes = []
    for name, pattern in _walk(get_resolver()):
        if name.split(":")[0] in SKIPPED_NAMESPACES:
            continue
        methods = _api_methods(pattern) if name.startswith("api:") else ["GET"]
        routes.extend((name, method) for method in methods)
    return sorted(set(routes))


def test_it_declares_a_rule_for_every_route():
    missing = [f"{name} {method}" for name, method in all_routes() if rule_for(name, method) is None]
    assert missing == [], f"routes without an access rule: {missing}"


def test_it_knows_the_expected_personas_of_every_rule():
    used = {rule_for(name, method) for name, method in all_routes()}
    assert used - EXPECTED.keys() == set(), "declare the expected personas of new rules in EXPECTED"


def test_it_has_no_rules_for_routes_that_do_not_exist():
    names = {name for name, _method in all_routes()} | {"admin:*"}
    assert set(ROUTE_RULES) - names == set()


def _request(client, name: str, method: str, url: str):
    if name.startswith("api:") and method != "GET":
        return client.generic(method, url, data=json.dumps({}), content_type="application/json")
    return client.get(url)


def _denied(name: str, response) -> bool:
    if name.startswith("api:"):
        return response.status_code in (401, 403)
    if response.status_code == 403:
        return True
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.fixture(scope="module")
def signed_in(django_db_setup, django_db_blocker):
    """The personas' world and a session of each (None for anonymous), built once for the route tests."""

    def build():
        world = world_build()
        sessions = {}
        for persona in EVERYONE:
            user = world.user(persona)
            if user is not None:
                client = Client()
                client.force_login(user)
                sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
        return world, sessions

    yield from built_once(django_db_blocker, build)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method"), all_routes(), ids=lambda value: value)
def test_it_gives_every_persona_the_access_its_rule_promises(signed_in, name, method):
    # One test per route, so that pytest-xdist spreads the routes over the workers.
    world, sessions = signed_in
    kwargs = SAMPLE_KWARGS[name](world) if name in SAMPLE_KWARGS else {}
    url = reverse(name, kwargs=kwargs)  # a route with parameters needs SAMPLE_KWARGS
    allowed_personas = EXPECTED[rule_for(name, method)]
    failures = []
    client = Client()
    for persona in sorted(EVERYONE):
        client.cookies = SimpleCookie()  # a fresh jar: a response that ends a session cannot carry over
        if persona in sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[persona]
        # API writes from a session need the CSRF token like forms do; test access, not CSRF, here.
        client.handler.enforce_csrf_checks = False
        response = _request(client, name, method, url)
        denied = _denied(name, response)
        if (persona in allowed_personas) == denied:
            expected = "allowed" if persona in allowed_personas else "denied"
            failures.append(f"{method} {name} as {persona}: expected {expected}, got {response.status_code}")
    assert failures == []


@pytest.mark.django_db
def test_it_admits_only_staff_to_the_admin(world, client_for):
    assert client_for("admin").get("/admin/").status_code == 200
    for persona in ("coordinator", "catalogue_editor", "member_b"):
        assert client_for(persona).get("/admin/").status_code == 403
    response = client_for("anonymous").get("/admin/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
