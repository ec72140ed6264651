"""Matching runs: the worker's stages, optimality, stored explanations and reasons, concurrency and dead workers."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from kooperacja.core.jobs import job_fail_stale
from kooperacja.placement import services
from kooperacja.placement.models import MatchingRun, Proposal, RunStatus, Unmatched
from kooperacja.staffing.models import StaffingNeed
from kooperacja.territory.models import Unit, haversine_km
from kooperacja.training.models import Participation
from tests.placement import factories

GRUDZIADZ = "0462011"
GRUDZIADZ_RURAL = "0406012"  # about 0.6 km from the city's centroid
GRUDZICZKI = "0406022"  # rural municipality Gruta, about 12 km away
BYDGOSZCZ = "0461011"  # about 60 km away


def start_and_run(actor, territory_code="04", plan=None, capture=None) -> MatchingRun:
    territory = Unit.objects.get(code=territory_code)
    with capture(execute=True):
        run = services.run_start(actor=actor, territory=territory, plan=plan)
    run.refresh_from_db()
    return run


@pytest.fixture
def start(world, django_capture_on_commit_callbacks):
    def run(territory_code="04", actor=None):
        return start_and_run(
            actor or world.user("coordinator"), territory_code, capture=django_capture_on_commit_callbacks
        )

    return run


@pytest.fixture
def card(db):
    return factories.card(codes=("OPK", "PP", "KPP"))


def test_it_runs_matching_in_the_worker_and_stores_explained_proposals(world, start, card):
    need = factories.need(provider=world.org_a, card_version=card, codes=("OPK",), headcount=2)
    near = factories.participant(organisation=world.org_a, municipality=GRUDZIADZ_RURAL, codes=("OPK", "PP"))
    run = start()
    assert run.status == RunStatus.DONE and run.progress == 100
    assert run.candidates_count == 1 and run.openings_count == 2 and run.matched_count == 1
    proposal = Proposal.objects.get(run=run)
    assert (proposal.participation_id, proposal.need_id) == (near.pk, need.pk)
    why = proposal.explanation
    assert why["distance_km"] < 1 and why["commute_limit_km"] == 25
    assert why["qualifications_required"] == ["OPK"] and why["qualifications_held"] == ["OPK", "PP"]
    assert why["surplus_qualifications"] == 1
    assert why["cost"] == {"distance": 1, "preference": 0, "surplus": 2, "total": 3}
    assert why["cost"]["total"] == proposal.cost == run.total_cost
    assert why["alternatives"] == 0 and why["preference_hit"] is None
    assert run.greedy_matched_count == 1 and run.greedy_total_cost == run.total_cost


def test_it_reports_the_stages_of_the_run(world, start, card, monkeypatch):
    factories.need(provider=world.org_a, card_version=card, codes=("OPK",))
    factories.participant(organisation=world.org_a, codes=("OPK",))
    seen = []
    original = services._Progress.set

    def record(self, percent, stage, *, force=True):
        seen.append(percent)
        original(self, percent, stage, force=force)

    monkeypatch.setattr(services._Progress, "set", record)
    run = start()
    assert [p for p in seen if p in (10, 30, 60, 90)] == [10, 30, 60, 90]
    assert run.progress == 100 and run.heartbeat_at is not None and run.finished_at is not None


def test_it_places_more_people_than_the_greedy_baseline(world, start, card):
    # Ann (in Grudziądz) may take either job; Bob (in Gruta) only the one in Grudziądz. Giving Ann her
    # cheapest pair first (the city job) leaves Bob out; the optimum sends Ann to Gruta and Bob to the city.
    city_job = factories.need(provider=world.org_a, card_version=card, codes=("OPK",), municipality=GRUDZIADZ)
    gruta_job = factories.need(provider=world.org_a, card_version=card, codes=("OPK", "PP"), municipality=GRUDZICZKI)
    ann = factories.participant(organisation=world.org_a, municipality=GRUDZIADZ, codes=("OPK", "PP"), first_name="Ann")
    bob = factories.participant(organisation=world.org_a, municipality=GRUDZICZKI, codes=("OPK",), first_name="Bob")
    run = start()
    pairs = set(Proposal.objects.filter(run=run).values_list("participation_id", "need_id"))
    assert pairs == {(ann.pk, gruta_job.pk), (bob.pk, city_job.pk)}
    assert run.matched_count == 2
    assert run.greedy_matched_count == 1
    assert not Unmatched.objects.filter(run=run).exists()


def test_it_prefers_the_cheaper_assignment_among_those_placing_the_most(world, start, card):
    city_job = factories.need(provider=world.org_a, card_version=card, codes=("OPK",), municipality=GRUDZIADZ)
    gruta_job = factories.need(provider=world.org_a, card_version=card, codes=("OPK",), municipality=GRUDZICZKI)
    city = factories.participant(organisation=world.org_a, municipality=GRUDZIADZ, codes=("OPK",))
    gruta = factories.participant(organisation=world.org_a, municipality=GRUDZICZKI, codes=("OPK",))
    run = start()
    pairs = set(Proposal.objects.filter(run=run).values_list("participation_id", "need_id"))
    assert pairs == {(city.pk, city_job.pk), (gruta.pk, gruta_job.pk)}
    assert run.total_cost == 0


def test_it_never_stores_a_proposal_that_breaks_a_hard_constraint(world, start, card):
    places = [GRUDZIADZ, GRUDZIADZ_RURAL, GRUDZICZKI, BYDGOSZCZ]
    code_sets = [("OPK",), ("OPK", "PP"), ("PP",), ()]
    times = ["full_time", "part_time", "flexible"]
    today = timezone.localdate()
    for i in range(8):
        factories.need(
            provider=world.org_a,
            card_version=card,
            municipality=places[i % 4],
            codes=code_sets[i % 4],
            headcount=1 + i % 2,
            start=today + timedelta(days=10 + 7 * i),
            working_time=times[i % 3],
        )
    for i in range(20):
        factories.participant(
            organisation=world.org_a,
            municipality=places[(i * 3) % 4],
            codes=code_sets[(i + 1) % 4],
            commute=[10, 25, 70][i % 3],
            available_from=today + timedelta(days=5 * i),
            working_time=times[(i * 2) % 3],
        )
    run = start()
    assert run.matched_count > 0
    compatible = {"full_time": {"full_time", "flexible"}, "part_time": {"part_time", "flexible"}}
    per_need: dict[int, int] = {}
    for proposal in Proposal.objects.filter(run=run).select_related(
        "need__municipality", "participation__person__home_municipality"
    ):
        need, participation = proposal.need, proposal.participation
        home, work = participation.person.home_municipality, need.municipality
        held = set(participation.person.qualifications.values_list("code", flat=True))
        assert set(need.required_qualifications.values_list("code", flat=True)) <= held
        assert (
            haversine_km(home.latitude, home.longitude, work.latitude, work.longitude) <= participation.commute_limit_km
        )
        assert max(participation.available_from, today) <= need.start_date
        assert need.working_time == "flexible" or participation.working_time in compatible[need.working_time]
        per_need[need.pk] = per_need.get(need.pk, 0) + 1
    for need_id, count in per_need.items():
        assert count <= StaffingNeed.objects.get(pk=need_id).open_positions
    assert run.matched_count + Unmatched.objects.filter(run=run).count() == run.candidates_count


def test_it_explains_why_each_person_was_left_unmatched(world, start, card):
    today = timezone.localdate()
    factories.need(
        provider=world.org_a,
        card_version=card,
        codes=("OPK",),
        municipality=GRUDZIADZ,
        start=today + timedelta(days=30),
    )
    o = world.org_a
    unqualified = factories.participant(organisation=o, codes=("KPP",))
    far = factories.participant(organisation=o, municipality=BYDGOSZCZ, codes=("OPK",), commute=30)
    late = factories.participant(organisation=o, codes=("OPK",), available_from=today + timedelta(days=60))
    part_time = factories.participant(organisation=o, codes=("OPK",), working_time="part_time")
    winner = factories.participant(organisation=o, codes=("OPK",))
    loser = factories.participant(organisation=o, municipality=GRUDZIADZ_RURAL, codes=("OPK",))
    run = start()
    assert list(Proposal.objects.filter(run=run).values_list("participation_id", flat=True)) == [winner.pk]
    reasons = {row.participation_id: (row.reason, row.explanation) for row in Unmatched.objects.filter(run=run)}
    assert reasons[unqualified.pk][0] == "no_qualified_opening"
    assert reasons[unqualified.pk][1]["most_required_missing"] == ["OPK"]
    assert reasons[far.pk][0] == "too_far"
    assert reasons[far.pk][1]["commute_limit_km"] == 30 and 55 < reasons[far.pk][1]["nearest_km"] < 65
    assert reasons[late.pk][0] == "not_available_in_time"
    assert reasons[part_time.pk][0] == "working_time"
    assert reasons[loser.pk][0] == "competition"
    assert (
        reasons[loser.pk][1]["feasible_openings"] == 1 and reasons[loser.pk][1]["openings"][0]["filled_by_others"] == 1
    )


def test_it_does_not_offer_people_who_did_not_consent(world, start, card):
    factories.need(provider=world.org_a, card_version=card, codes=("OPK",))
    factories.participant(organisation=world.org_a, codes=("OPK",), consent=False)
    run = start()
    assert run.candidates_count == 0 and not Proposal.objects.filter(run=run).exists()


def test_it_refuses_a_second_run_for_a_territory_while_one_is_in_progress(world):
    territory = Unit.objects.get(code="0462")
    coordinator = world.user("coordinator")
    first = services.run_start(actor=coordinator, territory=territory)  # the worker has not picked it up
    with pytest.raises(ValidationError) as error:
        services.run_start(actor=coordinator, territory=territory)
    assert "already in progress" in str(error.value)
    assert list(MatchingRun.objects.values_list("pk", flat=True)) == [first.pk]
    other = services.run_start(actor=coordinator, territory=Unit.objects.get(code=GRUDZIADZ))
    assert other.status == RunStatus.QUEUED


def test_it_refuses_a_territory_outside_the_coordinators_scope(world):
    with pytest.raises(ValidationError):
        services.run_start(actor=world.user("coordinator"), territory=Unit.objects.get(code="06"))
    assert not MatchingRun.objects.exists()


def test_it_lets_only_one_worker_claim_a_run(world, card):
    factories.need(provider=world.org_a, card_version=card, codes=("OPK",))
    factories.participant(organisation=world.org_a, codes=("OPK",))
    run = MatchingRun.objects.create(territory_id="0462", status=RunStatus.RUNNING, heartbeat_at=timezone.now())
    assert services.run_execute(run_id=run.pk) is None
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING and not Proposal.objects.filter(run=run).exists()


def test_it_marks_a_failing_run_failed_with_its_message(world, start, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("centroids unavailable")

    monkeypatch.setattr(services.matching_problem, "problem_build", broken)
    run = start()
    assert run.status == RunStatus.FAILED and run.error == "centroids unavailable"


def test_it_writes_nothing_when_storing_the_result_fails(world, start, card, monkeypatch):
    factories.need(provider=world.org_a, card_version=card, codes=("OPK",))
    factories.participant(organisation=world.org_a, codes=("OPK",))
    factories.participant(organisation=world.org_a, codes=("PP",))

    def crash(*args, **kwargs):
        raise RuntimeError("connection lost")

    monkeypatch.setattr(Unmatched.objects, "bulk_create", crash)
    run = start()
    assert run.status == RunStatus.FAILED
    assert not Proposal.objects.filter(run=run).exists()


def test_it_fails_a_run_whose_worker_died_and_restarts_it(world, card, django_capture_on_commit_callbacks):
    factories.need(provider=world.org_a, card_version=card, codes=("OPK",))
    factories.participant(organisation=world.org_a, codes=("OPK",))
    coordinator = world.user("coordinator")
    # The worker was killed while solving: the run stays "running", its heartbeat stops, nothing was stored.
    dead = MatchingRun.objects.create(
        territory_id="0462",
        status=RunStatus.RUNNING,
        progress=60,
        started_at=timezone.now() - timedelta(minutes=9),
        heartbeat_at=timezone.now() - timedelta(minutes=6),
    )
    fresh = MatchingRun.objects.create(territory_id="0461", status=RunStatus.RUNNING, heartbeat_at=timezone.now())
    assert job_fail_stale(MatchingRun) == 1
    dead.refresh_from_db()
    fresh.refresh_from_db()
    assert dead.status == RunStatus.FAILED and "worker stopped" in dead.error
    assert fresh.status == RunStatus.RUNNING
    assert not Proposal.objects.filter(run=dead).exists()
    with django_capture_on_commit_callbacks(execute=True):
        again = services.run_restart(actor=coordinator, run=dead)
    again.refresh_from_db()
    assert again.pk != dead.pk and (again.territory_id, again.plan_id) == ("0462", None)
    assert again.status == RunStatus.DONE and again.matched_count == 1


def test_it_fails_a_stale_run_when_a_new_one_is_started_for_its_territory(world, django_capture_on_commit_callbacks):
    MatchingRun.objects.create(
        territory_id="0462", status=RunStatus.RUNNING, heartbeat_at=timezone.now() - timedelta(minutes=10)
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(actor=world.user("coordinator"), territory=Unit.objects.get(code="0462"))
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert MatchingRun.objects.filter(status=RunStatus.FAILED).count() == 1


def test_it_refuses_to_restart_a_run_still_in_progress(world):
    running = MatchingRun.objects.create(territory_id="0462", status=RunStatus.RUNNING, heartbeat_at=timezone.now())
    with pytest.raises(ValidationError):
        services.run_restart(actor=world.user("coordinator"), run=running)


def test_it_fails_stale_runs_from_the_management_command(db, capsys):
    MatchingRun.objects.create(
        territory_id="0462", status=RunStatus.RUNNING, heartbeat_at=timezone.now() - timedelta(minutes=30)
    )
    call_command("fail_stale_jobs")
    assert "placement.MatchingRun: 1 stale job(s) marked as failed." in capsys.readouterr().out.splitlines()
    assert MatchingRun.objects.get().status == RunStatus.FAILED


def test_it_matches_only_candidates_living_in_the_territory(world, start, card):
    factories.need(provider=world.org_a, card_version=card, codes=("OPK",), municipality=GRUDZIADZ)
    inside = factories.participant(organisation=world.org_a, codes=("OPK",))
    factories.participant(organisation=world.org_a, municipality="0605053", codes=("OPK",), commute=999)
    run = start("0462")
    assert run.candidates_count == 1
    assert Proposal.objects.get(run=run).participation_id == inside.pk
    assert Participation.objects.count() == 2
