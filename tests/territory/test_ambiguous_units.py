"""Two units of one name (Grudziądz the city, 0462011, and the rural municipality around it, 0406012) are never
resolved by taking the first: forms ask which one, imports and the API refuse the row naming both codes."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kooperacja.staffing.models import StaffingNeed
from kooperacja.staffing.services.needs_import import NeedsImport
from kooperacja.territory import selectors
from kooperacja.territory.forms import DistanceForm, UnitField
from kooperacja.territory.models import Level
from tests.staffing.factories import in_days, make_card, provider_with_manager

pytestmark = pytest.mark.django_db

CITY, RURAL = "0462011", "0406012"


@pytest.fixture
def provider(world):
    return provider_with_manager(world.user("member_b"))


def test_the_field_refuses_a_name_two_municipalities_bear_and_takes_either_code():
    field = UnitField(level=Level.MUNICIPALITY)
    with pytest.raises(ValidationError) as caught:
        field.clean("grudziadz")
    assert caught.value.code == "ambiguous"
    assert field.clean(RURAL).code == RURAL and field.clean(CITY).code == CITY
    # A county of the same name is no candidate of a municipality field, and the county field finds it alone.
    assert UnitField(level=Level.COUNTY).clean("Grudziądz").code == "0462"


def test_a_name_borne_by_three_municipalities_lists_all_three():
    # Beyond the two that a slice of the first matches would have kept.
    names = [unit.code for unit in selectors.units_matching(value="Osiek", levels=[Level.MUNICIPALITY])]
    assert len(names) >= 3
    with pytest.raises(ValidationError) as caught:
        selectors.unit_lookup("Osiek", levels=[Level.MUNICIPALITY])
    assert all(code in caught.value.params["codes"] for code in names)


def test_the_form_shows_each_candidate_with_its_type_county_and_voivodeship_and_checks_none():
    form = DistanceForm({"origin__search": "Grudziądz", "destination": "0461011"})
    assert not form.is_valid() and "origin" in form.errors
    html = str(form["origin"])
    assert "Grudziądz — urban municipality, city with county rights Grudziądz, kujawsko-pomorskie (0462011)" in html
    assert "Grudziądz — rural municipality, county grudziądzki, kujawsko-pomorskie (0406012)" in html
    assert f'value="{CITY}"' in html and f'value="{RURAL}"' in html and "checked" not in html
    assert 'value="Grudziądz"' in html  # the typed name stays in the search box
    chosen = DistanceForm({"origin__search": "Grudziądz", "origin": RURAL, "destination": "0461011"})
    assert chosen.is_valid() and chosen.cleaned_data["origin"].code == RURAL


def test_the_candidates_read_in_polish(polish):
    html = str(DistanceForm({"origin__search": "Grudziądz", "destination": "0461011"})["origin"])
    assert "Grudziądz — gmina wiejska, powiat grudziądzki, kujawsko-pomorskie (0406012)" in html
    assert "Grudziądz — gmina miejska, miasto na prawach powiatu Grudziądz, kujawsko-pomorskie (0462011)" in html


def test_the_picker_fragment_checks_nothing_when_several_units_match(client):
    body = client.get(reverse("territory:picker"), {"field": "m", "m__search": "Grudziądz", "level": "gmina"}).content
    body = body.decode()
    assert f'value="{CITY}"' in body and f'value="{RURAL}"' in body
    assert "checked" not in body and "county grudziądzki" in body and "Choose one" in body
    single = client.get(reverse("territory:picker"), {"field": "m", "m__search": "Janów Lubelski", "level": "gmina"})
    assert 'value="0605053"' in single.content.decode() and "checked" in single.content.decode()


def _need_form(provider, card, **changes):
    data = {
        "provider": provider.pk,
        "card_version": card.pk,
        "position": "Opiekunka środowiskowa",
        "headcount": "2",
        "working_time": "full_time",
        "hours_per_week": "40",
        "start_date": in_days(40).isoformat(),
        "municipality__search": "Grudziądz",
        "pay_min": "5000",
        "pay_max": "6000",
    }
    data.update(changes)
    return data


def test_a_need_whose_municipality_is_ambiguous_is_not_saved_until_one_is_chosen(client_for, provider):
    card = make_card()
    client = client_for("member_b")
    response = client.post(reverse("staffing:need-create"), _need_form(provider, card))
    body = response.content.decode()
    assert response.status_code == 200 and "More than one unit is called" in body
    assert f'value="{CITY}"' in body and f'value="{RURAL}"' in body
    assert not StaffingNeed.objects.exists()
    response = client.post(reverse("staffing:need-create"), _need_form(provider, card, municipality=RURAL))
    assert response.status_code == 302
    assert StaffingNeed.objects.get().municipality_id == RURAL


def test_an_import_row_with_an_ambiguous_name_is_refused_naming_the_codes(world, provider):
    card = make_card()
    importer = NeedsImport(actor=world.user("member_b"), provider=provider)
    row = {
        "service": card.service_type.code,
        "position": "Opiekunka",
        "headcount": 1,
        "working_time": "full_time",
        "hours_per_week": 40,
        "start_date": in_days(30),
        "end_date": None,
        "municipality": "Grudziądz",
        "pay_min": None,
        "pay_max": None,
    }
    problems = importer.check(row)
    assert [field for field, _message in problems] == ["municipality"] and importer.staged == 0
    assert CITY in problems[0][1] and RURAL in problems[0][1]
    assert importer.check({**row, "municipality": "Janów Lubelski"}) == [] and importer.staged == 1
    assert importer.check({**row, "municipality": RURAL}) == [] and importer.staged == 2


def test_the_api_refuses_an_ambiguous_name_naming_the_codes_and_takes_a_unique_one(client_for, provider):
    card = make_card()
    payload = {
        "provider": str(provider.public_id),
        "service_type": card.service_type.code,
        "position": "Opiekunka środowiskowa",
        "headcount": 1,
        "working_time": "full_time",
        "start_date": in_days(30).isoformat(),
        "municipality": "Grudziądz",
    }
    client = client_for("member_b")
    response = client.post("/api/v1/staffing/needs", data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 422, response.content
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert CITY in errors["municipality"] and RURAL in errors["municipality"]
    assert not StaffingNeed.objects.exists()
    payload["municipality"] = "Janów Lubelski"
    response = client.post("/api/v1/staffing/needs", data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["municipality"]["code"] == "0605053"


def test_the_organisation_list_says_which_municipalities_a_name_means(client_for):
    body = client_for("admin").get(reverse("registry:list"), {"municipality": "Grudziądz"}).content.decode()
    assert CITY in body and RURAL in body and "More than one unit" in body
