import pytest

from kooperacja.core.text import fold, polish_sort_key
from kooperacja.territory import selectors
from kooperacja.territory.forms import UnitField
from kooperacja.territory.models import Level, Unit
from kooperacja.territory.services import territory_load

pytestmark = pytest.mark.django_db


def test_it_loads_every_unit_of_the_register():
    assert Unit.objects.filter(level=Level.VOIVODESHIP).count() == 16
    assert Unit.objects.filter(level=Level.COUNTY).count() == 380
    assert Unit.objects.filter(level=Level.MUNICIPALITY).count() == 2479
    grudziadz = Unit.objects.get(code="0462011")
    assert grudziadz.parent_id == "0462"
    assert grudziadz.voivodeship_id == "04"
    assert grudziadz.population == 88658  # 31 Dec 2023, GUS
    assert grudziadz.has_centroid


def test_it_loads_idempotently():
    before = list(Unit.objects.order_by("code").values_list("code", "name", "population", "latitude"))
    counts = territory_load()
    after = list(Unit.objects.order_by("code").values_list("code", "name", "population", "latitude"))
    assert counts == {"wojewodztwo": 16, "powiat": 380, "gmina": 2479}
    assert before == after


def test_it_keeps_municipalities_without_statistics():
    szczawa = Unit.objects.get(code="1207132")
    assert szczawa.population is None and not szczawa.has_centroid


def test_it_finds_units_ignoring_case_and_diacritics():
    names = [u.name for u in selectors.unit_list(q="lodz", level=Level.MUNICIPALITY)]
    assert names[0] == "Łódź"
    assert "Aleksandrów Łódzki" in names
    assert {u.code for u in selectors.unit_list(q="GRUDZIADZ", level=Level.MUNICIPALITY)} == {"0406012", "0462011"}


def test_it_sorts_in_polish_alphabetical_order():
    words = ["Żary", "Łask", "Zabrze", "Lubin", "Ostróda", "Oświęcim", "Ełk", "Elbląg"]
    assert sorted(words, key=polish_sort_key) == [
        "Elbląg",
        "Ełk",
        "Lubin",
        "Łask",
        "Ostróda",
        "Oświęcim",
        "Zabrze",
        "Żary",
    ]
    counties = [u.name for u in selectors.unit_list(level=Level.COUNTY, parent="10")]
    assert counties == sorted(counties, key=polish_sort_key)


def test_it_folds_polish_letters():
    assert fold("ŻÓŁĆ Źdźbło") == "zolc zdzblo"


def test_it_measures_distance_between_municipalities():
    grudziadz = Unit.objects.get(code="0462011")
    bydgoszcz = Unit.objects.get(code="0461011")
    km = selectors.distance_km(origin=grudziadz, destination=bydgoszcz)
    assert 50 < km < 65  # about 57 km as the crow flies
    assert selectors.distance_km(origin=grudziadz, destination=grudziadz) == 0


def test_it_lists_units_of_a_parent():
    codes = {u.code for u in selectors.unit_list(level=Level.MUNICIPALITY, parent="0605")}
    assert "0605053" in codes and len(codes) == 7


def test_unit_field_accepts_code_or_unambiguous_name_of_the_right_level():
    field = UnitField(level=Level.MUNICIPALITY)
    assert field.clean("0462011").code == "0462011"
    assert field.clean("Janów Lubelski").code == "0605053"
    with pytest.raises(Exception, match="Choose a"):
        UnitField(level=Level.MUNICIPALITY).clean("0462")
    with pytest.raises(Exception, match="There is no territorial unit"):
        field.clean("9999999")
    with pytest.raises(Exception, match="More than one"):
        field.clean("Grudziądz")


def test_it_shows_hierarchy_pages(client):
    response = client.get("/territory/04/")
    assert response.status_code == 200
    assert "grudziądzki" in response.content.decode()
    response = client.get("/territory/0462011/")
    body = response.content.decode()
    assert "kujawsko-pomorskie" in body and "0462011" in body
    assert client.get("/territory/1234567/").status_code == 404


def test_it_searches_pages_with_pagination_and_htmx_partial(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get("/territory/search/?q=gora&level=gmina")
    body = response.content.decode()
    assert response.status_code == 200 and "Jelenia Góra" in body
    partial = client.get("/territory/search/?q=ow&level=gmina&page=2", headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert "<html" not in body
    assert "pagination" in body and "aria-current" in body


def test_it_offers_units_in_the_picker(client):
    response = client.get("/territory/picker/?field=municipality&municipality__search=janow&level=gmina")
    body = response.content.decode()
    assert 'name="municipality"' in body and 'value="0605053"' in body
    assert "janowski" not in body.split("Janów Lubelski")[0]  # counties are not offered for a gmina field


def test_it_computes_distance_on_the_page(client):
    response = client.get("/territory/distance/?origin=0462011&destination=0461011")
    assert "km" in response.content.decode()
    response = client.get("/territory/distance/?origin=0462&destination=0461011")
    body = response.content.decode()
    assert 'aria-invalid="true"' in body and "invalid-feedback" in body


def test_api_lists_units_with_pagination(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/territory/units?level=gmina&parent=0605&limit=3&offset=0")
    data = response.json()
    assert data["count"] == 7 and len(data["items"]) == 3
    assert set(data["items"][0]) >= {"code", "name", "level", "parent", "population", "latitude"}
    page2 = client.get("/api/v1/territory/units?level=gmina&parent=0605&limit=3&offset=6").json()
    assert len(page2["items"]) == 1


def test_api_searches_with_diacritics_folded(client):
    data = client.get("/api/v1/territory/units?q=lodz&level=gmina").json()
    assert data["items"][0]["name"] == "Łódź"


def test_api_rejects_bad_parameters_in_the_common_error_shape(client):
    response = client.get("/api/v1/territory/units?level=planet")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["errors"][0]["field"] == "level"
    response = client.get("/api/v1/territory/units?limit=abc")
    assert response.status_code == 422
    response = client.get("/api/v1/territory/units/0000000")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_api_gives_distance(client):
    data = client.get("/api/v1/territory/distance?origin=0462011&destination=0461011").json()
    assert 50 < data["distance_km"] < 65
