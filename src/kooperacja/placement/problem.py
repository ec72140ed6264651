"""Turning candidates and open needs into the matching engine's problem, and explaining its answer.

An edge (candidate -> need) exists only when every hard constraint holds:

1. the need's required qualification codes are a subset of the codes the candidate meets (held with evidence, or
   met by a completed CIS/KIS course where the card says the course meets them: ``training.selectors.Candidate``);
2. the straight-line distance between the home municipality and the workplace (centroids) is within the
   candidate's commute limit (a missing centroid: only the same municipality counts, as 0 km);
3. the candidate is available (the later of "available from" and "ready from") on or before the start date;
4. the working time is compatible (a full-time need takes full-time or flexible people, a part-time need
   part-time or flexible people, a flexible need anyone).

The cost of an edge (a non-negative integer) is the rounded distance in km, plus a penalty when the
need's service is not among the services the person said they prefer, plus a surplus term per
qualification held beyond those required (so the over-qualified stay free for jobs that need them).

Before solving, pairs that could not be accepted are excluded (:class:`Exclusions`): every pair of a person
who already has a referral in progress, and a pair whose person was declined by the provider, or rejected by
a coordinator, for that same need earlier. The optimum is then an optimum over acceptable pairs, and every
proposal it makes can be accepted.

When a person has no edge at all, the first constraint that left them without one is the reason they
are unmatched (a referral in progress comes first: nothing else matters while it lasts). Everything is
computed on whole candidate x need matrices with numpy: a voivodeship
(3,000 people x 1,500 needs) takes a fraction of a second.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np

from kooperacja.matching import greedy, solve
from kooperacja.staffing.selectors import need_course_codes, need_qualification_codes, open_needs_for_matching
from kooperacja.territory.models import EARTH_RADIUS_KM
from kooperacja.training.selectors import matching_candidates

PREFERENCE_PENALTY = 15
SURPLUS_COST_PER_QUALIFICATION = 2
# What coordinators see instead of the engine's cost: a match score out of 100 (higher is better), the cost's
# points taken from 100, never below 0. The engine's lowest total cost is the highest total score.
SCORE_MAX = 100


def match_score(cost: int | float) -> int:
    """The match score (0-100, higher is better) of a pair of this cost."""
    return max(0, SCORE_MAX - int(round(cost)))


def average_score(total_cost: int | None, matched: int | None) -> int | None:
    """The average match score of an assignment placing ``matched`` people at ``total_cost``."""
    if not matched or total_cost is None:
        return None
    return match_score(total_cost / matched)


FULL_TIME, PART_TIME, FLEXIBLE = "full_time", "part_time", "flexible"
_WORKING_TIMES = (FULL_TIME, PART_TIME, FLEXIBLE)
# _COMPATIBLE[candidate][need]: may a candidate wanting this working time take a need of that one?
_COMPATIBLE = np.array(
    [
        # need: full  part   flexible
        [True, False, True],  # candidate full time
        [False, True, True],  # candidate part time
        [True, True, True],  # candidate flexible
    ]
)


class Reason:
    """Why a candidate was left unmatched (stored in ``Unmatched.reason``)."""

    NO_QUALIFIED_OPENING = "no_qualified_opening"
    TOO_FAR = "too_far"
    NOT_AVAILABLE_IN_TIME = "not_available_in_time"
    WORKING_TIME = "working_time"
    COMPETITION = "competition"
    LIVE_REFERRAL = "live_referral"  # already referred somewhere: no pair of theirs can be accepted
    DECLINED_EARLIER = "declined_earlier"  # every opening they could take declined or rejected them before


@dataclass(frozen=True)
class Exclusions:
    """Pairs the matching must not propose, read before solving (``placement.selectors.matching_exclusions``).

    ``people``: participation id -> the detail of the referral in progress (every pair of theirs is excluded);
    ``pairs``: (participation id, need id) -> the detail of the earlier refusal of that pair."""

    people: dict[int, dict] = field(default_factory=dict)
    pairs: dict[tuple[int, int], dict] = field(default_factory=dict)

    def pairs_of(self, participation_id: int, need_ids) -> list[dict]:
        return [self.pairs[(participation_id, n)] for n in need_ids if (participation_id, n) in self.pairs]


@dataclass(frozen=True)
class Opening:
    """The facts of one need that matching uses (read once from the StaffingNeed rows)."""

    need_id: int
    capacity: int
    required_codes: frozenset[str]
    municipality_code: str
    latitude: float | None
    longitude: float | None
    start_date: date
    working_time: str
    service_type_id: int
    # The required codes a completed course of the card meets; the others need a document.
    course_codes: frozenset[str] = frozenset()

    @classmethod
    def of(cls, need) -> "Opening":
        """From a StaffingNeed with ``required_qualifications``, ``card_version`` and ``municipality`` loaded."""
        municipality = need.municipality
        return cls(
            need_id=need.pk,
            capacity=max(need.headcount - need.filled_count, 0),
            required_codes=frozenset(q.code for q in need.required_qualifications.all()),
            course_codes=frozenset(q.code for q in need.required_qualifications.all() if q.met_by_course),
            municipality_code=need.municipality_id,
            latitude=municipality.latitude,
            longitude=municipality.longitude,
            start_date=need.start_date,
            working_time=need.working_time,
            service_type_id=need.card_version.service_type_id,
        )


def replace_capacity(opening: Opening, capacity: int) -> Opening:
    return replace(opening, capacity=capacity)


@dataclass
class Problem:
    """The engine's arrays plus what is needed to explain its answer.

    Edges are sorted by candidate; ``edge_*`` arrays are parallel.
    """

    candidates: Sequence  # training.selectors.Candidate
    openings: Sequence[Opening]
    capacities: np.ndarray
    edge_candidate: np.ndarray
    edge_opening: np.ndarray
    edge_cost: np.ndarray
    edge_distance_km: np.ndarray
    edge_preference_miss: np.ndarray
    edge_surplus: np.ndarray
    feasible_count: np.ndarray  # per candidate: how many openings they could take
    blocked: dict[int, tuple[str, dict]] = field(default_factory=dict)  # candidate index -> (reason, detail)
    # candidate index -> the refusals of the pairs excluded although every hard constraint held
    excluded: dict[int, list[dict]] = field(default_factory=dict)

    @property
    def edge_count(self) -> int:
        return int(self.edge_candidate.shape[0])


def problem_inputs(*, territory_code: str, plan=None, today: date) -> tuple[list, list[Opening]]:
    """The candidates and openings of a territory (or of a plan) as the other apps provide them."""
    openings = openings_of(open_needs_for_matching(territory_code=territory_code, plan=plan))
    latest_start = max((opening.start_date for opening in openings), default=today)
    candidates = list(matching_candidates(territory_code=territory_code, latest_start=latest_start))
    return candidates, openings


def openings_of(needs) -> list[Opening]:
    """Openings of a StaffingNeed queryset in three queries, without loading whole rows (a need's card
    version carries pages of text that matching does not use)."""
    rows = list(
        needs.prefetch_related(None)
        .order_by("id")
        .values_list(
            "id",
            "headcount",
            "filled_count",
            "municipality_id",
            "municipality__latitude",
            "municipality__longitude",
            "start_date",
            "working_time",
            "card_version__service_type_id",
        )
    )
    need_ids = [row[0] for row in rows]
    codes = need_qualification_codes(need_ids=need_ids)
    course_codes = need_course_codes(need_ids=need_ids) if need_ids else {}
    return [
        Opening(
            need_id=need_id,
            capacity=max(headcount - filled, 0),
            required_codes=frozenset(codes.get(need_id, ())),
            course_codes=frozenset(course_codes.get(need_id, ())),
            municipality_code=municipality,
            latitude=latitude,
            longitude=longitude,
            start_date=start_date,
            working_time=working_time,
            service_type_id=service_type_id,
        )
        for (
            need_id,
            headcount,
            filled,
            municipality,
            latitude,
            longitude,
            start_date,
            working_time,
            service_type_id,
        ) in rows
    ]


def haversine_matrix(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Great-circle distances (km) between every point of the first set and every point of the second:
    ``territory.models.haversine_km`` on whole arrays (NaN where a coordinate is missing)."""
    phi1 = np.radians(lat1)[:, None]
    phi2 = np.radians(lat2)[None, :]
    dphi = phi2 - phi1
    dlmb = np.radians(lon2)[None, :] - np.radians(lon1)[:, None]
    a = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _coordinate(value) -> float:
    return float("nan") if value is None else float(value)


