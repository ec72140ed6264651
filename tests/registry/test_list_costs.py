"""The organisations list costs the same number of queries whatever the number of organisations."""

import pytest
from django.urls import reverse

from tests.costs import queries_for
from tests.factories import OrganisationFactory

# Queries of [the web list, the API list]: the session, the user, the actor, the count and the page.
EXPECTED = {"coordinator": [6, 5], "member_b": [8, 5], "admin": [5, 4]}


def _add_organisations(count: int) -> None:
    for i in range(count):
        OrganisationFactory(name=f"Spółdzielnia {i}", kind="social_cooperative")
        OrganisationFactory(name=f"Zamknięta {i}", is_active=False)  # seen only by administrators


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_it_lists_organisations_in_the_same_number_of_queries_for_few_and_many(world, client_for, persona):
    client = client_for(persona)
    urls = [
        reverse("registry:list"),
        reverse("registry:list") + "?sort=municipality&county=0462",
        reverse("api:registry-organisations"),
    ]
    _add_organisations(2)
    few = [queries_for(client, url) for url in urls]
    _add_organisations(30)
    many = [queries_for(client, url) for url in urls]
    assert few == many
    assert [few[0], few[2]] == EXPECTED[persona]
