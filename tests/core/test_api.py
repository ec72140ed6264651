"""The API as a whole: bounded paging and numbers, and the error shape for input it cannot take."""

import json

import pytest
from django.db import DataError
from django.test import RequestFactory

from kooperacja.api import api
from kooperacja.core.api import MAX_ID

HUGE = "99999999999999999999"  # beyond a bigint


def _list_paths() -> list[str]:
    """Every list operation: the GET operations of the OpenAPI document that take ``limit``."""
    document = api.get_openapi_schema(path_prefix="/api/v1")
    return [
        path
        for path, operations in document["paths"].items()
        if any(parameter["name"] == "limit" for parameter in operations.get("get", {}).get("parameters", []))
    ]


LIST_PATHS = _list_paths()


def test_it_finds_every_list_endpoint():
    assert len(LIST_PATHS) == 25
    assert "/api/v1/territory/units" in LIST_PATHS and "/api/v1/training/participants" in LIST_PATHS


@pytest.mark.parametrize("path", LIST_PATHS)
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"offset": HUGE}, "offset"),
        ({"offset": "1000001"}, "offset"),
        ({"offset": "-1"}, "offset"),
        ({"limit": HUGE}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "0"}, "limit"),
    ],
)
def test_it_answers_paging_out_of_range_with_422_on_every_list(world, client_for, path, query, field):
    response = client_for("admin").get(path, query)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert [error["field"] for error in body["errors"]] == [field]


def test_it_answers_paging_out_of_range_with_422_to_anonymous_callers(client, db):
    response = client.get("/api/v1/territory/units", {"offset": HUGE})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "offset"


def test_it_pages_by_50_by_default_and_by_at_most_100(client, db):
    default = client.get("/api/v1/territory/units", {"level": "gmina"}).json()
    assert len(default["items"]) == 50 and default["count"] > 100
    largest = client.get("/api/v1/territory/units", {"level": "gmina", "limit": 100, "offset": 1_000_000})
    assert largest.status_code == 200 and largest.json()["items"] == []
    assert len(client.get("/api/v1/territory/units", {"level": "gmina", "limit": 100}).json()["items"]) == 100


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("delete", f"/api/v1/accounts/tokens/{HUGE}"),
        ("delete", "/api/v1/accounts/tokens/0"),
        ("post", f"/api/v1/placement/proposals/{HUGE}/accept"),
        ("post", f"/api/v1/placement/proposals/{MAX_ID + 1}/reject"),
        ("post", f"/api/v1/placement/referrals/00000000-0000-0000-0000-000000000000/follow-ups/{HUGE}"),
        ("get", f"/api/v1/catalogue/services/uslugi-opiekuncze?version={HUGE}"),
        ("get", "/api/v1/catalogue/services/uslugi-opiekuncze?version=0"),
        ("post", f"/api/v1/agreements/agreements/00000000-0000-0000-0000-000000000000/obligations/{HUGE}/done"),
    ],
)
def test_it_answers_integer_parameters_out_of_range_with_422(world, client_for, method, path):
    response = getattr(client_for("admin"), method)(path, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_it_answers_the_largest_id_with_404(world, client_for):
    response = client_for("admin").post(f"/api/v1/placement/proposals/{MAX_ID}/accept", content_type="application/json")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_it_answers_a_version_number_beyond_an_integer_column_with_422(world, client_for):
    organisation = world.org_a
    body = {"name": "CIS", "kind": "cis", "municipality": organisation.municipality_id, "version": 2**31}
    response = client_for("admin").put(
        f"/api/v1/organisations/{organisation.public_id}", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["version"]


@pytest.mark.parametrize("error", [OverflowError("Python int too large"), DataError("integer out of range")])
def test_it_answers_a_number_the_database_cannot_store_with_422(error):
    request = RequestFactory().get("/api/v1/territory/units")
    response = api.on_exception(request, error)
    assert response.status_code == 422
    assert json.loads(response.content) == {"detail": "A value is out of range.", "code": "invalid", "errors": []}


def test_it_answers_a_body_over_the_upload_limit_with_413(world, client_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"name": "x" * 2000})
    response = client_for("coordinator").post("/api/v1/accounts/tokens", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {
        "detail": "The request body is larger than the server accepts.",
        "code": "too_large",
        "errors": [],
    }


def test_it_answers_a_body_that_is_not_json_with_422(world, client_for):
    response = client_for("coordinator").post("/api/v1/accounts/tokens", "{name:", content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "", "message": "The body is not valid JSON."}]