def availability_date(candidate) -> date:
    """The first day the candidate can start: the later of "available from" and "ready from"."""
    if candidate.available_from is None:
        return candidate.ready_from
    return max(candidate.available_from, candidate.ready_from)


def _distance_matrix(candidates: Sequence, openings: Sequence[Opening]) -> np.ndarray:
    """Candidate x opening distances in km; inf where unknown (a missing centroid in another municipality)."""
    homes: dict[str, int] = {}
    home_points: list[tuple[float, float]] = []
    home_index = np.empty(len(candidates), dtype=np.int64)
    for i, candidate in enumerate(candidates):
        code = candidate.home_municipality_code
        if code not in homes:
            homes[code] = len(home_points)
            home_points.append((_coordinate(candidate.latitude), _coordinate(candidate.longitude)))
        home_index[i] = homes[code]
    works: dict[str, int] = {}
    work_points: list[tuple[float, float]] = []
    work_index = np.empty(len(openings), dtype=np.int64)
    for j, opening in enumerate(openings):
        code = opening.municipality_code
        if code not in works:
            works[code] = len(work_points)
            work_points.append((_coordinate(opening.latitude), _coordinate(opening.longitude)))
        work_index[j] = works[code]
    home_array = np.array(home_points, dtype=np.float64).reshape(-1, 2)
    work_array = np.array(work_points, dtype=np.float64).reshape(-1, 2)
    places = haversine_matrix(home_array[:, 0], home_array[:, 1], work_array[:, 0], work_array[:, 1])
    places = np.where(np.isnan(places), np.inf, places)
    for code, h in homes.items():  # the same municipality is 0 km away, centroid or not
        w = works.get(code)
        if w is not None:
            places[h, w] = 0.0
    return places[home_index][:, work_index]


