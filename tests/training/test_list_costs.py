"""The participants lists cost the same number of queries whatever the number of participants."""

import pytest
from django.urls import reverse

from tests.costs import queries_for
from tests.factories import OrganisationFactory
from tests.placement import factories

# Queries of [the web list, the API list]: the session, the user, the actor, the count, the keys and the rows of
# the page, its progress (attendance, modules, qualifications) and the read log.
EXPECTED = {"pzs_staff": [11, 6], "social_worker": [11, 6]}


def _add_participants(world, count: int) -> None:
    other = OrganisationFactory(kind="cis", municipality_id="0663011")
    for i in range(count):
        factories.participant(organisation=world.org_a, first_name=f"Osoba{i}", codes=("OPK",))
        factories.participant(organisation=other, municipality="0663011")  # another CIS's participant


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_it_lists_participants_in_the_same_number_of_queries_for_few_and_many(world, client_for, persona):
    client = client_for(persona)
    urls = [reverse("training:participant-list"), reverse("api:training-participants")]
    _add_participants(world, 2)
    few = [queries_for(client, url) for url in urls]
    _add_participants(world, 30)
    many = [queries_for(client, url) for url in urls]
    assert few == many == EXPECTED[persona]
