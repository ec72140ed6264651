import pytest
from django.urls import reverse

from kooperacja.catalogue import selectors
from kooperacja.catalogue.models import ServiceCardVersion, ServiceType
from kooperacja.core.text import polish_sort_key
from tests.catalogue.helpers import CARE, card_post_data, current_card

pytestmark = pytest.mark.django_db

LIST = reverse("catalogue:list")


def _names(response) -> list[str]:
    return [service_type.current_version.name for service_type in response.context["page_obj"]]


def test_it_lists_every_card_publicly_in_polish_order(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(LIST)
    assert response.status_code == 200
    names = _names(response)
    assert len(names) >= 15
    assert names == sorted(names, key=polish_sort_key)


@pytest.mark.parametrize("query", ["opiekuncze", "opiekuńcze", "OPIEKUŃCZE"])
def test_it_finds_cards_with_or_without_diacritics(client, query):
    names = _names(client.get(LIST, {"q": query}))
    assert "Usługi opiekuńcze w miejscu zamieszkania" in names
    assert "Żłobek" not in names


def test_it_finds_a_card_by_a_folded_name(client):
    assert _names(client.get(LIST, {"q": "zlobek"})) == ["Żłobek"]


def test_it_filters_by_form_target_group_and_cus_flag(client):
    day = [st.current_version.delivery_form for st in client.get(LIST, {"form": "day"}).context["page_obj"]]
    assert day and set(day) == {"day"}
    children = _names(client.get(LIST, {"group": "dzieci"}))
    assert "Żłobek" in children and "Usługi sąsiedzkie" not in children
    not_cus = _names(client.get(LIST, {"cus": "no"}))
    assert "Posiłki i catering społeczny" in not_cus and "Żłobek" not in not_cus


def test_it_answers_htmx_with_the_results_only(client):
    response = client.get(LIST, {"q": "senior"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"Klub seniora" in response.content


def test_it_shows_a_card_with_every_section(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("catalogue:detail", args=[CARE]))
    content = response.content.decode()
    assert response.status_code == 200
    for text in ("art. 50", "Opiekunka środowiskowa", "Praktyka zawodowa u realizatora usługi", "280"):
        assert text in content
    assert "Version history" in content or "Historia wersji" in content


def test_it_answers_404_for_an_unknown_card_or_version(client):
    assert client.get(reverse("catalogue:detail", args=["nie-ma-takiej"])).status_code == 404
    assert client.get(reverse("catalogue:version", args=[CARE, 99])).status_code == 404


def test_it_lets_an_editor_publish_a_new_version_from_the_form(client_for):
    client = client_for("catalogue_editor")
    url = reverse("catalogue:edit", args=[CARE])
    assert client.get(url).status_code == 200
    old = current_card()

    data = card_post_data(summary="Streszczenie poprawione w formularzu.")
    data["cis_modules-0-DELETE"] = "on"
    response = client.post(url, data)

    assert response.status_code == 302
    new = current_card()
    assert new.number == old.number + 1
    assert new.summary == "Streszczenie poprawione w formularzu."
    assert new.cis_hours == old.cis_hours - old.cis_modules[0].hours
    assert client.get(reverse("catalogue:version", args=[CARE, old.number])).context["card"].summary == old.summary
    compare = client.get(reverse("catalogue:compare", args=[CARE]))
    assert compare.status_code == 200
    assert "Streszczenie poprawione w formularzu." in compare.content.decode()


def test_it_adds_a_new_row_from_the_blank_row(client_for):
    client = client_for("admin")
    data = card_post_data()
    index = int(data["indicators-TOTAL_FORMS"])
    data["indicators-TOTAL_FORMS"] = str(index + 1)
    data.update({f"indicators-{index}-name": "Liczba nowych odbiorców", f"indicators-{index}-unit": "osoby"})
    assert client.post(reverse("catalogue:edit", args=[CARE]), data).status_code == 302
    assert current_card().indicators.filter(name="Liczba nowych odbiorców").exists()


def test_it_gives_an_extra_blank_row_on_request_without_publishing(client_for):
    client = client_for("catalogue_editor")
    data = card_post_data(add_row="qualifications")
    count = ServiceCardVersion.objects.count()
    response = client.post(reverse("catalogue:edit", args=[CARE]), data)
    assert response.status_code == 200
    formset = response.context["editor"].formsets["qualifications"]
    assert len(formset.forms) == int(data["qualifications-TOTAL_FORMS"]) + 1
    assert not response.context["editor"].has_errors
    assert ServiceCardVersion.objects.count() == count


def test_it_shows_validation_errors_and_publishes_nothing(client_for):
    client = client_for("catalogue_editor")
    count = ServiceCardVersion.objects.count()
    response = client.post(
        reverse("catalogue:edit", args=[CARE]), card_post_data(change_note="", **{"cis_modules-0-hours": "0"})
    )
    assert response.status_code == 200
    editor = response.context["editor"]
    assert editor.has_errors
    assert "change_note" in editor.form.errors
    assert "hours" in editor.formsets["cis_modules"].forms[0].errors
    assert ServiceCardVersion.objects.count() == count


def test_it_refuses_a_stale_edit_from_the_form(client_for):
    client = client_for("catalogue_editor")
    url = reverse("catalogue:edit", args=[CARE])
    stale = card_post_data(summary="Druga osoba edytuje starą wersję.")
    assert client.post(url, card_post_data(summary="Pierwsza osoba zdążyła.")).status_code == 302

    response = client.post(url, stale)

    assert response.status_code == 409
    assert response.context["conflict"]
    assert current_card().summary == "Pierwsza osoba zdążyła."


def test_it_refuses_editing_to_other_roles(client_for):
    url = reverse("catalogue:edit", args=[CARE])
    for persona in ("coordinator", "pzs_staff", "member_b"):
        assert client_for(persona).get(url).status_code == 403
        assert client_for(persona).post(url, card_post_data(summary="X")).status_code == 403
    assert current_card().summary != "X"
    response = client_for("anonymous").get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client_for("anonymous").get(reverse("catalogue:create")).status_code == 302


def test_it_shows_the_edit_link_only_to_editors(client_for):
    url = reverse("catalogue:detail", args=[CARE])
    edit = reverse("catalogue:edit", args=[CARE])
    assert edit in client_for("catalogue_editor").get(url).content.decode()
    assert edit not in client_for("coordinator").get(url).content.decode()


def test_it_creates_a_new_card_from_the_form(client_for):
    client = client_for("catalogue_editor")
    data = card_post_data(code="opieka-nocna", name="Opieka nocna", change_note="Nowa karta.")
    data.pop("base_number")
    response = client.post(reverse("catalogue:create"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("catalogue:detail", args=["opieka-nocna"])
    assert selectors.service_card_get(code="opieka-nocna").number == 1
    assert client.get(reverse("catalogue:create")).status_code == 200


def test_it_refuses_a_taken_code_on_the_create_page(client_for):
    data = card_post_data(code=CARE, change_note="Duplikat.")
    response = client_for("catalogue_editor").post(reverse("catalogue:create"), data)
    assert response.status_code == 200
    assert "code" in response.context["editor"].form.errors
    assert ServiceType.objects.filter(code=CARE).count() == 1