def _qualified_matrix(candidates: Sequence, openings: Sequence[Opening]) -> np.ndarray:
    """qualified[c, o]: does candidate c hold every qualification opening o requires?"""
    codes = sorted(set().union(*(opening.required_codes for opening in openings)))
    if not codes:
        return np.ones((len(candidates), len(openings)), dtype=bool)
    index = {code: k for k, code in enumerate(codes)}
    held = np.zeros((len(candidates), len(codes)), dtype=np.float32)
    for i, candidate in enumerate(candidates):
        for code in candidate.qualification_codes:
            k = index.get(code)
            if k is not None:
                held[i, k] = 1.0
    required = np.zeros((len(openings), len(codes)), dtype=np.float32)
    for j, opening in enumerate(openings):
        for code in opening.required_codes:
            required[j, index[code]] = 1.0
    required_count = required.sum(axis=1)
    return (held @ required.T) >= required_count[None, :] - 0.5


def _preference_miss_matrix(candidates: Sequence, openings: Sequence[Opening]) -> np.ndarray:
    """miss[c, o]: c stated preferred services and o's service is not one of them."""
    services = sorted({opening.service_type_id for opening in openings})
    index = {service: k for k, service in enumerate(services)}
    prefers = np.zeros((len(candidates), len(services)), dtype=bool)
    stated = np.zeros(len(candidates), dtype=bool)
    for i, candidate in enumerate(candidates):
        if candidate.preferred_service_type_ids:
            stated[i] = True
            for service in candidate.preferred_service_type_ids:
                k = index.get(service)
                if k is not None:
                    prefers[i, k] = True
    opening_service = np.array([index[opening.service_type_id] for opening in openings], dtype=np.int64)
    return stated[:, None] & ~prefers[:, opening_service]


