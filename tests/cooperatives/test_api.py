import pytest

from tests.cooperatives import factories

pytestmark = pytest.mark.django_db

API = "/api/v1/cooperative-models"
JANOW = "0605053"


def test_the_list_is_paged_and_filtered(world, client_for):
    client = client_for("coordinator")
    answer = client.get(f"{API}/", {"limit": 5}).json()
    assert answer["count"] >= 10 and len(answer["items"]) == 5
    item = answer["items"][0]
    assert {"code", "name", "name_en", "status", "target_groups", "service_areas", "founders"} <= set(item)
    prisoners = client.get(f"{API}/", {"target_group": "prison_leavers"}).json()["items"]
    assert prisoners and all("prison_leavers" in m["target_groups"] for m in prisoners)
    church = client.get(f"{API}/", {"legal_founder": "church", "founders": "legal_persons"}).json()["items"]
    assert church and all("church" in m["legal_founder_kinds"] for m in church)
    assert client.get(f"{API}/", {"target_group": "martians"}).status_code == 422
    assert client_for("anonymous").get(f"{API}/").status_code in (401, 403)


def test_a_model_in_detail(world, client_for):
    factories.with_franchisor(world.org_a)
    answer = client_for("social_worker").get(f"{API}/uslugi-opiekuncze-osob-prawnych").json()
    assert "uslugi-opiekuncze" in answer["services"]
    assert answer["franchisor"] == str(world.org_a.public_id)
    assert answer["documents"][0]["kind"] == "diagnosis"
    assert client_for("social_worker").get(f"{API}/nie-ma-takiego").status_code == 404


def test_the_franchisees_of_a_model(world, client_for):
    factories.franchisee(world.org_b, JANOW, state="active")
    factories.franchisee(world.org_a, "0605063")
    client = client_for("analyst")
    answer = client.get(f"{API}/uslugi-opiekuncze-osob-prawnych/franchisees").json()
    assert answer["count"] == 2
    assert {item["state"] for item in answer["items"]} == {"active", "negotiating"}
    active = client.get(f"{API}/uslugi-opiekuncze-osob-prawnych/franchisees", {"state": "active"}).json()["items"]
    assert [(item["organisation"], item["municipality"]) for item in active] == [(str(world.org_b.public_id), JANOW)]


def test_the_recommendation_with_its_reasons(world, client_for):
    client = client_for("coordinator")
    answer = client.get(f"{API}/recommend", {"unit": "0605", "problem": ["environment", "nonsense"]}).json()
    assert answer["unit"] == "0605" and answer["problems"] == ["environment"]
    first = answer["models"][0]
    assert first["code"] == "zielen-i-srodowisko"
    assert first["score"] == sum(reason["points"] for reason in first["reasons"])
    assert first["reasons"][0]["text"].startswith("Answers 1 of the 1 problems stated")
    assert client.get(f"{API}/recommend", {"unit": "06"}).status_code == 422
    assert client.get(f"{API}/recommend", {"unit": "9999"}).status_code == 404


def test_drafts_are_listed_for_the_editor_only(world, client_for):
    from kooperacja.cooperatives import services

    services.model_create(actor=None, code="szkic-api", data=factories.model_data())
    codes = lambda persona: {m["code"] for m in client_for(persona).get(f"{API}/", {"limit": 100}).json()["items"]}  # noqa: E731
    assert "szkic-api" in codes("catalogue_editor") and "szkic-api" not in codes("coordinator")
    assert client_for("coordinator").get(f"{API}/szkic-api").status_code == 404
