"""The problem builder: hard constraints, costs and the reasons of people left without any opening."""

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kooperacja.placement.problem import (
    PREFERENCE_PENALTY,
    SURPLUS_COST_PER_QUALIFICATION,
    Opening,
    Reason,
    edge_explanation,
    haversine_matrix,
    problem_build,
)
from kooperacja.territory.models import haversine_km
from kooperacja.training.selectors import Candidate

GRUDZIADZ = ("0462011", 53.47243, 18.77345)
GRUDZIADZ_RURAL = ("0406012", 53.46682, 18.77337)
RADZYN = ("0406033", 53.53318, 19.10172)  # about 23 km from Grudziądz
BYDGOSZCZ = ("0461011", 53.13088, 18.05315)  # about 60 km
TODAY = date(2025, 3, 1)


def candidate(pid=1, place=GRUDZIADZ, codes=("A",), limit=25, available=None, ready=TODAY, time="full_time", prefs=()):
    code, lat, lon = place
    return Candidate(
        participation_id=pid,
        home_municipality_code=code,
        latitude=lat,
        longitude=lon,
        commute_limit_km=limit,
        available_from=available,
        ready_from=ready,
        qualification_codes=frozenset(codes),
        preferred_service_type_ids=frozenset(prefs),
        working_time=time,
    )


def opening(nid=1, place=GRUDZIADZ, codes=("A",), capacity=1, start=date(2025, 4, 1), time="full_time", service=1):
    code, lat, lon = place
    return Opening(
        need_id=nid,
        capacity=capacity,
        required_codes=frozenset(codes),
        municipality_code=code,
        latitude=lat,
        longitude=lon,
        start_date=start,
        working_time=time,
        service_type_id=service,
    )


def edges(problem):
    return {(int(c), int(o)) for c, o in zip(problem.edge_candidate, problem.edge_opening, strict=True)}


def test_it_vectorises_the_haversine_of_the_territory_app():
    lat1, lon1 = np.array([GRUDZIADZ[1], RADZYN[1]]), np.array([GRUDZIADZ[2], RADZYN[2]])
    lat2, lon2 = np.array([BYDGOSZCZ[1]]), np.array([BYDGOSZCZ[2]])
    matrix = haversine_matrix(lat1, lon1, lat2, lon2)
    assert matrix[0, 0] == pytest.approx(haversine_km(GRUDZIADZ[1], GRUDZIADZ[2], BYDGOSZCZ[1], BYDGOSZCZ[2]))
    assert matrix[1, 0] == pytest.approx(haversine_km(RADZYN[1], RADZYN[2], BYDGOSZCZ[1], BYDGOSZCZ[2]))


def test_it_builds_an_edge_only_when_every_hard_constraint_holds():
    people = [
        candidate(1),  # fits opening 0
        candidate(2, codes=("B",)),  # lacks A
        candidate(3, place=BYDGOSZCZ),  # too far
        candidate(4, available=date(2025, 5, 1)),  # available after the start
        candidate(5, time="part_time"),  # wants part time
        candidate(6, time="flexible", codes=("A", "B")),  # fits both
    ]
    openings = [opening(1), opening(2, codes=("A", "B"), time="flexible")]
    problem = problem_build(candidates=people, openings=openings)
    assert edges(problem) == {(0, 0), (5, 0), (5, 1)}
    assert problem.blocked[1][0] == Reason.NO_QUALIFIED_OPENING
    assert problem.blocked[2][0] == Reason.TOO_FAR
    assert problem.blocked[3][0] == Reason.NOT_AVAILABLE_IN_TIME
    assert problem.blocked[4][0] == Reason.WORKING_TIME
    assert set(problem.blocked) == {1, 2, 3, 4}


def test_it_takes_a_part_time_person_for_a_flexible_need_but_not_for_a_full_time_one():
    people = [candidate(1, time="part_time")]
    problem = problem_build(candidates=people, openings=[opening(1), opening(2, time="flexible")])
    assert edges(problem) == {(0, 1)}
    problem = problem_build(candidates=people, openings=[opening(1)])
    assert problem.blocked[0] == (
        Reason.WORKING_TIME,
        {"working_time_wanted": "part_time", "working_time_offered": ["full_time"]},
    )


def test_it_uses_the_later_of_available_from_and_ready_from():
    late_ready = candidate(1, available=date(2025, 1, 1), ready=date(2025, 4, 2))
    problem = problem_build(candidates=[late_ready], openings=[opening(1, start=date(2025, 4, 1))])
    reason, detail = problem.blocked[0]
    assert reason == Reason.NOT_AVAILABLE_IN_TIME
    assert detail["available_from"] == "2025-04-02"
    on_time = candidate(1, available=date(2025, 4, 1), ready=date(2025, 3, 1))
    assert problem_build(candidates=[on_time], openings=[opening(1)]).edge_count == 1