def problem_build(
    *, candidates: Sequence, openings: Sequence[Opening], exclusions: Exclusions | None = None
) -> Problem:
    """The engine's problem: edges with their costs, and the reason of each candidate left without any. Pairs
    in ``exclusions`` are no edges: the engine never sees them."""
    exclusions = exclusions or Exclusions()
    openings = [opening for opening in openings if opening.capacity > 0]
    n_candidates, n_openings = len(candidates), len(openings)
    capacities = np.array([opening.capacity for opening in openings], dtype=np.int64)
    if n_candidates == 0 or n_openings == 0:
        empty = np.empty(0, dtype=np.int64)
        blocked: dict[int, tuple[str, dict]] = {
            i: (Reason.NO_QUALIFIED_OPENING, {"qualifications_held": sorted(c.qualification_codes)})
            for i, c in enumerate(candidates)
        }
        for i, c in enumerate(candidates):
            if c.participation_id in exclusions.people:
                blocked[i] = (Reason.LIVE_REFERRAL, exclusions.people[c.participation_id])
        return Problem(
            candidates=candidates,
            openings=openings,
            capacities=capacities,
            edge_candidate=empty,
            edge_opening=empty,
            edge_cost=empty,
            edge_distance_km=np.empty(0, dtype=np.float64),
            edge_preference_miss=np.empty(0, dtype=bool),
            edge_surplus=empty,
            feasible_count=np.zeros(n_candidates, dtype=np.int64),
            blocked=blocked,
        )

    qualified = _qualified_matrix(candidates, openings)
    distance = _distance_matrix(candidates, openings)
    limits = np.array([c.commute_limit_km for c in candidates], dtype=np.float64)
    near = distance <= limits[:, None]
    ready_day = np.array([availability_date(c).toordinal() for c in candidates], dtype=np.int64)
    start_day = np.array([opening.start_date.toordinal() for opening in openings], dtype=np.int64)
    in_time = ready_day[:, None] <= start_day[None, :]
    candidate_time = np.array([_WORKING_TIMES.index(c.working_time) for c in candidates], dtype=np.int64)
    opening_time = np.array([_WORKING_TIMES.index(o.working_time) for o in openings], dtype=np.int64)
    time_ok = _COMPATIBLE[candidate_time[:, None], opening_time[None, :]]

    # The constraints in the order they are explained: each stage keeps what the previous one left.
    stage_qualified = qualified
    stage_near = stage_qualified & near
    stage_in_time = stage_near & in_time
    stage_hard = stage_in_time & time_ok
    feasible = stage_hard & _acceptable_matrix(candidates, openings, exclusions)

    edge_candidate, edge_opening = np.nonzero(feasible)  # row-major: sorted by candidate
    edge_distance = distance[edge_candidate, edge_opening]
    preference_miss = _preference_miss_matrix(candidates, openings)[edge_candidate, edge_opening]
    held_count = np.array([len(c.qualification_codes) for c in candidates], dtype=np.int64)
    required_count = np.array([len(o.required_codes) for o in openings], dtype=np.int64)
    surplus = np.maximum(held_count[edge_candidate] - required_count[edge_opening], 0)
    cost = (
        np.rint(edge_distance).astype(np.int64)
        + PREFERENCE_PENALTY * preference_miss.astype(np.int64)
        + SURPLUS_COST_PER_QUALIFICATION * surplus
    )
    feasible_count = feasible.sum(axis=1).astype(np.int64)

    blocked = {}
    excluded: dict[int, list[dict]] = {}
    if exclusions.pairs:
        for i in np.flatnonzero((stage_hard & ~feasible).any(axis=1)).tolist():
            need_ids = [openings[j].need_id for j in np.flatnonzero(stage_hard[i] & ~feasible[i]).tolist()]
            refusals = exclusions.pairs_of(candidates[i].participation_id, need_ids)
            if refusals:
                excluded[i] = refusals
    for i in np.flatnonzero(feasible_count == 0).tolist():
        participation_id = candidates[i].participation_id
        if participation_id in exclusions.people:
            blocked[i] = (Reason.LIVE_REFERRAL, exclusions.people[participation_id])
        elif stage_hard[i].any():  # every opening they could take refused them before
            blocked[i] = (Reason.DECLINED_EARLIER, {"refusals": excluded.get(i, [])})
        else:
            blocked[i] = _blocking_reason(
                candidates[i],
                openings,
                qualified=stage_qualified[i],
                near=stage_near[i],
                in_time=stage_in_time[i],
                distance=distance[i],
            )
    return Problem(
        candidates=candidates,
        openings=openings,
        capacities=capacities,
        edge_candidate=edge_candidate.astype(np.int64),
        edge_opening=edge_opening.astype(np.int64),
        edge_cost=cost,
        edge_distance_km=edge_distance,
        edge_preference_miss=preference_miss,
        edge_surplus=surplus,
        feasible_count=feasible_count,
        blocked=blocked,
        excluded=excluded,
    )


