"""Web pages: the coordinator's matching screen, run detail, referrals and the provider's candidates."""

import pytest
from django.urls import reverse

from kooperacja.audit.models import PersonalDataAccess
from kooperacja.placement.models import MatchingRun, Proposal, Referral, ReferralStatus, RunStatus, Unmatched
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.placement import factories


@pytest.fixture
def card(db):
    return factories.card(codes=("OPK", "PP"))


@pytest.fixture
def finished(world, card):
    """A finished run in Grudziądz county with two proposals and one person left unmatched."""
    run = factories.done_run(territory="0462", matched_count=2, candidates_count=3, greedy_matched_count=1)
    need = factories.need(provider=world.org_a, card_version=card, codes=("OPK",), headcount=2, position="Opiekunka")
    ann = factories.participant(organisation=world.org_a, codes=("OPK",), first_name="Anna")
    bob = factories.participant(organisation=world.org_a, codes=("OPK",), first_name="Bogdan")
    first = factories.proposal(run=run, participation=ann, need_row=need)
    second = factories.proposal(run=run, participation=bob, need_row=need)
    lost = factories.participant(organisation=world.org_a, codes=("KPP",), first_name="Cezary")
    Unmatched.objects.create(
        run=run,
        participation=lost,
        reason="too_far",
        explanation={"nearest_km": 41.2, "commute_limit_km": 20, "qualified_openings": 1},
    )
    return run, first, second


def test_it_shows_the_matching_screen_with_recent_runs(world, client_for, finished, django_assert_max_num_queries):
    for _ in range(5):
        factories.done_run(territory="0462")
    client = client_for("coordinator")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("placement:index"))
    assert response.status_code == 200
    assert response.content.decode().count(reverse("placement:run-detail", args=[finished[0].public_id])) == 1


def test_it_lists_only_runs_in_the_coordinators_area(world, client_for, finished):
    lublin = factories.done_run(territory="0605")
    content = client_for("coordinator").get(reverse("placement:index")).content.decode()
    assert str(finished[0].public_id) in content and str(lublin.public_id) not in content
    response = client_for("coordinator").get(reverse("placement:run-detail", args=[lublin.public_id]))
    assert response.status_code == 404


def test_it_starts_a_run_from_the_form(world, client_for, card, django_capture_on_commit_callbacks):
    factories.need(provider=world.org_a, card_version=card, codes=("OPK",))
    factories.participant(organisation=world.org_a, codes=("OPK",))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordinator").post(reverse("placement:index"), {"territory": "0462"})
    run = MatchingRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("placement:run-detail", args=[run.public_id])
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.matched_count == 1


