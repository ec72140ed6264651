"""Matching proposes only pairs that can be accepted: a person with a referral in progress, or a pair the provider
declined (or a coordinator rejected) before, is left out before solving, with the reason in the unplaced list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kooperacja.placement import problem as matching_problem
from kooperacja.placement import selectors, services
from kooperacja.placement.models import MatchingRun, Proposal, ProposalStatus, Referral, Unmatched
from kooperacja.placement.views import unmatched_detail_text
from kooperacja.territory.models import Unit
from tests.placement import factories

GRUDZIADZ = "0462011"
GRUDZIADZ_RURAL = "0406012"  # about 0.6 km from the city's centroid


@pytest.fixture
def card(db):
    return factories.card(codes=("OPK", "PP"))


@pytest.fixture
def run_now(world, django_capture_on_commit_callbacks):
    def run() -> MatchingRun:
        with django_capture_on_commit_callbacks(execute=True):
            started = services.run_start(actor=world.user("coordinator"), territory=Unit.objects.get(code="04"))
        started.refresh_from_db()
        return started

    return run


def _pairs(run) -> set[tuple[int, int]]:
    return set(Proposal.objects.filter(run=run).values_list("participation_id", "need_id"))


def _unmatched(run) -> dict[int, Unmatched]:
    return {row.participation_id: row for row in Unmatched.objects.filter(run=run)}


def test_a_person_with_a_referral_in_progress_is_not_proposed_and_the_reason_is_shown(world, card, run_now):
    elsewhere = factories.need(provider=world.org_a, card_version=card, codes=("OPK",), position="Kucharz")
    need = factories.need(provider=world.org_a, card_version=card, codes=("OPK",))
    busy = factories.participant(organisation=world.org_a, codes=("OPK",))
    factories.referral(participation=busy, need_row=elsewhere, status="sent")
    free = factories.participant(organisation=world.org_a, codes=("OPK",), municipality=GRUDZIADZ_RURAL)
    run = run_now()
    assert busy.pk not in {p for p, _n in _pairs(run)}
    assert (free.pk, need.pk) in _pairs(run) or (free.pk, elsewhere.pk) in _pairs(run)
    row = _unmatched(run)[busy.pk]
    assert row.reason == matching_problem.Reason.LIVE_REFERRAL
    assert row.explanation["position"] == "Kucharz" and row.explanation["status"] == "sent"
    assert "Kucharz" in unmatched_detail_text(row.reason, row.explanation)


def test_a_pair_declined_or_rejected_before_is_left_out_and_the_person_takes_another_opening(world, card, run_now):
    near = factories.need(provider=world.org_a, card_version=card, codes=("OPK",), position="Opiekun A")
    far = factories.need(
        provider=world.org_a, card_version=card, codes=("OPK",), municipality=GRUDZIADZ_RURAL, position="Opiekun B"
    )
    declined = factories.participant(organisation=world.org_a, codes=("OPK",))
    factories.referral(participation=declined, need_row=near, status="declined")
    rejected = factories.participant(organisation=world.org_a, codes=("OPK",))
    old_run = factories.done_run(territory="04")
    old = factories.proposal(run=old_run, participation=rejected, need_row=far)
    Proposal.objects.filter(pk=old.pk).update(status=ProposalStatus.REJECTED)
    run = run_now()
    # Either would be cheaper elsewhere; each gets the one opening they were not refused for.
    assert _pairs(run) == {(declined.pk, far.pk), (rejected.pk, near.pk)}


def test_a_person_refused_by_every_opening_they_could_take_is_unplaced_with_the_refusals(world, card, run_now):
    need = factories.need(provider=world.org_a, card_version=card, codes=("OPK",), position="Opiekun A")
    person = factories.participant(organisation=world.org_a, codes=("OPK",))
    factories.referral(participation=person, need_row=need, status="declined")
    run = run_now()
    assert _pairs(run) == set()
    row = _unmatched(run)[person.pk]
    assert row.reason == matching_problem.Reason.DECLINED_EARLIER
    assert row.explanation["refusals"][0]["by"] == "provider"
    assert "Opiekun A" in unmatched_detail_text(row.reason, row.explanation)
    assert services.reason_label(row.reason) != row.reason


def test_every_proposal_of_a_run_can_be_accepted(world, card, run_now):
    """Without the exclusions the optimum would propose pairs the accept refuses; with them, none."""
    needs = [
        factories.need(provider=world.org_a, card_version=card, codes=("OPK",), headcount=2, position=f"Stanowisko {i}")
        for i in range(3)
    ]
    people = [factories.participant(organisation=world.org_a, codes=("OPK",)) for _ in range(6)]
    factories.referral(participation=people[0], need_row=needs[0], status="interview")
    factories.referral(participation=people[1], need_row=needs[1], status="proposed")
    factories.referral(participation=people[2], need_row=needs[0], status="declined")
    factories.referral(participation=people[2], need_row=needs[1], status="declined")
    factories.referral(participation=people[3], need_row=needs[2], status="declined")

    candidates, openings = matching_problem.problem_inputs(territory_code="04", today=timezone.localdate())
    unfiltered = matching_problem.problem_build(candidates=candidates, openings=openings)
    chosen = matching_problem.problem_solve(unfiltered)
    assert (chosen[[c.participation_id for c in candidates].index(people[0].pk)]) >= 0  # would be proposed

    run = run_now()
    proposals = list(Proposal.objects.filter(run=run).select_related("run"))
    assert len(proposals) == 4  # people 2..5; person 2 only through need 2
    for proposal in proposals:
        services.proposal_accept(actor=world.user("coordinator"), proposal=proposal)
    assert Referral.objects.filter(proposal__run=run).count() == len(proposals)
    assert {row.participation_id: row.reason for row in Unmatched.objects.filter(run=run)} == {
        people[0].pk: "live_referral",
        people[1].pk: "live_referral",
    }


def test_the_accept_refuses_a_pair_the_provider_declined_before(world, card):
    need = factories.need(provider=world.org_a, card_version=card, codes=("OPK",))
    person = factories.participant(organisation=world.org_a, codes=("OPK",))
    factories.referral(participation=person, need_row=need, status="declined")
    proposal = factories.proposal(run=factories.done_run(territory="0462"), participation=person, need_row=need)
    with pytest.raises(Exception, match="already declined"):
        services.proposal_accept(actor=world.user("coordinator"), proposal=proposal)
    assert not Referral.objects.filter(proposal=proposal).exists()


def test_the_exclusions_are_read_in_the_same_number_of_queries_for_few_and_many(world, card):
    need = factories.need(provider=world.org_a, card_version=card, codes=("OPK",))
    other = factories.need(provider=world.org_a, card_version=card, codes=("OPK",))

    def people(count):
        made = []
        for i in range(count):
            person = factories.participant(organisation=world.org_a, codes=("OPK",))
            factories.referral(participation=person, need_row=need if i % 2 else other, status="declined")
            if i % 3 == 0:
                factories.referral(participation=person, need_row=other, status="sent")
            made.append(person.pk)
        return made

    def count(ids):
        with CaptureQueriesContext(connection) as captured:
            found = selectors.matching_exclusions(participation_ids=ids, need_ids=[need.pk, other.pk])
        return len(captured.captured_queries), found

    few, found_few = count(people(2))
    many, found_many = count(people(40))
    assert few == many == 3
    assert len(found_many.pairs) == 40 and len(found_many.people) == 14
