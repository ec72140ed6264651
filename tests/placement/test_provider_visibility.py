"""A provider sees a candidate's hiring fields only while a referral to it is sent or in interview, or once the
person was hired there, and only with the person's consent: not while proposed, not after decline or withdrawal."""

import pytest
from django.test import Client

from kooperacja.placement.models import Referral, ReferralStatus
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.placement import factories

pytestmark = pytest.mark.django_db

VISIBLE = (ReferralStatus.SENT, ReferralStatus.INTERVIEW, ReferralStatus.HIRED)
HIDDEN = (ReferralStatus.PROPOSED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN)


@pytest.fixture
def manager(world) -> Client:
    provider = OrganisationFactory(name="Spółdzielnia Opieka", kind="social_cooperative")
    user = UserFactory(username="manager.opieka")
    MembershipFactory(user=user, organisation=provider, role="pes_manager")
    client = Client()
    client.force_login(user)
    client.provider = provider
    return client


def _referral(world, provider, status, *, consent=True, name="Kandydatka") -> Referral:
    card = factories.card(codes=("OPK",))
    need = factories.need(provider=provider, card_version=card, codes=("OPK",))
    participation = factories.participant(organisation=world.org_a, codes=("OPK",), consent=consent, first_name=name)
    return factories.referral(participation=participation, need_row=need, status=status)


def _sees(client, referral: Referral) -> dict[str, bool]:
    person = referral.participation.person
    profile = client.get(f"/placement/candidates/{referral.participation.public_id}/")
    api_profile = client.get(f"/api/v1/placement/candidates/{referral.participation.public_id}")
    return {
        "candidates": person.last_name in client.get("/placement/candidates/").content.decode(),
        "referrals": person.last_name in client.get("/placement/referrals/").content.decode(),
        "referral": client.get(f"/placement/referrals/{referral.public_id}/").status_code == 200,
        "api referral": client.get(f"/api/v1/placement/referrals/{referral.public_id}").status_code == 200,
        "api list": person.last_name in client.get("/api/v1/placement/referrals").content.decode(),
        "profile": profile.status_code == 200 and person.phone in profile.content.decode(),
        "api profile": api_profile.status_code == 200,
    }


@pytest.mark.parametrize("status", VISIBLE)
def test_it_shows_the_candidate_while_the_referral_is_under_way_or_hired(world, manager, status):
    referral = _referral(world, manager.provider, status)
    assert all(_sees(manager, referral).values()), _sees(manager, referral)


@pytest.mark.parametrize("status", HIDDEN)
def test_it_hides_the_candidate_before_the_referral_is_sent_and_after_it_ends(world, manager, status):
    referral = _referral(world, manager.provider, status)
    assert not any(_sees(manager, referral).values()), _sees(manager, referral)


def test_it_hides_the_candidate_without_consent(world, manager):
    referral = _referral(world, manager.provider, ReferralStatus.SENT, consent=False)
    assert not any(_sees(manager, referral).values())


def test_it_keeps_the_cis_pages_of_a_participant_for_its_staff(world, manager):
    referral = _referral(world, manager.provider, ReferralStatus.INTERVIEW)
    assert manager.get(f"/training/participants/{referral.participation.public_id}/").status_code == 403
    assert manager.get(f"/api/v1/training/participants/{referral.participation.public_id}").status_code == 403


def test_it_sends_a_provider_who_declined_back_to_its_candidates(world, manager):
    referral = _referral(world, manager.provider, ReferralStatus.INTERVIEW)
    response = manager.post(f"/placement/referrals/{referral.public_id}/transition/", {"to": "declined"})
    assert response.status_code == 302 and response["Location"] == "/placement/candidates/"
    assert not any(_sees(manager, referral).values())
    other = _referral(world, manager.provider, ReferralStatus.SENT, name="Druga")
    response = manager.post(
        f"/api/v1/placement/referrals/{other.public_id}/transition",
        {"to": "declined"},
        content_type="application/json",
    )
    assert response.status_code == 204 and response.content == b""
    other.refresh_from_db()
    assert other.status == ReferralStatus.DECLINED
