"""Expected personas of the placement rules and sample URL arguments, for tests/core/test_route_permissions.py."""

from kooperacja.placement.models import ReferralStatus
from tests.placement import factories

EXPECTED = {
    "placement.match": {"admin", "coordinator"},
    "placement.view_referrals": {"admin", "coordinator", "pes_manager", "pzs_staff", "social_worker", "member_b"},
    "placement.view_candidates": {"admin", "pes_manager", "pzs_staff", "member_b"},
}


def sample(world):
    """One finished run in Grudziądz county and one sent referral of a CIS Grudziądz participant to a need
    of CIS Grudziądz (so every persona admitted at route level also sees it, except member_b: 404)."""
    cached = getattr(world, "_placement_sample", None)
    if cached is not None:
        return cached
    card = factories.card(codes=("OPK",))
    need = factories.need(provider=world.org_a, card_version=card, codes=("OPK",))
    participation = factories.participant(organisation=world.org_a, codes=("OPK",))
    run = factories.done_run(territory="0462")
    proposal = factories.proposal(run=run, participation=participation, need_row=need)
    referral = factories.referral(
        participation=participation, need_row=need, status=ReferralStatus.SENT, proposal_row=proposal
    )
    world._placement_sample = (run, referral)
    return world._placement_sample


def _run(world) -> dict:
    return {"public_id": sample(world)[0].public_id}


def _referral(world) -> dict:
    return {"public_id": sample(world)[1].public_id}


def _follow_up(world) -> dict:
    return {**_referral(world), "months": 3}


def _missing_proposal(world) -> dict:
    return {"proposal_id": 999999}


def _candidate(world) -> dict:
    return {"public_id": sample(world)[1].participation.public_id}


SAMPLE_KWARGS = {
    "placement:candidate": _candidate,
    "api:placement-candidate": _candidate,
    "placement:run-detail": _run,
    "placement:run-status": _run,
    "placement:run-restart": _run,
    "placement:proposal-accept": _missing_proposal,
    "placement:proposal-reject": _missing_proposal,
    "placement:proposal-swap": _missing_proposal,
    "placement:referral-detail": _referral,
    "placement:referral-transition": _referral,
    "placement:follow-up-record": _follow_up,
    "api:placement-run": _run,
    "api:placement-run-result": _run,
    "api:placement-proposal-accept": _missing_proposal,
    "api:placement-proposal-reject": _missing_proposal,
    "api:placement-referral": _referral,
    "api:placement-referral-transition": _referral,
    "api:placement-follow-up": _follow_up,
}
