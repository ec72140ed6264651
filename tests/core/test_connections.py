"""A persistent database connection that the server closed (PostgreSQL restarted) is opened again at the next
request instead of failing it; bench/faults/run.py shows the same under load."""

import pytest
from django.conf import settings
from django.db import connection, connections
from django.db.utils import OperationalError


def test_it_checks_persistent_connections_before_use():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def _persistent(alias: str, *, health_checks: bool):
    """A connection of its own (not the test's transaction), persistent as under gunicorn."""
    default = connections["default"]
    return type(default)(
        {**default.settings_dict, "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": health_checks}, alias=alias
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a server that closes connections")
@pytest.mark.django_db
@pytest.mark.parametrize("health_checks", [True, False])
def test_it_reconnects_after_the_server_closed_the_connection(health_checks):
    probe = _persistent("probe", health_checks=health_checks)
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        with connection.cursor() as cursor:  # the server ends it, as a restart does
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
        probe.close_if_unusable_or_obsolete()  # what Django does when a request starts
        if health_checks:
            with probe.cursor() as cursor:
                cursor.execute("SELECT 1")
                assert cursor.fetchone() == (1,)
        else:  # without the check the first query of the request fails: the bug this setting fixes
            with pytest.raises(OperationalError), probe.cursor() as cursor:
                cursor.execute("SELECT 1")
    finally:
        probe.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements of PostgreSQL")
@pytest.mark.django_db
def test_a_statement_run_twice_on_a_connection_keeps_its_plan():
    """The server binds the parameters, so a list's query run again on the same connection is prepared and
    its plan kept, whatever the parameters."""
    from kooperacja.territory.models import Unit

    assert settings.DATABASES["default"]["OPTIONS"]["server_side_binding"] is True
    for prefix in ("02", "04", "06"):
        list(Unit.objects.filter(code__startswith=prefix).order_by("code").values_list("code", flat=True)[:5])
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert any('FROM "territory_unit"' in statement and "$1" in statement for statement in statements)