def test_it_gives_the_nearest_distance_when_everything_is_too_far():
    problem = problem_build(
        candidates=[candidate(1, limit=10)], openings=[opening(1, place=RADZYN), opening(2, place=BYDGOSZCZ)]
    )
    reason, detail = problem.blocked[0]
    assert reason == Reason.TOO_FAR
    assert detail["qualified_openings"] == 2
    assert detail["commute_limit_km"] == 10
    assert 20 < detail["nearest_km"] < 26


def test_it_counts_only_the_same_municipality_when_a_centroid_is_missing():
    home = ("0406012", None, None)
    same = opening(1, place=("0406012", None, None))
    other = opening(2, place=GRUDZIADZ)
    problem = problem_build(candidates=[candidate(1, place=home)], openings=[same, other])
    assert edges(problem) == {(0, 0)}
    assert problem.edge_distance_km[0] == 0
    problem = problem_build(candidates=[candidate(1, place=home)], openings=[other])
    assert problem.blocked[0] == (Reason.TOO_FAR, {"qualified_openings": 1, "commute_limit_km": 25, "nearest_km": None})


def test_it_costs_distance_plus_preference_penalty_plus_surplus():
    person = candidate(1, place=RADZYN, codes=("A", "B", "C"), prefs=(2,))
    problem = problem_build(
        candidates=[person], openings=[opening(1, service=1), opening(2, service=2, codes=("A", "B"))]
    )
    distance = haversine_km(RADZYN[1], RADZYN[2], GRUDZIADZ[1], GRUDZIADZ[2])
    costs = dict(zip(problem.edge_opening.tolist(), problem.edge_cost.tolist(), strict=True))
    assert costs[0] == round(distance) + PREFERENCE_PENALTY + 2 * SURPLUS_COST_PER_QUALIFICATION
    assert costs[1] == round(distance) + SURPLUS_COST_PER_QUALIFICATION
    why = edge_explanation(problem, 0)
    assert why["cost"] == {
        "distance": round(distance),
        "preference": PREFERENCE_PENALTY,
        "surplus": 2 * SURPLUS_COST_PER_QUALIFICATION,
        "total": costs[0],
    }
    assert why["preference_hit"] is False and why["preferences_stated"] is True
    assert why["surplus_qualifications"] == 2
    assert why["qualifications_required"] == ["A"] and why["qualifications_held"] == ["A", "B", "C"]
    assert why["alternatives"] == 1 and why["commute_limit_km"] == 25


def test_it_adds_no_preference_penalty_for_people_without_preferences():
    problem = problem_build(candidates=[candidate(1)], openings=[opening(1, service=7)])
    assert problem.edge_cost.tolist() == [0]
    assert edge_explanation(problem, 0)["preference_hit"] is None


def test_it_skips_needs_without_open_positions():
    problem = problem_build(candidates=[candidate(1)], openings=[opening(1, capacity=0)])
    assert problem.edge_count == 0
    assert problem.blocked[0][0] == Reason.NO_QUALIFIED_OPENING


PLACES = [GRUDZIADZ, GRUDZIADZ_RURAL, RADZYN, BYDGOSZCZ]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(PLACES),
            st.frozensets(st.sampled_from("ABC"), max_size=3),
            st.integers(5, 70),
            st.integers(0, 60),
            st.sampled_from(["full_time", "part_time", "flexible"]),
        ),
        min_size=1,
        max_size=12,
    ),
    st.lists(
        st.tuples(
            st.sampled_from(PLACES),
            st.frozensets(st.sampled_from("ABC"), max_size=2),
            st.integers(0, 60),
            st.sampled_from(["full_time", "part_time", "flexible"]),
        ),
        min_size=1,
        max_size=8,
    ),
)
def test_it_never_builds_an_edge_that_breaks_a_hard_constraint(people, needs):
    candidates = [
        candidate(i, place=p, codes=c, limit=limit, ready=date.fromordinal(TODAY.toordinal() + delay), time=t)
        for i, (p, c, limit, delay, t) in enumerate(people)
    ]
    openings = [
        opening(j, place=p, codes=c, start=date.fromordinal(TODAY.toordinal() + delay), time=t)
        for j, (p, c, delay, t) in enumerate(needs)
    ]
    problem = problem_build(candidates=candidates, openings=openings)
    compatible = {"full_time": {"full_time", "flexible"}, "part_time": {"part_time", "flexible"}}
    for c, o in edges(problem):
        person, job = candidates[c], openings[o]
        assert job.required_codes <= person.qualification_codes
        assert haversine_km(person.latitude, person.longitude, job.latitude, job.longitude) <= person.commute_limit_km
        assert person.ready_from <= job.start_date
        assert job.working_time == "flexible" or person.working_time in compatible[job.working_time]
    assert set(problem.blocked) == {i for i in range(len(candidates)) if problem.feasible_count[i] == 0}