def _acceptable_matrix(candidates: Sequence, openings: Sequence[Opening], exclusions: Exclusions) -> np.ndarray:
    """acceptable[c, o]: may the pair be proposed at all (no referral in progress, not refused before)?"""
    acceptable = np.ones((len(candidates), len(openings)), dtype=bool)
    if not exclusions.people and not exclusions.pairs:
        return acceptable
    rows = {c.participation_id: i for i, c in enumerate(candidates)}
    columns = {opening.need_id: j for j, opening in enumerate(openings)}
    for participation_id in exclusions.people:
        i = rows.get(participation_id)
        if i is not None:
            acceptable[i, :] = False
    for participation_id, need_id in exclusions.pairs:
        i, j = rows.get(participation_id), columns.get(need_id)
        if i is not None and j is not None:
            acceptable[i, j] = False
    return acceptable


def _blocking_reason(candidate, openings, *, qualified, near, in_time, distance) -> tuple[str, dict]:
    """The first hard constraint that left the candidate without any opening, with its detail."""
    held = sorted(candidate.qualification_codes)
    if not qualified.any():
        missing: dict[str, int] = {}
        by_course: set[str] = set()
        for opening in openings:
            for code in opening.required_codes - candidate.qualification_codes:
                missing[code] = missing.get(code, 0) + 1
            by_course |= opening.course_codes
        most_asked = [code for code, _count in sorted(missing.items(), key=lambda item: (-item[1], item[0]))[:5]]
        return Reason.NO_QUALIFIED_OPENING, {
            "qualifications_held": held,
            "most_required_missing": most_asked,
            # Of those, the codes a completed CIS/KIS course of the card would meet; the others need a document.
            "missing_met_by_course": [code for code in most_asked if code in by_course],
        }
    if not near.any():
        reachable = distance[qualified]
        finite = reachable[np.isfinite(reachable)]
        return Reason.TOO_FAR, {
            "qualified_openings": int(qualified.sum()),
            "commute_limit_km": int(candidate.commute_limit_km),
            "nearest_km": round(float(finite.min()), 1) if finite.size else None,
        }
    if not in_time.any():
        starts = [openings[j].start_date for j in np.flatnonzero(near).tolist()]
        return Reason.NOT_AVAILABLE_IN_TIME, {
            "available_from": availability_date(candidate).isoformat(),
            "latest_start": max(starts).isoformat(),
            "openings_within_reach": len(starts),
        }
    times = sorted({openings[j].working_time for j in np.flatnonzero(in_time).tolist()})
    return Reason.WORKING_TIME, {"working_time_wanted": candidate.working_time, "working_time_offered": times}


