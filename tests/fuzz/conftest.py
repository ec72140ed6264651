"""Fixtures of the API fuzzing run (``make fuzz``): its own database with the demo region, and one API
token per fuzzing persona.

The fuzzer writes through the tokens like any client would, and every request commits as on a real
server (no wrapping test transaction), into the throw-away test database created here: SQLite in
memory, or ``test_<name>`` on the PostgreSQL server of DATABASE_URL, dropped at the end.
"""

import logging

import pytest

# persona -> demo user whose token the fuzzer sends
FUZZ_USERS = {"coordinator": "koordynator", "administrator": "admin"}


@pytest.fixture(autouse=True, scope="session")
def quiet_client_errors():
    """The fuzzer's invalid input is answered with thousands of 4xx, each logged as a warning; server errors
    are still logged."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker):
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases

    from kooperacja.catalogue.services import catalogue_load
    from kooperacja.demo.loader import demo_load
    from kooperacja.territory.services import territory_load

    with django_db_blocker.unblock():
        old_config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        territory_load()
        catalogue_load()
        demo_load()
    yield
    with django_db_blocker.unblock():
        connections.close_all()
        teardown_databases(old_config, verbosity=0)


@pytest.fixture(scope="session")
def fuzz_tokens(django_db_setup, django_db_blocker) -> dict[str, tuple[int, str]]:
    """persona -> (token id, secret)."""
    from django.contrib.auth import get_user_model

    from kooperacja.accounts.services import api_token_create

    with django_db_blocker.unblock():
        tokens = {}
        for persona, username in FUZZ_USERS.items():
            token, secret = api_token_create(user=get_user_model().objects.get(username=username), name="fuzzing")
            tokens[persona] = (token.pk, secret)
    return tokens


@pytest.fixture
def committed_db(django_db_setup, django_db_blocker):
    """Database access without a wrapping transaction."""
    with django_db_blocker.unblock():
        yield
