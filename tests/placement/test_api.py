"""The placement API: shapes, errors and the same rules as the web pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kooperacja.audit.models import PersonalDataAccess
from kooperacja.placement.models import MatchingRun, Referral, RunStatus, Unmatched
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.placement import factories

BASE = "/api/v1/placement"


@pytest.fixture
def card(db):
    return factories.card(codes=("OPK", "PP"))


def post(client, url, data=None):
    return client.post(url, data=data or {}, content_type="application/json")


def test_it_starts_a_run_and_reports_its_status_and_result(world, client_for, card, django_capture_on_commit_callbacks):
    need = factories.need(provider=world.org_a, card_version=card, codes=("OPK",))
    factories.participant(organisation=world.org_a, codes=("OPK",), first_name="Anna")
    factories.participant(organisation=world.org_a, codes=("PP",), first_name="Ewa")
    client = client_for("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, f"{BASE}/runs", {"territory": "0462"})
    assert response.status_code == 201
    body = response.json()
    assert body["territory"] == {"code": "0462", "name": "Grudziądz"} or body["territory"]["code"] == "0462"
    assert body["plan"] is None and "progress" in body and "status" in body
    status = client.get(f"{BASE}/runs/{body['public_id']}").json()
    assert status["status"] == "done" and status["progress"] == 100 and status["matched_count"] == 1
    assert status["greedy_matched_count"] == 1 and status["sequential_matched_count"] == 1
    # The score the coordinators see: 100 minus the solver's cost of the single pair.
    assert status["average_score"] == 100 - status["total_cost"]
    assert status["sequential_average_score"] == 100 - status["greedy_total_cost"]
    result = client.get(f"{BASE}/runs/{body['public_id']}/result").json()
    assert [p["person"]["first_name"] for p in result["proposals"]] == ["Anna"]
    proposal = result["proposals"][0]
    assert proposal["need"]["public_id"] == str(need.public_id)
    assert set(proposal["person"]) == {"first_name", "last_name", "home_municipality", "phone", "email"}
    assert proposal["explanation"]["cost"]["total"] == proposal["cost"] and proposal["referral"] is None
    assert proposal["score"] == 100 - proposal["cost"]
    assert result["unmatched"][0]["reason"] == "no_qualified_opening"
    assert result["unmatched"][0]["person"]["first_name"] == "Ewa"
    assert PersonalDataAccess.objects.filter(channel="api", purpose="matching run").count() == 2


def test_it_refuses_a_second_run_with_422(world, client_for):
    MatchingRun.objects.create(territory_id="0462", status=RunStatus.RUNNING, heartbeat_at=timezone.now())
    response = post(client_for("coordinator"), f"{BASE}/runs", {"territory": "0462"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["errors"][0]["field"] == "territory"
    assert MatchingRun.objects.count() == 1


def test_it_answers_409_for_the_result_of_an_unfinished_run(world, client_for):
    run = MatchingRun.objects.create(territory_id="0462", status=RunStatus.QUEUED)
    response = client_for("coordinator").get(f"{BASE}/runs/{run.public_id}/result")
    assert response.status_code == 409 and response.json()["code"] == "run_not_done"


def test_it_validates_the_territory(world, client_for):
    assert post(client_for("coordinator"), f"{BASE}/runs", {"territory": "9999"}).status_code == 422
    assert post(client_for("coordinator"), f"{BASE}/runs", {"territory": "06"}).status_code == 422
    assert post(client_for("analyst"), f"{BASE}/runs", {"territory": "0462"}).status_code == 403
    assert not MatchingRun.objects.exists()


def test_it_lists_runs_in_the_coordinators_area(world, client_for, django_assert_max_num_queries):
    for _ in range(3):
        factories.done_run(territory="0462")
    factories.done_run(territory="0605")
    client = client_for("coordinator")
    with django_assert_max_num_queries(8):
        body = client.get(f"{BASE}/runs").json()
    assert body["count"] == 3 and len(body["items"]) == 3


@pytest.fixture
def proposal(world, card):
    run = factories.done_run(territory="0462")
    need = factories.need(provider=world.org_a, card_version=card, codes=("OPK",))
    participation = factories.participant(organisation=world.org_a, codes=("OPK",))
    return factories.proposal(run=run, participation=participation, need_row=need)


def test_it_accepts_a_proposal_once(world, client_for, proposal):
    client = client_for("coordinator")
    response = post(client, f"{BASE}/proposals/{proposal.pk}/accept", {"note": "ok"})
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "proposed" and body["events"][0]["to_state"] == "proposed"
    second = post(client, f"{BASE}/proposals/{proposal.pk}/accept")
    assert second.status_code == 422 and Referral.objects.count() == 1
    result = client.get(f"{BASE}/runs/{proposal.run.public_id}/result").json()
    assert result["proposals"][0]["status"] == "accepted"
    assert result["proposals"][0]["referral"] == body["public_id"]


def test_it_rejects_a_proposal(world, client_for, proposal):
    response = post(client_for("coordinator"), f"{BASE}/proposals/{proposal.pk}/reject", {"note": "nie"})
    assert response.status_code == 200 and response.json() == {"id": proposal.pk, "status": "rejected"}


def test_it_hides_proposals_of_other_areas(world, client_for, proposal):
    stranger = UserFactory(username="lublin-coordinator")
    MembershipFactory(user=stranger, organisation=world.org_b, role="coordinator")
    from django.test import Client

    client = Client()
    client.force_login(stranger)
    assert post(client, f"{BASE}/proposals/{proposal.pk}/accept").status_code == 404


@pytest.fixture
def referral_rows(world, card):
    provider = OrganisationFactory(name="Spółdzielnia Opieka", kind="social_cooperative")
    manager = MembershipFactory(user=UserFactory(username="manager"), organisation=provider, role="pes_manager").user
    need = factories.need(provider=provider, card_version=card, codes=("OPK",), headcount=5)
    rows = [
        factories.referral(
            participation=factories.participant(organisation=world.org_a),
            need_row=need,
            status=status,
            referred_on=timezone.localdate() - timedelta(days=300),
        )
        for status in ("sent", "sent", "interview")
    ]
    return manager, rows


def test_it_lists_referrals_with_hiring_fields(world, client_for, referral_rows, django_assert_max_num_queries):
    client = client_for("coordinator")
    with django_assert_max_num_queries(10):
        body = client.get(f"{BASE}/referrals?limit=2").json()
    assert body["count"] == 3 and len(body["items"]) == 2
    item = body["items"][0]
    assert set(item) == {
        "public_id",
        "status",
        "participation",
        "person",
        "need",
        "hired_on",
        "created_at",
        "updated_at",
    }
    assert "pesel" not in str(item)
    assert PersonalDataAccess.objects.filter(channel="api", purpose="referral list").count() == 2
    assert client.get(f"{BASE}/referrals?status=interview").json()["count"] == 1
    assert client_for("member_b").get(f"{BASE}/referrals").json()["count"] == 0


def test_it_moves_a_referral_to_hired_and_records_follow_ups(world, client_for, referral_rows):
    from django.test import Client

    manager, rows = referral_rows
    client = Client()
    client.force_login(manager)
    url = f"{BASE}/referrals/{rows[2].public_id}"
    hired_on = (timezone.localdate() - timedelta(days=200)).isoformat()
    response = post(client, f"{url}/transition", {"to": "hired", "hired_on": hired_on})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "hired" and body["hired_on"] == hired_on
    assert [f["months_after"] for f in body["follow_ups"]] == [3, 6]
    assert post(client_for("coordinator"), f"{url}/transition", {"to": "withdrawn"}).status_code == 422
    assert post(client, f"{BASE}/referrals/{rows[0].public_id}/transition", {"to": "withdrawn"}).status_code == 403
    follow = post(client_for("pzs_staff"), f"{url}/follow-ups/3", {"still_employed": True, "note": "pracuje"})
    assert follow.status_code == 200
    assert follow.json()["follow_ups"][0]["still_employed"] is True
    assert post(client_for("pzs_staff"), f"{url}/follow-ups/9", {"still_employed": True}).status_code == 404


def test_it_answers_404_for_another_institutions_referral(world, client_for, referral_rows):
    _manager, rows = referral_rows
    assert client_for("member_b").get(f"{BASE}/referrals/{rows[0].public_id}").status_code == 404
    detail = client_for("coordinator").get(f"{BASE}/referrals/{rows[0].public_id}").json()
    assert detail["status"] == "sent" and detail["follow_ups"] == [] and "qualifications" in detail


def test_it_explains_unmatched_people_in_the_result(world, client_for, card):
    run = factories.done_run(territory="0462")
    participation = factories.participant(organisation=world.org_a)
    Unmatched.objects.create(
        run=run, participation=participation, reason="competition", explanation={"feasible_openings": 2}
    )
    body = client_for("coordinator").get(f"{BASE}/runs/{run.public_id}/result").json()
    assert body["unmatched"][0]["reason"] == "competition" and body["unmatched"][0]["reason_label"]
