"""Coordinators' decisions on proposals: accept (once), reject, swap."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kooperacja.core.errors import ConflictError
from kooperacja.placement import services
from kooperacja.placement.models import Proposal, ProposalEvent, Referral, ReferralEvent, ReferralStatus
from kooperacja.staffing.models import NeedStatus
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.placement import factories

GRUDZIADZ = "0462011"
GRUDZICZKI = "0406022"  # about 12 km from Grudziądz


@pytest.fixture
def card(db):
    return factories.card(codes=("OPK", "PP"))


@pytest.fixture
def setup(world, card):
    run = factories.done_run(territory="0462")
    need = factories.need(provider=world.org_a, card_version=card, codes=("OPK",), headcount=2)
    participation = factories.participant(organisation=world.org_a, codes=("OPK",))
    proposal = factories.proposal(run=run, participation=participation, need_row=need)
    return run, need, participation, proposal


def test_it_accepts_a_proposal_into_a_proposed_referral(world, setup):
    _run, need, participation, proposal = setup
    referral = services.proposal_accept(actor=world.user("coordinator"), proposal=proposal, note="Dobry kandydat")
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.decided_by == world.user("coordinator")
    assert (referral.status, referral.need_id, referral.participation_id) == ("proposed", need.pk, participation.pk)
    assert referral.proposal_id == proposal.pk
    assert ProposalEvent.objects.get(proposal=proposal).note == "Dobry kandydat"
    assert ReferralEvent.objects.get(referral=referral).to_state == "proposed"


def test_it_lets_only_the_first_of_two_coordinators_accept(world, setup):
    _run, _need, _participation, proposal = setup
    second_coordinator = UserFactory(username="coordinator2")
    MembershipFactory(user=second_coordinator, organisation=world.org_a, role="coordinator")
    seen_by_second = Proposal.objects.select_related("run").get(pk=proposal.pk)  # read before the first accepts
    services.proposal_accept(actor=world.user("coordinator"), proposal=proposal)
    with pytest.raises(ConflictError):
        services.proposal_accept(actor=second_coordinator, proposal=seen_by_second)
    assert Referral.objects.count() == 1
    assert ProposalEvent.objects.filter(proposal=proposal).count() == 1


def test_it_refuses_to_accept_for_a_need_without_open_positions(world, setup):
    _run, need, _participation, proposal = setup
    need.filled_count = 2
    need.status = NeedStatus.FILLED
    need.save()
    with pytest.raises(ValidationError, match="no open position"):
        services.proposal_accept(actor=world.user("coordinator"), proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == "proposed" and not Referral.objects.exists()


def test_it_refuses_to_accept_when_the_person_already_has_a_live_referral(world, setup, card):
    _run, _need, participation, proposal = setup
    other_need = factories.need(provider=world.org_a, card_version=card, codes=("OPK",))
    factories.referral(participation=participation, need_row=other_need, status=ReferralStatus.SENT)
    with pytest.raises(ValidationError, match="already has a referral"):
        services.proposal_accept(actor=world.user("coordinator"), proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == "proposed" and Referral.objects.count() == 1


def test_it_refuses_a_coordinator_of_another_county(world, setup):
    _run, _need, _participation, proposal = setup
    stranger = UserFactory(username="lublin-coordinator")
    MembershipFactory(user=stranger, organisation=world.org_b, role="coordinator")
    with pytest.raises(PermissionDenied):
        services.proposal_accept(actor=stranger, proposal=proposal)


def test_it_rejects_a_proposal_with_a_note(world, setup):
    _run, _need, _participation, proposal = setup
    services.proposal_reject(actor=world.user("coordinator"), proposal=proposal, note="Osoba zrezygnowała")
    proposal.refresh_from_db()
    assert proposal.status == "rejected"
    event = ProposalEvent.objects.get(proposal=proposal)
    assert (event.from_state, event.to_state, event.note) == ("proposed", "rejected", "Osoba zrezygnowała")
    with pytest.raises(ValidationError):
        services.proposal_accept(actor=world.user("coordinator"), proposal=proposal)


def _two_proposals(world, card, *, second_codes=("OPK",), second_home=GRUDZIADZ):
    run = factories.done_run(territory="04")
    city_job = factories.need(provider=world.org_a, card_version=card, codes=("OPK",), municipality=GRUDZIADZ)
    gruta_job = factories.need(provider=world.org_a, card_version=card, codes=("OPK",), municipality=GRUDZICZKI)
    ann = factories.participant(organisation=world.org_a, municipality=GRUDZIADZ, codes=("OPK",))
    bob = factories.participant(organisation=world.org_a, municipality=second_home, codes=second_codes)
    first = factories.proposal(run=run, participation=ann, need_row=city_job, cost=0, distance=0)
    second = factories.proposal(run=run, participation=bob, need_row=gruta_job, cost=12, distance=11.8)
    return first, second, city_job, gruta_job


def test_it_swaps_the_needs_of_two_feasible_proposals_and_explains_them_again(world, card):
    first, second, city_job, gruta_job = _two_proposals(world, card, second_codes=("OPK", "PP"))
    services.proposal_swap(actor=world.user("coordinator"), first=first, second=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.need_id, second.need_id) == (gruta_job.pk, city_job.pk)
    assert 11 < float(first.distance_km) < 13 and first.explanation["swapped"] is True
    assert first.cost == first.explanation["cost"]["total"] == round(float(first.distance_km))
    assert second.cost == 2  # 0 km + one qualification beyond those required
    assert ProposalEvent.objects.filter(to_state="proposed").count() == 2


def test_it_refuses_a_swap_that_breaks_a_hard_constraint(world, card):
    # Bob lives in Bydgoszcz with a 25 km limit: he cannot take the job in Grudziądz.
    first, second, city_job, gruta_job = _two_proposals(world, card, second_home="0461011")
    with pytest.raises(ValidationError, match="hard constraint"):
        services.proposal_swap(actor=world.user("coordinator"), first=first, second=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.need_id, second.need_id) == (city_job.pk, gruta_job.pk)
    assert not ProposalEvent.objects.exists()


def test_it_refuses_to_swap_decided_proposals_or_proposals_of_other_runs(world, card):
    first, second, _city, _gruta = _two_proposals(world, card)
    services.proposal_reject(actor=world.user("coordinator"), proposal=second)
    with pytest.raises(ValidationError, match="not yet decided"):
        services.proposal_swap(actor=world.user("coordinator"), first=first, second=second)
    other_run = factories.done_run(territory="0462")
    other = factories.proposal(
        run=other_run,
        participation=factories.participant(organisation=world.org_a, codes=("OPK",)),
        need_row=_gruta,
    )
    with pytest.raises(ValidationError, match="same matching run"):
        services.proposal_swap(actor=world.user("coordinator"), first=first, second=other)


def test_it_refuses_a_swap_when_a_person_no_longer_consents(world, card):
    first, second, _city, _gruta = _two_proposals(world, card)
    second.participation.consent_to_share = False
    second.participation.save()
    with pytest.raises(ValidationError, match="no longer available"):
        services.proposal_swap(actor=world.user("coordinator"), first=first, second=second)


def test_it_accepts_proposals_only_within_the_coordinators_runs(world, card):
    lublin = OrganisationFactory(kind="cis", municipality_id="0605053")
    run = factories.done_run(territory="0605")
    need = factories.need(provider=lublin, card_version=card, municipality="0605053")
    participation = factories.participant(organisation=lublin, municipality="0605053")
    proposal = factories.proposal(run=run, participation=participation, need_row=need)
    with pytest.raises(PermissionDenied):
        services.proposal_reject(actor=world.user("coordinator"), proposal=proposal)
