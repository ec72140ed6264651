"""The needs lists cost the same number of queries whatever the number of needs."""

import pytest
from django.urls import reverse

from kooperacja.staffing.models import NeedStatus
from tests.costs import queries_for
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.staffing.factories import NeedFactory

# Queries of [the web list, the API list, "my needs"]: the session, the user, the actor, the count, the page
# and its required qualifications (and the filter form's choices on the web); the web pages also read the
# Labour Code's weekly standard once, to flag needs above 40 hours a week.
EXPECTED = {"manager": [8, 6, 7], "analyst": [8, 6, None], "admin": [7, 5, None]}


def _add_needs(provider, count: int) -> None:
    for i in range(count):
        NeedFactory(provider=provider, position=f"Opiekun {i}", qualifications=["OPK"], hours_per_week=40 + i % 3)
        NeedFactory(
            provider=provider, status=NeedStatus.DRAFT, hours_per_week=20
        )  # seen by its provider's members only
        NeedFactory(status=NeedStatus.DRAFT)  # another provider's draft


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_it_lists_needs_in_the_same_number_of_queries_for_few_and_many(world, client_for, client, persona):
    provider = OrganisationFactory(kind="social_cooperative")
    if persona == "manager":
        user = MembershipFactory(user=UserFactory(), organisation=provider, role="pes_manager").user
        client.force_login(user)
    else:
        client = client_for(persona)
    urls = [
        reverse("staffing:need-list"),
        reverse("staffing:need-list") + "?sort=municipality&territory=04",
        reverse("api:staffing-needs"),
    ]
    if EXPECTED[persona][2] is not None:
        urls.append(reverse("staffing:my-needs"))
    _add_needs(provider, 2)
    few = [queries_for(client, url) for url in urls]
    _add_needs(provider, 30)
    many = [queries_for(client, url) for url in urls]
    assert few == many
    assert [few[0], few[2], few[3] if len(few) > 3 else None] == EXPECTED[persona]
