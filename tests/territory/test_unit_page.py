"""A unit's page: area, population and density from the shipped GUS data, its place among its siblings by
population, the organisations in it (through the registry's panel) and its staffing links, in a fixed number
of queries whatever the unit."""

import csv
from collections import defaultdict
from decimal import Decimal

import pytest
from django.urls import reverse

from kooperacja.registry.models import OrganisationKind
from kooperacja.territory import selectors
from kooperacja.territory.models import Unit
from kooperacja.territory.services import DATA_DIR
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _stats() -> dict[str, tuple[int, Decimal]]:
    with (DATA_DIR / "gmina_stats.csv").open(encoding="utf-8") as handle:
        return {
            row["code"]: (int(row["population_total"]), Decimal(row["area_km2"]))
            for row in csv.DictReader(handle)
            if row["population_total"]
        }


def test_a_countys_figures_are_the_sums_of_its_municipalities_and_its_rank_is_among_its_voivodeship():
    stats = _stats()
    by_county: dict[str, int] = defaultdict(int)
    for code, (population, _area) in stats.items():
        if code.startswith("04"):
            by_county[code[:4]] += population
    figures = selectors.unit_figures(unit=Unit.objects.get(code="0406"))
    assert figures.population == by_county["0406"]
    assert figures.area_km2 == sum(area for code, (_p, area) in stats.items() if code.startswith("0406"))
    assert figures.siblings == len(by_county) == 23
    assert figures.rank == 1 + sum(1 for total in by_county.values() if total > by_county["0406"])
    voivodeship = selectors.unit_figures(unit=Unit.objects.get(code="14"))
    assert voivodeship.rank == 1 and voivodeship.siblings == 16  # mazowieckie, the most populous


def test_a_municipalitys_page_shows_its_figures_rank_organisations_and_links(world, client_for):
    population, area = _stats()["0406012"]
    OrganisationFactory(name="KIS Gruta", kind=OrganisationKind.KIS, municipality_id="0406012")
    OrganisationFactory(
        name="Spółdzielnia Rogóźno", kind=OrganisationKind.SOCIAL_COOPERATIVE, municipality_id="0406012"
    )
    OrganisationFactory(name="CIS w mieście", kind=OrganisationKind.CIS, municipality_id="0462011")  # not in it
    body = client_for("coordinator").get(reverse("territory:detail", args=["0406012"])).content.decode()
    assert f"{population:,}" in body and f"{area} km²" in body
    assert f"{population / float(area):.1f} people per km²" in body
    assert "1 of 6 municipalities of the county" in body
    assert "KIS Gruta" in body and "CIS w mieście" not in body
    assert "Social cooperative" in body and "Social integration club (KIS)" in body
    assert f'href="{reverse("staffing:index")}?territory=0406012"' in body
    assert f'href="{reverse("staffing:need-list")}?territory=0406012"' in body
    assert f'href="{reverse("registry:list")}?municipality=0406012"' in body


def test_the_figures_read_in_polish(client, polish):
    body = client.get(reverse("territory:detail", args=["0406012"])).content.decode()
    assert "13\xa0719" in body and "166,33 km²" in body and "82,5 os./km²" in body
    assert "1. z 6 gmin powiatu" in body


def test_who_may_not_see_the_register_sees_no_organisations(client):
    body = client.get(reverse("territory:detail", args=["0406012"])).content.decode()
    assert "people per km²" in body and "Staffing overview" not in body and "in the register" not in body


@pytest.mark.parametrize("code", ["04", "0406", "0406012", "1465011"])
def test_the_page_reads_the_same_number_of_queries_for_every_level(code, world, client_for, django_assert_num_queries):
    client = client_for("coordinator")
    client.get(reverse("territory:detail", args=[code]))  # the session and the actor are read alike below
    with django_assert_num_queries(8):
        response = client.get(reverse("territory:detail", args=[code]))
    assert response.status_code == 200