def edge_explanation(problem: Problem, edge: int) -> dict:
    """Why this pair: the facts of the edge and its cost, item by item."""
    candidate = problem.candidates[int(problem.edge_candidate[edge])]
    opening = problem.openings[int(problem.edge_opening[edge])]
    distance = float(problem.edge_distance_km[edge])
    distance_cost = int(round(distance))
    preference_cost = PREFERENCE_PENALTY if problem.edge_preference_miss[edge] else 0
    surplus = int(problem.edge_surplus[edge])
    surplus_cost = SURPLUS_COST_PER_QUALIFICATION * surplus
    stated = bool(candidate.preferred_service_type_ids)
    feasible = int(problem.feasible_count[int(problem.edge_candidate[edge])])
    return {
        "distance_km": round(distance, 1),
        "commute_limit_km": int(candidate.commute_limit_km),
        "qualifications_required": sorted(opening.required_codes),
        "qualifications_held": sorted(candidate.qualification_codes),
        # The required codes the person meets by a completed course, not by a document.
        "met_by_course": sorted(opening.required_codes & getattr(candidate, "course_met_codes", frozenset())),
        "preferences_stated": stated,
        "preference_hit": (opening.service_type_id in candidate.preferred_service_type_ids) if stated else None,
        "surplus_qualifications": surplus,
        "available_from": availability_date(candidate).isoformat(),
        "start_date": opening.start_date.isoformat(),
        "working_time": {"wanted": candidate.working_time, "offered": opening.working_time},
        "cost": {
            "distance": distance_cost,
            "preference": preference_cost,
            "surplus": surplus_cost,
            "total": distance_cost + preference_cost + surplus_cost,
        },
        "feasible_openings": feasible,
        "alternatives": max(feasible - 1, 0),
    }


def competition_detail(problem: Problem, candidate_index: int, taken_by: dict[int, int]) -> dict:
    """Detail for a person who had feasible openings but lost them to others in the optimal assignment."""
    start = int(np.searchsorted(problem.edge_candidate, candidate_index, side="left"))
    stop = int(np.searchsorted(problem.edge_candidate, candidate_index, side="right"))
    openings = problem.edge_opening[start:stop]
    distances = problem.edge_distance_km[start:stop]
    order = np.argsort(distances, kind="stable")[:5]
    return {
        "feasible_openings": int(stop - start),
        "refused_before": len(problem.excluded.get(candidate_index, [])),
        "nearest_km": round(float(distances.min()), 1) if stop > start else None,
        "openings": [
            {
                "need_id": problem.openings[int(openings[k])].need_id,
                "distance_km": round(float(distances[k]), 1),
                "filled_by_others": taken_by.get(int(openings[k]), 0),
            }
            for k in order.tolist()
        ],
    }


# --- solving ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assignment:
    """How many people an assignment places and at what total cost."""

    matched: int
    total_cost: int


def problem_solve(problem: Problem, *, on_progress=None) -> np.ndarray:
    """The optimal assignment (most people placed, then the lowest total cost) as an edge index per candidate
    (-1: not placed). ``on_progress(fraction)`` is called as the engine finishes local labour markets."""

    def report(done: int, total: int) -> None:
        if on_progress is not None:
            on_progress(done / total if total else 1.0)

    result = solve(
        len(problem.candidates),
        len(problem.openings),
        problem.capacities,
        problem.edge_candidate,
        problem.edge_opening,
        problem.edge_cost,
        progress=report,
    )
    return _edges_of(problem, np.asarray(result.candidate_opening, dtype=np.int64))


def problem_greedy(problem: Problem) -> Assignment:
    """The greedy baseline (cheapest pair first), to show what optimality is worth."""
    result = greedy(
        len(problem.candidates),
        len(problem.openings),
        problem.capacities,
        problem.edge_candidate,
        problem.edge_opening,
        problem.edge_cost,
    )
    return Assignment(matched=int(result.matched), total_cost=int(result.cost))


def _edges_of(problem: Problem, candidate_opening: np.ndarray) -> np.ndarray:
    """Per candidate, the index of the edge to the opening the engine chose (-1: none)."""
    edges = np.full(len(problem.candidates), -1, dtype=np.int64)
    placed = np.flatnonzero(candidate_opening >= 0)
    if placed.size == 0:
        return edges
    width = max(len(problem.openings), 1)
    keys = problem.edge_candidate * width + problem.edge_opening  # ascending: edges are sorted by candidate
    wanted = placed * width + candidate_opening[placed]
    positions = np.searchsorted(keys, wanted)
    if np.any(positions >= keys.size) or np.any(keys[np.minimum(positions, keys.size - 1)] != wanted):
        raise ValueError("the engine chose a pair that is not an edge of the problem")
    edges[placed] = positions
    return edges
