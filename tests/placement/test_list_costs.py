"""The referral lists cost the same number of queries whatever the number of referrals (web and API)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.costs import queries_for
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.placement import factories

# Queries of [the web list, the API list] per persona: the session, the user, the actor, the count, the page,
# the read log; the same with 2 referrals as with 32 (and as many the persona may not see).
EXPECTED = {"coordinator": [9, 7], "pzs_staff": [9, 7], "provider": [10, 7], "admin": [5, 5]}


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
