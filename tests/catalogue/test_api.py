import pytest

from tests.catalogue.helpers import CARE, current_card

pytestmark = pytest.mark.django_db

URL = "/api/v1/catalogue/services"


def test_it_lists_services_with_pagination(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        body = client.get(URL, {"limit": 5, "offset": 0}).json()
    assert set(body) == {"items", "count"}
    assert body["count"] >= 15 and len(body["items"]) == 5
    item = body["items"][0]
    assert {"code", "name", "summary", "delivery_form", "is_cus_social_service", "version"} <= set(item)
    second = client.get(URL, {"limit": 5, "offset": 5}).json()["items"]
    assert {i["code"] for i in body["items"]}.isdisjoint({i["code"] for i in second})


def test_it_searches_and_filters_services(client):
    codes = [item["code"] for item in client.get(URL, {"q": "zlobek"}).json()["items"]]
    assert codes == ["zlobek"]
    forms = {item["delivery_form"] for item in client.get(URL, {"form": "residential"}).json()["items"]}
    assert forms == {"residential"}
    assert client.get(URL, {"form": "nowhere"}).status_code == 422


def test_it_returns_a_full_card_by_code(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        response = client.get(f"{URL}/{CARE}")
    assert response.status_code == 200
    card = response.json()
    assert card["code"] == CARE and card["version"] == card["current_version"] == current_card().number
    assert card["cis_programme"]["total_hours"] == 280
    assert sum(m["hours"] for m in card["kis_programme"]["modules"]) == card["kis_programme"]["total_hours"]
    for key in ("qualifications", "minimum_resources", "readiness_criteria", "indicators"):
        assert card[key], key


def test_it_returns_an_older_version_on_request(client, world):
    from kooperacja.catalogue import services
    from kooperacja.catalogue.models import ServiceType

    service_type = ServiceType.objects.get(code=CARE)
    old_number = service_type.current_version.number
    services.service_card_publish(
        actor=world.user("admin"),
        service_type=service_type,
        data={"name": "Nowa nazwa"},
        base_number=old_number,
        change_note="Zmiana nazwy.",
    )
    old = client.get(f"{URL}/{CARE}", {"version": old_number}).json()
    assert old["version"] == old_number and old["current_version"] == old_number + 1
    assert old["name"] != "Nowa nazwa"
    assert client.get(f"{URL}/{CARE}").json()["name"] == "Nowa nazwa"


def test_it_answers_404_in_the_error_shape(client):
    for url in (f"{URL}/nie-ma-takiej", f"{URL}/{CARE}?version=999"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found" and set(response.json()) == {"detail", "code", "errors"}