def test_it_refuses_a_territory_outside_the_area_in_the_form(world, client_for):
    response = client_for("coordinator").post(
        reverse("placement:index"), {"territory": "06"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "your own county or voivodeship" in response.content.decode()
    assert not MatchingRun.objects.exists()


def test_it_says_when_a_run_is_already_in_progress(world, client_for):
    MatchingRun.objects.create(territory_id="0462", status=RunStatus.QUEUED)
    response = client_for("coordinator").post(
        reverse("placement:index"), {"territory": "0462"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "already in progress" in response.content.decode()
    assert MatchingRun.objects.count() == 1


def test_it_polls_the_status_of_a_running_run_and_reloads_when_it_ends(world, client_for):
    run = MatchingRun.objects.create(territory_id="0462", status=RunStatus.RUNNING, progress=60, stage="solving")
    client = client_for("coordinator")
    page = client.get(reverse("placement:run-detail", args=[run.public_id])).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="60"' in page
    MatchingRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, progress=100)
    partial = client.get(reverse("placement:run-status", args=[run.public_id]), headers={"HX-Request": "true"})
    assert partial["HX-Refresh"] == "true" and "every 1s" not in partial.content.decode()


def test_it_shows_proposals_with_reasons_and_logs_the_people_shown(
    world, client_for, finished, django_assert_max_num_queries
):
    run, first, _second = finished
    client = client_for("coordinator")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("placement:run-detail", args=[run.public_id]))
    content = response.content.decode()
    assert "Anna" in content and "Bogdan" in content and "Opiekunka" in content
    assert "Cezary" in content and "41.2" in content
    assert reverse("placement:proposal-accept", args=[first.pk]) in content
    logged = PersonalDataAccess.objects.filter(actor=world.user("coordinator"), purpose="matching run")
    assert logged.count() == 3 and "phone" in logged.first().fields and "pesel" not in logged.first().fields


def test_it_accepts_a_proposal_from_the_run_page(world, client_for, finished):
    _run, first, _second = finished
    response = client_for("coordinator").post(reverse("placement:proposal-accept", args=[first.pk]))
    referral = Referral.objects.get()
    assert response["Location"] == reverse("placement:referral-detail", args=[referral.public_id])
    again = client_for("coordinator").post(
        reverse("placement:proposal-accept", args=[first.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert Referral.objects.count() == 1
    assert "cannot move" in again.content.decode()


def test_it_rejects_and_refuses_a_pointless_swap_from_the_run_page(world, client_for, finished):
    _run, first, second = finished
    client = client_for("coordinator")
    # Both proposals are for the same need: there is nothing to swap.
    swap = client.post(
        reverse("placement:proposal-swap", args=[first.pk]),
        {"number": 2},  # the row of the second proposal
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Choose the row of another proposal of this run" in swap.content.decode()
    assert Proposal.objects.get(pk=first.pk).need_id == second.need_id
    client.post(reverse("placement:proposal-reject", args=[first.pk]), {"note": "nie"})
    assert Proposal.objects.get(pk=first.pk).status == "rejected"


def test_it_refuses_decisions_to_read_only_users(world, client_for, finished):
    _run, first, _second = finished
    assert client_for("analyst").post(reverse("placement:proposal-accept", args=[first.pk])).status_code == 403
    stranger = UserFactory(username="lublin-coordinator")
    MembershipFactory(user=stranger, organisation=world.org_b, role="coordinator")
    from django.test import Client

    client = Client()
    client.force_login(stranger)
    assert client.post(reverse("placement:proposal-accept", args=[first.pk])).status_code == 404
    assert not Referral.objects.exists()


@pytest.fixture
def referrals(world, card):
    provider = OrganisationFactory(name="Spółdzielnia Opieka", kind="social_cooperative")
    manager = MembershipFactory(user=UserFactory(username="manager"), organisation=provider, role="pes_manager").user
    need = factories.need(provider=provider, card_version=card, codes=("OPK",), headcount=5, position="Opiekun")
    rows = [
        factories.referral(
            participation=factories.participant(organisation=world.org_a, first_name=f"Zenon{i}"),
            need_row=need,
            status=status,
        )
        for i, status in enumerate(["proposed", "sent", "interview", "sent"])
    ]
    return provider, manager, rows


def test_it_lists_referrals_without_n_plus_one(world, client_for, referrals, django_assert_max_num_queries):
    client = client_for("coordinator")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("placement:referral-list"))
    assert response.status_code == 200
    assert response.content.decode().count("Zenon") == 4


def test_it_shows_the_referral_timeline_and_the_allowed_moves(world, client_for, referrals):
    _provider, _manager, rows = referrals
    response = client_for("coordinator").get(reverse("placement:referral-detail", args=[rows[0].public_id]))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="sent"' in content and 'value="withdrawn"' in content and 'value="hired"' not in content


def test_it_names_who_moved_the_referral_by_name_and_role_not_login(world, client_for, referrals):
    from kooperacja.placement import services

    _provider, _manager, rows = referrals
    coordinator = world.user("coordinator")
    services.referral_transition(actor=coordinator, referral=rows[0], to="sent")
    page = client_for("coordinator").get(reverse("placement:referral-detail", args=[rows[0].public_id]))
    timeline = page.content.decode().split('id="timeline-heading"')[1]
    assert f"({coordinator.get_full_name()} (coordinator of cooperation, MOPS Grudziądz))" in timeline
    assert "(coordinator)" not in timeline


def test_it_hides_referrals_from_another_institution(world, client_for, referrals):
    _provider, _manager, rows = referrals
    assert client_for("member_b").get(reverse("placement:referral-detail", args=[rows[1].public_id])).status_code == 404
    assert client_for("analyst").get(reverse("placement:referral-list")).status_code == 403


def test_it_lets_the_provider_record_an_interview(world, referrals):
    from django.test import Client

    _provider, manager, rows = referrals
    client = Client()
    client.force_login(manager)
    url = reverse("placement:referral-transition", args=[rows[1].public_id])
    client.post(url, {"to": "interview", "note": "wtorek 10:00"})
    assert Referral.objects.get(pk=rows[1].pk).status == ReferralStatus.INTERVIEW
    # Withdrawing is the coordinator's move: the provider sees the referral but is not offered it, and a posted
    # attempt is refused by the form.
    assert client.post(url, {"to": "withdrawn"}).status_code == 302
    assert Referral.objects.get(pk=rows[1].pk).status == ReferralStatus.INTERVIEW


def test_it_offers_and_accepts_only_the_moves_the_state_machine_allows(world, client_for, referrals):
    from kooperacja.placement.forms import ReferralTransitionForm
    from kooperacja.placement.models import REFERRAL_MACHINE

    _provider, _manager, rows = referrals
    coordinator = world.user("coordinator")
    proposed = rows[0]
    moves = [(target, target) for target in REFERRAL_MACHINE.allowed_for(coordinator, proposed)]
    form = ReferralTransitionForm({"to": "hired"}, moves=moves)
    assert [value for value, _label in form.fields["to"].choices] == ["sent", "withdrawn"]
    assert not form.is_valid() and "to" in form.errors
    client = client_for("coordinator")
    url = reverse("placement:referral-transition", args=[proposed.public_id])
    page = client.post(url, {"to": "hired"}, follow=True).content.decode()
    assert Referral.objects.get(pk=proposed.pk).status == ReferralStatus.PROPOSED
    assert "Select a valid choice" in page
    client.post(url, {"to": "sent"})
    assert Referral.objects.get(pk=proposed.pk).status == ReferralStatus.SENT


def test_it_shows_the_provider_its_candidates_only(world, referrals, client_for, django_assert_max_num_queries):
    from django.test import Client

    _provider, manager, rows = referrals
    client = Client()
    client.force_login(manager)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("placement:provider-candidates"))
    content = response.content.decode()
    assert "Zenon1" in content and "Zenon2" in content and "Zenon3" in content
    assert "Zenon0" not in content  # not sent yet
    assert PersonalDataAccess.objects.filter(actor=manager, purpose="provider candidates").count() == 3
    assert "Zenon1" not in client_for("member_b").get(reverse("placement:provider-candidates")).content.decode()
    provider = rows[1].need.provider
    other_need = factories.need(
        provider=provider, card_version=rows[1].need.card_version, codes=("OPK",), position="Inny"
    )
    other = factories.referral(
        participation=factories.participant(organisation=world.org_a, first_name="Zenon9"),
        need_row=other_need,
        status="sent",
    )
    filtered = client.get(reverse("placement:provider-candidates"), {"need": str(rows[1].need.public_id)})
    shown = {r.pk for r in filtered.context["rows"]}
    assert shown == {r.pk for r in rows[1:]} and other.pk not in shown
    everything = client.get(reverse("placement:provider-candidates"))
    assert other.pk in {r.pk for r in everything.context["rows"]}


def test_the_candidates_list_links_to_a_hiring_profile_only_where_it_opens(world, referrals, client_for):
    """An administrator sees every referral under way, but a hiring profile only opens to the provider."""
    from django.test import Client

    _provider, manager, rows = referrals
    profile = reverse("placement:candidate", args=[rows[1].participation.public_id])
    admin = client_for("admin")
    assert "Zenon1" in admin.get(reverse("placement:provider-candidates")).content.decode()
    assert profile not in admin.get(reverse("placement:provider-candidates")).content.decode()
    assert admin.get(profile).status_code == 404
    client = Client()
    client.force_login(manager)
    assert profile in client.get(reverse("placement:provider-candidates")).content.decode()
    assert client.get(profile).status_code == 200


def test_it_records_a_follow_up_from_the_referral_page(world, client_for, card):
    from datetime import timedelta

    from django.utils import timezone

    need = factories.need(provider=world.org_a, card_version=card)
    hired_on = timezone.localdate() - timedelta(days=120)
    referral = factories.referral(
        participation=factories.participant(organisation=world.org_a), need_row=need, status="hired", hired_on=hired_on
    )
    factories.follow_ups(referral, hired_on)
    url = reverse("placement:follow-up-record", args=[referral.public_id, 3])
    client_for("pzs_staff").post(url, {"still_employed": "no", "note": "zwolnienie"})
    follow_up = referral.follow_ups.get(months_after=3)
    assert follow_up.still_employed is False and follow_up.note == "zwolnienie"
    client_for("pzs_staff").post(
        reverse("placement:follow-up-record", args=[referral.public_id, 6]), {"still_employed": "yes"}
    )
    assert referral.follow_ups.get(months_after=6).still_employed is None  # not due yet


def test_it_offers_to_restart_a_failed_run(world, client_for, django_capture_on_commit_callbacks):
    failed = MatchingRun.objects.create(territory_id="0462", status=RunStatus.FAILED, error="The worker stopped.")
    client = client_for("coordinator")
    page = client.get(reverse("placement:run-detail", args=[failed.public_id])).content.decode()
    assert "The worker stopped." in page and reverse("placement:run-restart", args=[failed.public_id]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("placement:run-restart", args=[failed.public_id]))
    again = MatchingRun.objects.exclude(pk=failed.pk).get()
    assert response["Location"] == reverse("placement:run-detail", args=[again.public_id])
    assert again.territory_id == "0462"
