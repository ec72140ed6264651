"""A unit's codes as a range an index answers, and several units at once."""

from kooperacja.territory.models import Unit, within, within_any


def test_it_finds_the_units_within_a_county_by_a_range_of_codes(db):
    by_range = set(Unit.objects.filter(within("code", "0462")).values_list("code", flat=True))
    assert by_range == set(Unit.objects.filter(code__startswith="0462").values_list("code", flat=True))
    assert "0462011" in by_range and "0461011" not in by_range and "0463" not in by_range
    assert within("code", "0469") == within("code", "0469") and ("code__lt", "0470") in within("code", "0469").children
    assert set(Unit.objects.filter(within("code", "0469")).values_list("code", flat=True)) == set(
        Unit.objects.filter(code__startswith="0469").values_list("code", flat=True)
    )


def test_it_keeps_the_outermost_units_and_widens_many_only_when_asked(db):
    codes = set(Unit.objects.filter(within_any("code", {"04", "0462", "0605"})).values_list("code", flat=True))
    assert codes == set(Unit.objects.filter(code__startswith="04").values_list("code", flat=True)) | set(
        Unit.objects.filter(code__startswith="0605").values_list("code", flat=True)
    )
    counties = [f"04{n:02d}" for n in range(1, 20)]
    exact = set(Unit.objects.filter(within_any("code", counties)).values_list("code", flat=True))
    widened = set(Unit.objects.filter(within_any("code", counties, widen=True)).values_list("code", flat=True))
    assert exact < widened and "0461011" not in exact and "0461011" in widened
    assert not Unit.objects.filter(within_any("code", [])).exists()


def test_it_finds_nothing_within_a_code_that_is_not_teryt_even_through_a_foreign_key(db):
    from kooperacja.registry.models import Organisation
    from tests.factories import GRUDZIADZ, OrganisationFactory

    OrganisationFactory(municipality_id=GRUDZIADZ)
    for code in ("null", "breach", "04a", "\U000d0ec29", "٠٤"):  # the last: Arabic-Indic digits, not TERYT ones
        assert not Unit.objects.filter(within("code", code)).exists()
        assert not Organisation.objects.filter(within("municipality", code)).exists()
    assert Organisation.objects.filter(within("municipality", "04")).exists()


def test_the_api_answers_an_empty_page_for_a_territory_that_is_no_teryt_code(client_for):
    for url in ("/api/v1/organisations?county=breach", "/api/v1/staffing/needs?territory=null"):
        response = client_for("coordinator").get(url)
        assert response.status_code == 200, url
        assert response.json()["items"] == []
