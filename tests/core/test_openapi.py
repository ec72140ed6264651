"""The OpenAPI document: valid OpenAPI 3, one schema per name, and the error answers of every operation."""

import pytest
from ninja.openapi.schema import OpenAPISchema
from openapi_spec_validator import validate

from kooperacja.api import api

ERRORS = {"401", "403", "404", "409", "422"}
ERROR_REF = "#/components/schemas/ErrorOut"


@pytest.fixture
def document(client, db) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(document: dict):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            yield f"{method.upper()} {path}", operation


def test_it_serves_a_valid_openapi_3_document(document):
    assert document["openapi"].startswith("3.")
    validate(document)


def test_every_documented_path_is_one_the_server_answers(document, client):
    """A path in the document is a URL of the API (a router mounted with an empty prefix once yielded
    "/api/v1training/…", which only the document knew)."""
    from django.urls import Resolver404, resolve

    for path in document["paths"]:
        assert path.startswith("/api/v1/"), path
        concrete = path.replace("{public_id}", "00000000-0000-4000-8000-000000000000").replace("{", "").replace("}", "")
        try:
            resolve(concrete)
        except Resolver404:  # pragma: no cover - the failure is the point
            pytest.fail(f"{path} is documented but no URL answers it")


def test_it_never_gives_two_different_schemas_the_same_name(monkeypatch):
    """ninja keeps one definition per name and silently drops the others; every name must be unique."""
    definitions: dict[str, list[dict]] = {}
    original = OpenAPISchema.add_schema_definitions

    def record(self, new_definitions: dict) -> None:
        for name, definition in new_definitions.items():
            if definition not in definitions.setdefault(name, []):
                definitions[name].append(definition)
        original(self, new_definitions)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", record)
    monkeypatch.setattr(api, "_schemas", {})  # build the document again, not from the process's copy
    api.get_openapi_schema(path_prefix="/api/v1")
    assert definitions, "no schema definitions were recorded"
    assert {name: len(found) for name, found in definitions.items() if len(found) > 1} == {}


def test_it_names_the_qualifications_of_a_card_and_of_a_person_apart(document):
    schemas = document["components"]["schemas"]
    assert "QualificationOut" not in schemas
    assert set(schemas["CardQualificationOut"]["properties"]) == {
        "code",
        "name",
        "requirement",
        "hours",
        "mandatory",
        "met_by",
    }
    assert set(schemas["GainedQualificationOut"]["properties"]) == {
        "code",
        "name",
        "evidence",
        "certificate_number",
        "issuer",
        "issued_on",
    }


def test_it_documents_the_error_shape_once(document):
    schemas = document["components"]["schemas"]
    assert set(schemas["ErrorOut"]["required"]) == {"detail", "code", "errors"}
    assert schemas["ErrorOut"]["properties"]["errors"]["items"] == {"$ref": "#/components/schemas/FieldErrorOut"}
    assert set(schemas["FieldErrorOut"]["required"]) == {"field", "message"}


def test_it_documents_the_error_answers_of_every_operation(document):
    missing = {}
    for label, operation in _operations(document):
        expected = ERRORS | ({"413"} if "requestBody" in operation else set())
        documented = {
            status
            for status, answer in operation["responses"].items()
            if answer.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref") == ERROR_REF
        }
        if expected - documented:
            missing[label] = sorted(expected - documented)
    assert missing == {}
    assert len(list(_operations(document))) > 35


def test_it_documents_413_only_where_a_body_is_sent(document):
    operations = dict(_operations(document))
    assert "413" in operations["POST /api/v1/accounts/tokens"]["responses"]
    assert "413" not in operations["GET /api/v1/territory/units"]["responses"]


def test_it_builds_the_document_once_per_language_and_hands_out_copies(monkeypatch):
    from django.utils import translation

    monkeypatch.setattr(api, "_schemas", {})
    built = []
    original = OpenAPISchema.get_paths
    monkeypatch.setattr(OpenAPISchema, "get_paths", lambda self: built.append(1) or original(self))
    first = api.get_openapi_schema(path_prefix="/api/v1")
    first["paths"].clear()  # a caller changing its copy changes nobody else's
    second = api.get_openapi_schema(path_prefix="/api/v1")
    assert len(built) == 1 and second["paths"]
    with translation.override("pl"):
        api.get_openapi_schema(path_prefix="/api/v1")
    assert len(built) == 2
