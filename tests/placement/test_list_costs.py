"""The referral lists cost the same number of queries whatever the number of referrals (web and API)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.costs import queries_for
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.placement import factories

# Queries of [the web list, the API list] per persona: the session, the user, the actor, the count, the keys and
# the rows of the page, the read log; the same with 2 referrals as with 32 (and as many the persona may not see).
EXPECTED = {"coordinator": [6, 6], "pzs_staff": [6, 6], "provider": [7, 6], "admin": [5, 5]}


@pytest.fixture
def provider_world(world):
    card = factories.card(codes=("OPK",))
    provider = OrganisationFactory(name="Spółdzielnia Opieka", kind="social_cooperative")
    manager = MembershipFactory(user=UserFactory(username="manager"), organisation=provider, role="pes_manager").user
    return card, provider, manager


def _add_referrals(world, card, provider, count: int) -> None:
    """``count`` referrals in Grudziądz (seen by its coordinator, the CIS and the provider) and as many in
    Lublin county, seen by none of them."""
    mine = factories.need(provider=provider, card_version=card, codes=("OPK",), headcount=5)
    elsewhere_org = OrganisationFactory(kind="cis", municipality_id="0663011")
    elsewhere = factories.need(provider=elsewhere_org, card_version=card, municipality="0663011")
    for i in range(count):
        factories.referral(
            participation=factories.participant(organisation=world.org_a, first_name=f"Osoba{i}"),
            need_row=mine,
            status="sent",
        )
        factories.referral(
            participation=factories.participant(organisation=elsewhere_org, municipality="0663011"),
            need_row=elsewhere,
            status="sent",
        )


@pytest.mark.parametrize("persona", ["coordinator", "pzs_staff", "provider", "admin"])
def test_it_lists_referrals_in_the_same_number_of_queries_for_few_and_many(world, client_for, provider_world, persona):
    card, provider, manager = provider_world
    if persona == "provider":
        client = Client()
        client.force_login(manager)
        urls = [reverse("placement:provider-candidates"), reverse("api:placement-referrals")]
    else:
        client = client_for(persona)
        urls = [reverse("placement:referral-list"), reverse("api:placement-referrals")]
    _add_referrals(world, card, provider, 2)
    few = [queries_for(client, url) for url in urls]
    _add_referrals(world, card, provider, 30)
    many = [queries_for(client, url) for url in urls]
    assert few == many == EXPECTED[persona]


def _add_plan_and_people(world, card, provider, count: int, *, county: str, municipality: str) -> None:
    """A round of ``county`` with its plan (two lines), ``count`` open needs, READY people and hires there."""
    from datetime import date

    from kooperacja.staffing.models import DiagnosisRound, PlanLine, StaffingPlan

    diagnosis = DiagnosisRound.objects.create(
        title=f"Diagnoza {county}",
        territory_id=county,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        coordinator_organisation=world.org_a,
    )
    plan = StaffingPlan.objects.create(round=diagnosis, number=1)
    for code in ("OPK", "PP"):
        PlanLine.objects.create(
            plan=plan,
            service_type=card.service_type,
            qualification_code=code,
            qualification_name=code,
            quarter="2025-Q3",
            needed=count,
        )
    for _ in range(count):
        need = factories.need(
            provider=provider, card_version=card, codes=("OPK",), municipality=municipality, start=date(2025, 8, 1)
        )
        factories.participant(organisation=world.org_a, codes=("OPK", "PP"), municipality=municipality)
        hired = factories.participant(organisation=world.org_a, municipality=municipality)
        factories.referral(participation=hired, need_row=need, status="hired")


@pytest.mark.parametrize("territory", ["0462", "04"])
def test_it_counts_the_overview_in_the_same_number_of_queries_for_few_and_many(
    world, client_for, provider_world, territory
):
    card, provider, _manager = provider_world
    client = client_for("analyst")
    url = reverse("staffing:index") + f"?territory={territory}"
    _add_plan_and_people(world, card, provider, 1, county="0462", municipality="0462011")
    few = queries_for(client, url)
    _add_plan_and_people(world, card, provider, 6, county="0462", municipality="0462011")
    _add_plan_and_people(world, card, provider, 3, county="0461", municipality="0461011")
    _add_plan_and_people(world, card, provider, 3, county="0663", municipality="0663011")
    many = queries_for(client, url)
    assert few == many == 14


def test_it_walks_the_referrals_by_cursor_as_by_offset(world, client_for, provider_world):
    card, provider, _manager = provider_world
    _add_referrals(world, card, provider, 12)
    client = client_for("coordinator")
    url = reverse("api:placement-referrals")
    by_offset = [row["public_id"] for row in client.get(url, {"limit": 100}).json()["items"]]
    by_cursor, cursor = [], "start"
    while cursor:
        page = client.get(url, {"limit": 5, "cursor": cursor}).json()
        by_cursor += [row["public_id"] for row in page["items"]]
        cursor = page["next_cursor"]
    assert by_cursor == by_offset and len(by_offset) == 12
