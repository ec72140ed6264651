"""The load benchmark (bench/load/) covers every list route, and its bare lists and query counter work."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from bench.load import routes
from bench.load.bare import BARE_RULES
from bench.load.driver import ClientPool, percentile, summarise
from bench.load.middleware import QUERY_COUNT_HEADER
from bench.load.targets import PERSONAS, PLACES, TABLES, TARGETS, bare_path
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kooperacja.accounts.services import api_token_create
from kooperacja.core.routes import ROUTE_RULES
from tests.factories import OrganisationFactory

BENCH_MIDDLEWARE = ["bench.load.middleware.QueryCountMiddleware"]


def test_it_covers_every_list_route_of_the_product():
    covered = {target.route for target in TARGETS}
    missing = routes.list_routes() - covered
    assert not missing, f"add these list routes to bench/load/targets.py: {sorted(missing)}"


def test_it_finds_list_routes_from_the_urlconf_and_the_openapi_document():
    found = routes.list_routes()
    # web routes whose name ends in "list", and GET API operations answering a page or an array
    assert {"registry:list", "training:participant-list", "placement:referral-list"} <= found
    assert {"api:registry-organisations", "api:training-participants", "api:accounts-tokens"} <= found
    assert "registry:detail" not in found and "api:registry-organisation" not in found


def test_it_drives_the_overviews_the_issue_names():
    paths = {target.path for target in TARGETS}
    assert {"/staffing/?territory={county}", "/staffing/?territory={voivodeship}", "/placement/"} <= paths
    assert any(target.route == "territory:search" for target in TARGETS)


def test_its_targets_are_well_formed():
    names = [target.name for target in TARGETS]
    assert len(names) == len(set(names))
    for target in TARGETS:
        assert target.table in TABLES
        assert all(target.persona in personas for personas in PERSONAS.values())
        target.path.format(**PLACES["country"])  # no unknown placeholder


@pytest.fixture
def bench_urls(settings, monkeypatch):
    for name, rule in BARE_RULES.items():
        monkeypatch.setitem(ROUTE_RULES, name, rule)
    settings.ROOT_URLCONF = "bench.load.bare"
    settings.MIDDLEWARE = [*BENCH_MIDDLEWARE, *settings.MIDDLEWARE]


@pytest.mark.usefixtures("bench_urls")
def test_it_lists_50_rows_of_every_table_for_a_signed_in_user(client_for, world):
    OrganisationFactory.create_batch(60)
    client = client_for("coordinator")
    for table in TABLES:
        response = client.get(f"/bench-bare/{table}/")
        assert response.status_code == 200, table
    response = client.get("/bench-bare/organisation/")
    assert response.content.count(b"<tr>") == 50


@pytest.mark.usefixtures("bench_urls")
def test_it_answers_the_api_bare_list_as_json_behind_a_token(world):
    user = world.user("coordinator")
    _token, secret = api_token_create(user=user, name="bench")
    response = Client().get("/api/bench-bare/organisation", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    items = json.loads(response.content)["items"]
    assert [item["pk"] for item in items] == sorted(item["pk"] for item in items)
    assert {"pk", "public_id", "name", "kind", "municipality_id"} == set(items[0])


@pytest.mark.usefixtures("bench_urls")
def test_its_bare_lists_need_a_signed_in_user(db):
    response = Client().get("/bench-bare/organisation/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert Client().get("/api/bench-bare/organisation", HTTP_AUTHORIZATION="Bearer koop_wrong").status_code == 401


@pytest.mark.usefixtures("bench_urls")
def test_it_answers_the_number_of_queries_of_the_request(client_for, world):
    client = client_for("coordinator")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/organisations/")
    assert response.status_code == 200
    assert int(response[QUERY_COUNT_HEADER]) == len(captured.captured_queries) > 0


@pytest.mark.usefixtures("bench_urls")
def test_its_bare_routes_exist_only_in_the_bench_urlconf(client_for, world, settings):
    assert client_for("coordinator").get(bare_path(TARGETS[0])).status_code == 200
    settings.ROOT_URLCONF = "kooperacja.urls"
    assert client_for("coordinator").get(bare_path(TARGETS[0])).status_code == 404


def test_it_summarises_latencies_statuses_and_queries():
    samples = [(0.010 * (i + 1), 200, 7) for i in range(19)] + [(1.0, 500, None)]
    result = summarise(samples, started=0.0, finished=2.0)
    assert result.requests == 20
    assert result.rps == 10.0
    assert result.errors == 1
    assert result.statuses == {"200": 19, "500": 1}
    assert result.p50_ms == pytest.approx(100.0)
    assert result.p95_ms == pytest.approx(190.0)
    assert result.queries == 7


def test_its_percentile_is_the_nearest_rank():
    assert percentile([], 0.95) == 0.0
    assert percentile([5.0], 0.95) == 5.0
    assert percentile(list(range(1, 101)), 0.95) == 95
    assert percentile(list(range(1, 101)), 0.50) == 50


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 - the name http.server calls
        found = self.path == "/page"
        body = b"ok" if found else b"missing"
        self.send_response(200 if found else 404)
        self.send_header("Content-Length", str(len(body)))
        self.send_header(QUERY_COUNT_HEADER, "3")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_its_client_processes_measure_two_paths_in_alternating_slices():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    pool = ClientPool("127.0.0.1", server.server_address[1], clients=2)
    try:
        page, missing = pool.compare(("/page", {}), ("/missing", {}), seconds=0.6, rounds=2)
    finally:
        pool.close()
        server.shutdown()
    assert page.requests > 10 and page.errors == 0 and page.queries == 3
    assert missing.requests > 10
    assert missing.errors == missing.requests and missing.statuses == {"404": missing.requests}
    assert page.seconds == pytest.approx(0.6, abs=0.2)
