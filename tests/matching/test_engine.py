"""The matching engine against independent references.

References: OR-Tools ``SimpleMaxFlow`` for the maximum number of placements, OR-Tools
``SimpleMinCostFlow.solve_max_flow_with_min_cost`` for the optimal cost, and exhaustive
enumeration on tiny instances (which also checks that the OR-Tools formulation is right).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.graph.python import max_flow, min_cost_flow

from kooperacja.matching import Problem, engine, greedy, solve

# ---------------------------------------------------------------------------------------------
# references


def _network(n, m, caps, cand, opn):
    s, t = n + m, n + m + 1
    tails = np.concatenate([np.full(n, s), np.asarray(cand, dtype=np.int64), n + np.arange(m)])
    heads = np.concatenate([np.arange(n), n + np.asarray(opn, dtype=np.int64), np.full(m, t)])
    arc_caps = np.concatenate([np.ones(n + len(cand), dtype=np.int64), np.asarray(caps, dtype=np.int64)])
    return s, t, tails, heads, arc_caps


def ortools_max_flow(n, m, caps, cand, opn) -> int:
    s, t, tails, heads, arc_caps = _network(n, m, caps, cand, opn)
    if len(tails) == 0:
        return 0
    mf = max_flow.SimpleMaxFlow()
    mf.add_arcs_with_capacity(tails, heads, arc_caps)
    assert mf.solve(s, t) == mf.OPTIMAL
    return mf.optimal_flow()


def ortools_min_cost(n, m, caps, cand, opn, cost) -> tuple[int, int]:
    """(maximum flow, minimum cost among maximum flows)."""
    s, t, tails, heads, arc_caps = _network(n, m, caps, cand, opn)
    if len(tails) == 0:
        return 0, 0
    costs = np.concatenate([np.zeros(n, dtype=np.int64), np.asarray(cost, dtype=np.int64), np.zeros(m, np.int64)])
    mcf = min_cost_flow.SimpleMinCostFlow()
    mcf.add_arcs_with_capacity_and_unit_cost(tails, heads, arc_caps, costs)
    mcf.set_node_supply(s, n)
    mcf.set_node_supply(t, -n)
    assert mcf.solve_max_flow_with_min_cost() == mcf.OPTIMAL
    return mcf.maximum_flow(), mcf.optimal_cost()


def brute_force(n, m, caps, cand, opn, cost) -> tuple[int, int]:
    """Enumerate every choice (one of its pairs or nothing) per candidate."""
    options: list[list[tuple[int, int]]] = [[(-1, 0)] for _ in range(n)]
    for c, o, w in zip(cand, opn, cost, strict=True):
        options[c].append((o, w))
    best = (0, 0)
    for choice in itertools.product(*options):
        load = [0] * m
        for o, _ in choice:
            if o >= 0:
                load[o] += 1
        if any(load[o] > caps[o] for o in range(m)):
            continue
        matched = sum(1 for o, _ in choice if o >= 0)
        total = sum(w for o, w in choice if o >= 0)
        if matched > best[0] or (matched == best[0] and total < best[1]):
            best = (matched, total)
    return best


@pytest.fixture(autouse=True, scope="module")
def _certify():
    """Every solve in this module also verifies its own optimality certificate (duals)."""
    previous = engine.CHECK_OPTIMALITY
    engine.CHECK_OPTIMALITY = True
    yield
    engine.CHECK_OPTIMALITY = previous


# ---------------------------------------------------------------------------------------------
# checks shared by the property tests


def check_feasible(n, m, caps, cand, opn, cost, result) -> None:
    """Hard constraints: existing pairs only, each candidate once, capacities respected, and the
    reported cost is the cost of the reported pairs (the cheapest duplicate)."""
    cheapest: dict[tuple[int, int], int] = {}
    for c, o, w in zip(cand, opn, cost, strict=True):
        cheapest[(c, o)] = min(w, cheapest.get((c, o), w))
    pairs = [tuple(p) for p in np.asarray(result.pairs).tolist()]
    assert len(pairs) == result.matched
    assert len({c for c, _ in pairs}) == len(pairs), "a candidate is placed twice"
    assert all((c, o) in cheapest for c, o in pairs), "a pair that is not an edge was used"
    load = np.bincount([o for _, o in pairs], minlength=m) if pairs else np.zeros(m, dtype=int)
    assert np.all(load <= np.asarray(caps)), "capacity exceeded"
    assert result.cost == sum(cheapest[p] for p in pairs)
    assert np.array_equal(result.opening_load, load)
    assigned = np.full(n, -1)
    for c, o in pairs:
        assigned[c] = o
    assert np.array_equal(result.candidate_opening, assigned)
    # Explanations partition the unplaced candidates.
    with_edges = {c for c, o in cheapest if caps[o] > 0}
    unplaced = set(range(n)) - {c for c, _ in pairs}
    assert set(result.no_edges.tolist()) == set(range(n)) - with_edges
    assert set(result.lost_to_competition.tolist()) == unplaced & with_edges


@st.composite
def instances(draw, max_candidates=9, max_openings=6, max_cost=6):
    n = draw(st.integers(0, max_candidates))
    m = draw(st.integers(0, max_openings))
    caps = draw(st.lists(st.integers(1, 3), min_size=m, max_size=m))
    edges = []
    if n and m:
        edges = draw(
            st.lists(
                st.tuples(st.integers(0, n - 1), st.integers(0, m - 1), st.integers(0, max_cost)),
                max_size=3 * n,
            )
        )
    cand = [e[0] for e in edges]
    opn = [e[1] for e in edges]
    cost = [e[2] for e in edges]
    return n, m, caps, cand, opn, cost


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_optimal_against_ortools(inst):
    n, m, caps, cand, opn, cost = inst
    result = solve(n, m, caps, cand, opn, cost)
    check_feasible(n, m, caps, cand, opn, cost, result)
    assert result.matched == ortools_max_flow(n, m, caps, cand, opn)
    assert (result.matched, result.cost) == ortools_min_cost(n, m, caps, cand, opn, cost)
    g = greedy(n, m, caps, cand, opn, cost)
    assert result.matched >= g.matched
    if result.matched == g.matched:
        assert result.cost <= g.cost


@settings(max_examples=150, deadline=None)
@given(instances(max_candidates=6, max_openings=4, max_cost=4))
def test_optimal_against_brute_force(inst):
    n, m, caps, cand, opn, cost = inst
    expected = brute_force(n, m, caps, cand, opn, cost)
    assert ortools_min_cost(n, m, caps, cand, opn, cost) == expected
    result = solve(n, m, caps, cand, opn, cost)
    assert (result.matched, result.cost) == expected


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**31 - 1), st.integers(2, 6))
def test_many_markets_with_ties(seed, n_markets):
    """Several separate local markets, mostly equal costs, scarce and abundant capacity."""
    rng = np.random.default_rng(seed)
    cand, opn, cost, caps = [], [], [], []
    n = m = 0
    markets_with_edges = 0
    for _ in range(n_markets):
        before = len(cand)
        nc, no = int(rng.integers(1, 25)), int(rng.integers(1, 8))
        caps += rng.integers(1, 5, size=no).tolist()
        for i in range(nc):
            for j in range(no):
                if rng.random() < 0.4:
                    cand.append(n + i)
                    opn.append(m + j)
                    cost.append(int(rng.choice([3, 3, 3, 4, 10])))
        n, m = n + nc, m + no
        markets_with_edges += len(cand) > before
    n += 3  # isolated candidates
    result = solve(n, m, caps, cand, opn, cost)
    check_feasible(n, m, caps, cand, opn, cost, result)
    assert (result.matched, result.cost) == ortools_min_cost(n, m, caps, cand, opn, cost)
    # Separate markets are solved separately (and may split further once pairs that no maximum
    # assignment can use are dropped).
    assert result.n_components >= markets_with_edges


def test_medium_random_instance_matches_reference():
    rng = np.random.default_rng(7)
    n, m, n_edges = 600, 150, 5000
    caps = rng.integers(1, 5, size=m)
    cand = rng.integers(0, n, size=n_edges)
    opn = rng.integers(0, m, size=n_edges)
    cost = rng.integers(0, 60, size=n_edges)
    result = solve(n, m, caps, cand, opn, cost)
    check_feasible(n, m, caps, cand.tolist(), opn.tolist(), cost.tolist(), result)
    assert (result.matched, result.cost) == ortools_min_cost(n, m, caps, cand, opn, cost)


# ---------------------------------------------------------------------------------------------
# hand-made cases


def test_greedy_places_fewer_people():
    # Greedy takes a->x (cost 0) first; then b has nowhere to go. The optimum moves a to y.
    n, m, caps = 2, 2, [1, 1]
    cand, opn, cost = [0, 0, 1], [0, 1, 0], [0, 5, 1]
    g = greedy(n, m, caps, cand, opn, cost)
    assert (g.matched, g.cost) == (1, 0)
    r = solve(n, m, caps, cand, opn, cost)
    assert (r.matched, r.cost) == (2, 6)
    assert r.pairs.tolist() == [[0, 1], [1, 0]]
    assert r.lost_to_competition.size == 0


def test_greedy_pays_more_for_the_same_number():
    n, m, caps = 2, 2, [1, 1]
    cand, opn, cost = [0, 0, 1, 1], [0, 1, 0, 1], [1, 2, 2, 10]
    g = greedy(n, m, caps, cand, opn, cost)
    assert (g.matched, g.cost) == (2, 11)
    r = solve(n, m, caps, cand, opn, cost)
    assert (r.matched, r.cost) == (2, 4)


def test_cardinality_beats_cost():
    # Placing both costs 100 + 100; placing only one could cost 0. Two placements win.
    n, m, caps = 2, 2, [1, 1]
    cand, opn, cost = [0, 0, 1], [0, 1, 0], [0, 100, 100]
    r = solve(n, m, caps, cand, opn, cost)
    assert (r.matched, r.cost) == (2, 200)


def test_capacity_shared_by_cheapest():
    # Opening 0 has two positions; the two cheapest of three candidates get them.
    r = solve(3, 1, [2], [0, 1, 2], [0, 0, 0], [7, 3, 5])
    assert (r.matched, r.cost) == (2, 8)
    assert r.pairs[:, 0].tolist() == [1, 2]
    assert r.lost_to_competition.tolist() == [0]
    assert r.vacancies.tolist() == [0]


def test_empty_instance():
    r = solve(0, 0, [], [], [], [])
    assert (r.matched, r.cost) == (0, 0)
    assert r.pairs.shape == (0, 2)
    assert r.n_components == 0


def test_no_edges():
    r = solve(3, 2, [1, 4], [], [], [])
    assert (r.matched, r.cost) == (0, 0)
    assert r.no_edges.tolist() == [0, 1, 2]
    assert r.lost_to_competition.size == 0
    assert r.vacancies.tolist() == [1, 4]


def test_duplicate_pairs_keep_the_cheapest():
    r = solve(1, 1, [1], [0, 0, 0], [0, 0, 0], [9, 2, 5])
    assert (r.matched, r.cost) == (1, 2)


def test_zero_capacity_opening_is_ignored():
    r = solve(2, 2, [0, 1], [0, 1], [0, 1], [1, 1])
    assert r.pairs.tolist() == [[1, 1]]
    assert r.no_edges.tolist() == [0]


def test_result_does_not_depend_on_edge_order():
    rng = np.random.default_rng(3)
    n, m = 80, 20
    cand = rng.integers(0, n, size=400)
    opn = rng.integers(0, m, size=400)
    cost = rng.integers(0, 9, size=400)
    caps = rng.integers(1, 4, size=m)
    a = solve(n, m, caps, cand, opn, cost)
    perm = rng.permutation(400)
    b = solve(n, m, caps, cand[perm], opn[perm], cost[perm])
    assert (a.matched, a.cost) == (b.matched, b.cost)


def test_progress_reports_completion():
    calls: list[tuple[int, int]] = []
    rng = np.random.default_rng(5)
    cand = rng.integers(0, 200, size=600)
    opn = rng.integers(0, 60, size=600)
    r = solve(
        200,
        60,
        np.ones(60, dtype=int),
        cand,
        opn,
        rng.integers(0, 5, size=600),
        progress=lambda d, t: calls.append((d, t)),
    )
    assert calls, "progress was never called"
    assert calls[-1] == (r.n_components, r.n_components)
    assert all(0 <= d <= t for d, t in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((2, 1, [1], [0], [0], [-1]), "negative"),
        ((2, 1, [1], [2], [0], [1]), "candidate index"),
        ((2, 1, [1], [0], [1], [1]), "opening index"),
        ((2, 1, [1, 1], [0], [0], [1]), "capacities"),
        ((2, 1, [-1], [0], [0], [1]), "capacity"),
        ((2, 1, [1], [0, 1], [0], [1]), "same length"),
        ((2, 1, [1], [0], [0], [1.5]), "integers"),
        ((2, 1, [1], [0], [0], [2**41]), "limit"),
        ((-1, 1, [1], [], [], []), "n_candidates"),
    ],
)
def test_invalid_arrays_are_rejected(args, message):
    with pytest.raises(ValueError, match=message):
        solve(*args)


def test_problem_accepts_integral_floats():
    p = Problem.from_arrays(1, 1, [1.0], [0.0], [0.0], [3.0])
    assert p.edge_cost.dtype == np.int64
    assert solve(1, 1, [1.0], [0.0], [0.0], [3.0]).cost == 3


def test_global_potential_refresh_keeps_optimality(monkeypatch):
    """The distance-to-sink refresh only runs on large parts; force it on small random ones."""
    monkeypatch.setattr(engine, "_REFRESH_MIN_ROWS", 1)
    calls = []
    original = engine._global_potentials

    def spy(*args):
        calls.append(1)
        original(*args)

    monkeypatch.setattr(engine, "_global_potentials", spy)
    rng = np.random.default_rng(11)
    for _ in range(200):
        n, m = int(rng.integers(1, 30)), int(rng.integers(1, 10))
        n_edges = int(rng.integers(0, 4 * n))
        caps = rng.integers(1, 4, size=m)
        cand = rng.integers(0, n, size=n_edges)
        opn = rng.integers(0, m, size=n_edges)
        cost = rng.choice([0, 2, 2, 3, 7, 20], size=n_edges)
        result = solve(n, m, caps, cand, opn, cost)
        check_feasible(n, m, caps, cand.tolist(), opn.tolist(), cost.tolist(), result)
        assert (result.matched, result.cost) == ortools_min_cost(n, m, caps, cand, opn, cost)
    assert len(calls) > 50, "the refresh path was not exercised"
