"""The result page of a matching run speaks the coordinator's language: a match score (0-100) instead of the
engine's cost, "dobór optymalny" / "dobór kolejny", rows numbered 1…n, and a swap chosen by row number."""

import re

import pytest
from django.urls import reverse

from kooperacja.placement.models import Proposal, Unmatched
from kooperacja.placement.problem import average_score, match_score
from tests.placement import factories

GRUDZICZKI = "0406022"  # about 12 km from Grudziądz


@pytest.fixture
def card(db):
    return factories.card(codes=("OPK", "PP"))


@pytest.fixture
def result(world, card):
    """A finished run with three proposals for two needs and a person left unplaced for a referral in progress."""
    run = factories.done_run(
        territory="0462",
        matched_count=3,
        candidates_count=4,
        openings_count=3,
        total_cost=30,
        greedy_matched_count=2,
        greedy_total_cost=40,
    )
    home = factories.need(provider=world.org_a, card_version=card, codes=("OPK",), headcount=2, position="Opiekunka")
    away = factories.need(
        provider=world.org_a, card_version=card, codes=("OPK",), position="Asystent", municipality=GRUDZICZKI
    )
    people = [
        factories.participant(organisation=world.org_a, codes=("OPK",), first_name=name, commute=40)
        for name in ("Anna", "Bogdan", "Celina")
    ]
    proposals = [
        factories.proposal(run=run, participation=people[0], need_row=home, cost=3),
        factories.proposal(run=run, participation=people[1], need_row=home, cost=20),
        factories.proposal(run=run, participation=people[2], need_row=away, cost=7),
    ]
    busy = factories.participant(organisation=world.org_a, codes=("OPK",), first_name="Dorota")
    Unmatched.objects.create(
        run=run,
        participation=busy,
        reason="live_referral",
        explanation={"need_id": away.pk, "status": "sent", "position": "Kucharz", "provider": "Smak"},
    )
    return run, proposals


def test_the_score_is_100_minus_the_cost_and_never_below_0():
    assert match_score(3) == 97 and match_score(0) == 100 and match_score(140) == 0
    assert average_score(30, 3) == 90 and average_score(0, 0) is None


def test_the_polish_page_has_no_solver_words_and_numbers_its_rows(client_for, result, polish):
    run, _proposals = result
    page = client_for("coordinator").get(reverse("placement:run-detail", args=[run.public_id])).content.decode()
    lowered = page.lower()
    for word in ("koszt", "zachłann", "greedy", "cost"):
        assert word not in lowered, word
    assert "Dobór optymalny" in page and "Dobór kolejny" in page and "Ocena dopasowania" in page
    assert "Średnia ocena dopasowania" in page
    assert re.findall(r'<th scope="row">(\d+)\.</th>', page) == ["1", "2", "3"]
    assert ">97<" in page and ">80<" in page and ">93<" in page  # each pair's score
    assert ">90<" in page and ">80<" in page  # the averages: 100 - 30/3, 100 - 40/2
    # The unplaced person with the reason in Polish.
    assert "ma już zgłoszenie kandydata w toku" in page and "Kucharz" in page
    # The swap reads as a sentence and offers the other need's rows by number.
    assert "przejmuje stanowisko osoby z wiersza nr" in page
    assert re.search(r'<option value="3">3\. [^<]*Celina', page)


def test_a_swap_is_chosen_by_the_row_number(world, client_for, result):
    _run, (first, _second, third) = result
    client = client_for("coordinator")
    response = client.post(reverse("placement:proposal-swap", args=[first.pk]), {"number": 3})
    assert response.status_code == 302
    first.refresh_from_db()
    third.refresh_from_db()
    assert (first.need.position, third.need.position) == ("Asystent", "Opiekunka")
    # The numbers stay: the rows are numbered in the order of the proposals, not of their needs.
    page = client.get(reverse("placement:run-detail", args=[first.run.public_id])).content.decode()
    assert re.findall(r'<th scope="row">(\d+)\.</th>', page) == ["1", "2", "3"]
    assert page.index("Anna") < page.index("Bogdan") < page.index("Celina")
    # A row number that is not there, or the proposal's own row, is refused with a message.
    for number in (9, 1):
        response = client.post(reverse("placement:proposal-swap", args=[first.pk]), {"number": number}, follow=True)
        assert "Choose the row of another proposal" in response.content.decode()
    assert Proposal.objects.get(pk=first.pk).need.position == "Asystent"
