import json

import pytest

from kooperacja.audit.models import PersonalDataAccess
from kooperacja.registry import services
from kooperacja.registry.models import ContactPerson, Organisation
from tests.factories import GRUDZIADZ, LUBLIN, OrganisationFactory
from tests.registry.helpers import organisation_data

pytestmark = pytest.mark.django_db

URL = "/api/v1/organisations"


def item_url(organisation) -> str:
    return f"{URL}/{organisation.public_id}"


def send(client, method: str, url: str, body) -> object:
    return client.generic(
        method, url, data=json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )


def api_body(organisation: Organisation, **changes) -> dict:
    body = {
        "name": organisation.name,
        "short_name": organisation.short_name,
        "kind": organisation.kind,
        "nip": organisation.nip,
        "regon": organisation.regon,
        "krs": organisation.krs,
        "street": organisation.street,
        "postal_code": organisation.postal_code,
        "city": organisation.city,
        "municipality": organisation.municipality_id,
        "email": organisation.email,
        "phone": organisation.phone,
        "website": organisation.website,
        "description": organisation.description,
        "is_active": organisation.is_active,
        "version": organisation.version,
    }
    body.update(changes)
    return body


def test_it_lists_organisations_with_limit_offset_and_a_bounded_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    for index in range(30):
        OrganisationFactory(name=f"Fundacja {index:02d}", municipality_id=LUBLIN)
    client = client_for("analyst")
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"limit": 10, "offset": 5})
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 34 and len(body["items"]) == 10
    item = body["items"][0]
    assert set(item) >= {"public_id", "name", "kind", "municipality", "county", "voivodeship", "version"}
    assert "contacts" not in item


def test_it_filters_the_list_like_the_web(world, client_for):
    client = client_for("analyst")
    assert [i["name"] for i in client.get(URL, {"q": "grudziadz"}).json()["items"]] == [
        "CIS Grudziądz",
        "MOPS Grudziądz",
    ]
    assert [i["name"] for i in client.get(URL, {"voivodeship": "06"}).json()["items"]] == [
        "Spółdzielnia Socjalna Janów"
    ]
    assert client.get(URL, {"county": "0462", "kind": "cis"}).json()["count"] == 1
    item = client.get(URL, {"municipality": GRUDZIADZ}).json()["items"][0]
    assert item["county"]["code"] == "0462" and item["voivodeship"]["code"] == "04"


def test_it_answers_a_bad_filter_in_the_common_error_shape(world, client_for):
    response = client_for("analyst").get(URL, {"kind": "bakery", "limit": "many"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and {e["field"] for e in body["errors"]} >= {"kind", "limit"}


def test_it_shows_the_detail_and_logs_the_contacts_read(world, client_for):
    ContactPerson.objects.create(organisation=world.org_a, full_name="Ewa Lis", phone="600 000 000")
    services.workshop_create(actor=None, organisation=world.org_a, data={"name": "Warsztat ogrodniczy", "capacity": 6})
    response = client_for("social_worker").get(item_url(world.org_a))
    body = response.json()
    assert response.status_code == 200
    assert body["contacts"][0]["full_name"] == "Ewa Lis"
    assert body["workshops"][0]["name"] == "Warsztat ogrodniczy"
    assert body["register_terms"] == [] and body["register_status"] == "none" and body["members_count"] >= 1
    access = PersonalDataAccess.objects.get()
    assert access.channel == "api" and access.actor == world.user("social_worker")


def test_it_answers_404_for_an_organisation_the_user_may_not_see(world, client_for):
    hidden = OrganisationFactory(is_active=False)
    response = client_for("member_b").get(item_url(hidden))
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert send(client_for("member_b"), "PUT", item_url(hidden), api_body(hidden)).status_code == 404


def test_it_requires_authentication(world, client_for):
    assert client_for("anonymous").get(URL).status_code == 401


@pytest.mark.parametrize("persona", ["admin", "coordinator", "register_officer", "owes_advisor"])
def test_it_creates_an_organisation(world, client_for, persona):
    response = send(client_for(persona), "POST", URL, organisation_data(name=f"Fundacja {persona}"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["nip"] == "5260250274" and body["version"] == 1
    assert Organisation.objects.filter(public_id=body["public_id"]).exists()


@pytest.mark.parametrize("persona", ["pes_manager", "member_b", "analyst"])
def test_it_refuses_creation_to_others(world, client_for, persona):
    response = send(client_for(persona), "POST", URL, organisation_data())
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_it_answers_bad_data_with_field_errors_and_saves_nothing(world, client_for):
    client = client_for("coordinator")
    services.organisation_create(actor=None, data=organisation_data(name="Pierwsza"))
    bad = organisation_data(name="x" * 300, nip="5260250275", regon=None, krs="12", municipality="0406")
    response = send(client, "POST", URL, bad)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert {error["field"] for error in body["errors"]} == {"name", "nip", "krs", "municipality"}
    response = send(client, "POST", URL, organisation_data(name="Druga", regon=None, krs=None))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "nip", "message": "An organisation with this NIP is already registered: Pierwsza."}
    ]
    assert Organisation.objects.filter(name__in=["Druga", "x" * 300]).count() == 0


def test_it_answers_wrong_json_types_with_422_in_the_common_shape(world, client_for):
    response = send(client_for("coordinator"), "POST", URL, organisation_data(name=["not", "text"], kind="maybe"))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and {e["field"] for e in body["errors"]} == {"name", "kind"}
    response = send(client_for("coordinator"), "PUT", item_url(world.org_a), api_body(world.org_a, version="one"))
    assert response.status_code == 422 and body["errors"]


def test_it_updates_with_the_current_version_and_refuses_a_stale_one(world, client_for):
    read = client_for("coordinator").get(item_url(world.org_a)).json()
    first = send(client_for("coordinator"), "PUT", item_url(world.org_a), api_body(world.org_a, name="Pierwsza zmiana"))
    assert first.status_code == 200 and first.json()["version"] == read["version"] + 1
    second = send(client_for("pzs_staff"), "PUT", item_url(world.org_a), api_body(world.org_a, name="Druga zmiana"))
    assert second.status_code == 409
    assert second.json()["code"] == "conflict" and "Someone else saved" in second.json()["detail"]
    world.org_a.refresh_from_db()
    assert world.org_a.name == "Pierwsza zmiana"


def test_it_requires_the_version_on_update(world, client_for):
    body = api_body(world.org_a)
    del body["version"]
    response = send(client_for("coordinator"), "PUT", item_url(world.org_a), body)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "version"


@pytest.mark.parametrize(("persona", "status"), [("member_b", 403), ("partner_worker", 403), ("analyst", 403)])
def test_it_refuses_an_update_without_the_right(world, client_for, persona, status):
    response = send(client_for(persona), "PUT", item_url(world.org_a), api_body(world.org_a, name="Przejęta"))
    assert response.status_code == status and response.json()["code"] == "forbidden"
    world.org_a.refresh_from_db()
    assert world.org_a.name == "CIS Grudziądz"


def test_it_uses_a_token_like_a_session(world, client):
    from kooperacja.accounts.services import api_token_create

    _token, secret = api_token_create(user=world.user("coordinator"), name="skrypt")
    response = client.generic(
        "PUT",
        item_url(world.org_a),
        data=json.dumps(api_body(world.org_a, city="Grudziądz-Rządz")),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 200 and response.json()["city"] == "Grudziądz-Rządz"
