"""Exact maximum-cardinality, minimum-cost placement of candidates into openings.

The problem is a bipartite b-matching: every candidate can take at most one opening, opening
``j`` at most ``capacities[j]`` candidates, and only listed (candidate, opening) pairs are
allowed. The solver returns an assignment with the largest possible number of placements and,
among all such assignments, the smallest total cost. Costs are non-negative integers and all
arithmetic is done in integers, so the optimum is exact.

How it works
------------
1. Duplicate pairs are reduced to the cheapest one; openings with no capacity and isolated
   candidates are set aside.
2. A maximum flow (SciPy's Dinic implementation) gives the maximum number of placements. The
   minimum cut of that flow splits the market into two independent parts (the coarse
   Dulmage-Mendelsohn decomposition):

   * the *opening-scarce* part, where every opening is filled in every maximum assignment and
     candidates compete for positions;
   * the *candidate-scarce* part, where every candidate is placed in every maximum assignment
     and openings compete for people.

   Pairs that cross the cut are never used by a maximum assignment and are dropped. Each part
   is then a transportation problem in which one side ("rows") must be served completely and
   the other side ("columns") has spare capacity.
3. Each part starts from a dual-feasible solution: every row is priced at its cheapest pair and
   as many rows as possible are served through such cheapest pairs (a maximum flow on those
   pairs).
4. The remaining demand is served by successive shortest augmenting paths (Dijkstra on reduced
   costs with node potentials, Jonker-Volgenant style local potential updates). Because the
   column side has spare capacity, searches stop early, at the nearest free column, so the
   work per augmentation stays local to a labour market. When much demand is left, the
   potentials are first set to the exact distances to the sink (one SciPy Dijkstra), which
   makes the following searches shorter.

Every step keeps the reduced-cost optimality conditions, which ``CHECK_OPTIMALITY`` verifies
at the end of each part.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order, connected_components, dijkstra, maximum_flow

ProgressCallback = Callable[[int, int], None]

_INDEX = np.int64
# Keeps totals, combined sort keys and potentials far inside 64-bit integers.
MAX_COST = 2**40
_INF = float("inf")
# Verify the optimality certificate of every solved part (used by the tests; costs one pass).
CHECK_OPTIMALITY = False
# Below this many unserved rows the local searches are cheaper than one global Dijkstra (measured:
# it pays off with 16,500 searches on the stress benchmark, not with 4,500 on the country one).
_REFRESH_MIN_ROWS = 10_000
# Packing of heap keys in the augmenting-path search.
_SHIFT = 33
_KIND_BIT = 1 << 32
_NODE_MASK = (1 << 32) - 1


@dataclass(frozen=True)
class Problem:
    """A validated matching instance in index form.

    Candidates are ``0 .. n_candidates - 1`` and openings ``0 .. n_openings - 1``. Edges are given
    as three parallel arrays. Duplicate (candidate, opening) pairs are allowed; the cheapest one
    is used.
    """

    n_candidates: int
    n_openings: int
    capacities: np.ndarray
    edge_cand: np.ndarray
    edge_open: np.ndarray
    edge_cost: np.ndarray

    @classmethod
    def from_arrays(
        cls,
        n_candidates: int,
        n_openings: int,
        capacities: object,
        edge_cand: object,
        edge_open: object,
        edge_cost: object,
    ) -> Problem:
        n_c, n_o = _as_count(n_candidates, "n_candidates"), _as_count(n_openings, "n_openings")
        caps = _as_int_array(capacities, "capacities")
        cand = _as_int_array(edge_cand, "edge_cand")
        opn = _as_int_array(edge_open, "edge_open")
        cost = _as_int_array(edge_cost, "edge_cost")
        if len(caps) != n_o:
            raise ValueError(f"capacities has {len(caps)} entries, expected n_openings={n_o}")
        if caps.size and caps.min() < 0:
            raise ValueError(f"capacity of opening {int(np.argmin(caps))} is negative")
        if not (len(cand) == len(opn) == len(cost)):
            raise ValueError("edge_cand, edge_open and edge_cost must have the same length")
        if cand.size:
            if cand.min() < 0 or cand.max() >= n_c:
                bad = int(np.flatnonzero((cand < 0) | (cand >= n_c))[0])
                raise ValueError(f"edge {bad}: candidate index {int(cand[bad])} out of range 0..{n_c - 1}")
            if opn.min() < 0 or opn.max() >= n_o:
                bad = int(np.flatnonzero((opn < 0) | (opn >= n_o))[0])
                raise ValueError(f"edge {bad}: opening index {int(opn[bad])} out of range 0..{n_o - 1}")
            if cost.min() < 0:
                bad = int(np.argmin(cost))
                raise ValueError(f"edge {bad}: cost {int(cost[bad])} is negative")
            if cost.max() > MAX_COST:
                bad = int(np.argmax(cost))
                raise ValueError(f"edge {bad}: cost {int(cost[bad])} exceeds the limit {MAX_COST}")
        return cls(n_c, n_o, caps, cand, opn, cost)


@dataclass
class Result:
    """An optimal assignment and the facts needed to explain it.

    ``pairs`` is an ``(matched, 2)`` integer array of (candidate, opening) rows sorted by
    candidate. ``candidate_opening[i]`` is the opening of candidate ``i`` or -1.
    ``no_edges`` lists candidates that had no admissible opening at all (no pair, or only pairs
    with zero-capacity openings); ``lost_to_competition`` lists candidates that had admissible
    openings but are not placed: every one of those openings is full in the returned assignment
    and no assignment places more people. ``vacancies[j]`` is the unused capacity of opening j.
    ``n_components`` counts the independent sub-markets that were solved separately: connected
    components of the pair graph after dropping pairs that no maximum assignment can use.
    """

    matched: int
    cost: int
    pairs: np.ndarray
    candidate_opening: np.ndarray
    opening_load: np.ndarray
    vacancies: np.ndarray
    no_edges: np.ndarray
    lost_to_competition: np.ndarray
    n_components: int
    stats: dict[str, float | int] = field(default_factory=dict)


def solve(
    n_candidates: int,
    n_openings: int,
    capacities: object,
    edge_cand: object,
    edge_open: object,
    edge_cost: object,
    progress: ProgressCallback | None = None,
) -> Result:
    """Place as many candidates as possible; among those assignments minimise the total cost.

    ``capacities`` has one entry per opening (0 means the opening takes nobody). The three edge
    arrays list admissible (candidate, opening, cost) pairs with non-negative integer costs;
    for a pair listed more than once the cheapest cost counts. ``progress(done, total)`` is
    called now and then with the number of finished sub-markets (at most about 100 times, and
    always once with ``done == total`` at the end when there is anything to solve). Raises
    ``ValueError`` for malformed input.
    """
    problem = Problem.from_arrays(n_candidates, n_openings, capacities, edge_cand, edge_open, edge_cost)
    return solve_problem(problem, progress)


def solve_problem(problem: Problem, progress: ProgressCallback | None = None) -> Result:
    n, m = problem.n_candidates, problem.n_openings
    caps = problem.capacities
    cand, opn, cost = _canonical_edges(problem)

    has_edge = np.zeros(n, dtype=bool)
    has_edge[cand] = True
    assigned = np.full(n, -1, dtype=_INDEX)
    stats: dict[str, float | int] = {"edges": int(len(cost))}
    total = 0
    n_components = 0
    if len(cost):
        src_cand, src_open, stats["max_flow"] = _min_cut_sides(n, m, caps, cand, opn)
        # Pairs from a sink-side candidate to a source-side opening carry no flow in any maximum
        # flow; pairs from the source side to the sink side cannot exist.
        keep = src_cand[cand] == src_open[opn]
        cand, opn, cost = cand[keep], opn[keep], cost[keep]
        comp = _components(n, m, cand, opn)
        n_components = int(comp.max()) + 1 if len(comp) else 0
        tracker = _Progress(progress, n_components)
        scarce_openings = src_cand[cand]
        parts = (
            # Opening-scarce part: openings must be filled, candidates compete.
            (np.flatnonzero(scarce_openings), True),
            # Candidate-scarce part: candidates must be placed, openings compete.
            (np.flatnonzero(~scarce_openings), False),
        )
        for idx, rows_are_openings in parts:
            if len(idx) == 0:
                continue
            if rows_are_openings:
                used = _solve_transport(opn[idx], cand[idx], cost[idx], caps, None, comp[idx], tracker, stats)
            else:
                used = _solve_transport(cand[idx], opn[idx], cost[idx], None, caps, comp[idx], tracker, stats)
            sel = idx[used]
            assigned[cand[sel]] = opn[sel]
            total += int(cost[sel].sum())
        tracker.finish()

    placed = np.flatnonzero(assigned >= 0)
    pair_open = assigned[placed]
    pairs = np.column_stack([placed, pair_open]) if len(placed) else np.empty((0, 2), _INDEX)
    load = np.bincount(pair_open, minlength=m).astype(_INDEX)
    return Result(
        matched=len(placed),
        cost=total,
        pairs=pairs,
        candidate_opening=assigned,
        opening_load=load,
        vacancies=caps - load,
        no_edges=np.flatnonzero(~has_edge),
        lost_to_competition=np.flatnonzero(has_edge & (assigned < 0)),
        n_components=n_components,
        stats=stats,
    )


# ---------------------------------------------------------------------------------------------
# helpers


def _as_count(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or int(value) < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return int(value)


def _as_int_array(values: object, name: str) -> np.ndarray:
    arr = np.asarray(values)
    if arr.size == 0:
        return np.empty(0, dtype=_INDEX)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
            raise ValueError(f"{name} must contain integers")
    elif arr.dtype.kind not in "iu":
        raise ValueError(f"{name} must contain integers, got dtype {arr.dtype}")
    return arr.astype(_INDEX)


def _sort_order(major: np.ndarray, minor: np.ndarray, minor_max: int) -> np.ndarray:
    """Stable order by (major, minor) for non-negative integer keys."""
    if len(major) and int(major.max()) < (np.iinfo(np.int64).max // (minor_max + 1)) - 1:
        # One combined key; the stable sort is fast on inputs already grouped by ``major``.
        return np.argsort(major * (minor_max + 1) + minor, kind="stable")
    return np.lexsort((minor, major))


def _canonical_edges(problem: Problem):
    """Edges sorted by (candidate, opening), one per pair (the cheapest), usable openings only."""
    cand, opn, cost = problem.edge_cand, problem.edge_open, problem.edge_cost
    usable = problem.capacities[opn] > 0
    if not usable.all():
        cand, opn, cost = cand[usable], opn[usable], cost[usable]
    if len(cost) == 0:
        return cand, opn, cost
    m = problem.n_openings
    key = cand * m + opn
    if np.all(key[1:] > key[:-1]):
        return cand, opn, cost
    order = _sort_order(key, cost, int(cost.max()))
    key = key[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    keep = order[first]
    return cand[keep], opn[keep], cost[keep]


def _csr(n_nodes: int, tails: np.ndarray, heads: np.ndarray, data: np.ndarray) -> sp.csr_array:
    """CSR matrix from arcs already sorted by tail (and by head within a tail)."""
    indptr = np.zeros(n_nodes + 1, dtype=np.int32)
    np.cumsum(np.bincount(tails, minlength=n_nodes), out=indptr[1:])
    return sp.csr_array((data, heads.astype(np.int32), indptr), shape=(n_nodes, n_nodes))


def _min_cut_sides(n: int, m: int, caps: np.ndarray, cand: np.ndarray, opn: np.ndarray):
    """For candidates and openings, whether they lie on the source side of the minimum cut
    (reachable from the source in the residual network of a maximum flow); and the flow value.

    Node layout: candidates, openings, source, sink. ``cand`` must be sorted (with ``opn``
    sorted within a candidate) so that the CSR arrays can be laid out without a sort.
    """
    s, t = n + m, n + m + 1
    has_c = np.zeros(n, dtype=bool)
    has_c[cand] = True
    has_o = np.zeros(m, dtype=bool)
    has_o[opn] = True
    c_idx, o_idx = np.flatnonzero(has_c), np.flatnonzero(has_o)
    tails = np.concatenate([cand, n + o_idx, np.full(len(c_idx), s)])
    heads = np.concatenate([n + opn, np.full(len(o_idx), t), c_idx])
    cap = np.concatenate(
        [
            np.ones(len(cand), dtype=np.int32),
            np.minimum(caps[o_idx], 2**31 - 1).astype(np.int32),
            np.ones(len(c_idx), dtype=np.int32),
        ]
    )
    graph = _csr(n + m + 2, tails, heads, cap)
    flow = maximum_flow(graph, s, t, method="dinic")
    residual = (graph - flow.flow).tocsr()
    residual.data = (residual.data > 0).astype(np.int8)
    residual.eliminate_zeros()
    reach = breadth_first_order(residual, s, directed=True, return_predecessors=False)
    side = np.zeros(n + m + 2, dtype=bool)
    side[reach] = True
    return side[:n], side[n : n + m], int(flow.flow_value)


def _components(n: int, m: int, cand: np.ndarray, opn: np.ndarray) -> np.ndarray:
    """Connected component (local labour market) of every edge, numbered from 0."""
    graph = _csr(n + m, cand, n + opn, np.ones(len(cand), dtype=np.int8))
    _, labels = connected_components(graph, directed=True, connection="weak")
    return _compress(labels[cand], n + m)


def _compress(values: np.ndarray, bound: int) -> np.ndarray:
    """Map values in ``0 .. bound-1`` onto ``0 .. k-1`` preserving order (a sort-free unique)."""
    present = np.zeros(bound, dtype=bool)
    present[values] = True
    new_id = np.cumsum(present) - 1
    return new_id[values]


class _Progress:
    """Throttled progress reporting in units of finished components."""

    def __init__(self, callback: ProgressCallback | None, total: int) -> None:
        self.callback = callback
        self.total = total
        self.done = 0
        self._last = -1
        self._step = max(1, total // 100)

    def add(self, k: int) -> None:
        self.done = min(self.total, self.done + k)
        if self.callback is not None and self.done - self._last >= self._step:
            self._last = self.done
            self.callback(self.done, self.total)

    def finish(self) -> None:
        if self.callback is not None and self._last != self.total:
            self._last = self.total
            self.callback(self.total, self.total)


def _tight_flow(row, col, row_demand, col_cap, n_rows, n_cols) -> np.ndarray:
    """Maximum flow over the given pairs (sorted by row); boolean 'carries flow' per pair."""
    s, t = n_rows + n_cols, n_rows + n_cols + 1
    tails = np.concatenate([row, n_rows + np.arange(n_cols), np.full(n_rows, s)])
    heads = np.concatenate([n_rows + col, np.full(n_cols, t), np.arange(n_rows)])
    cap = np.concatenate([np.ones(len(row), dtype=_INDEX), col_cap, row_demand])
    cap = np.minimum(cap, 2**31 - 1).astype(np.int32)
    graph = _csr(n_rows + n_cols + 2, tails, heads, cap)
    flow = maximum_flow(graph, s, t, method="dinic").flow
    # The flow matrix keeps the sparsity pattern of ``graph`` plus reverse arcs; read the
    # forward pair arcs back by their (row, column) position.
    return np.asarray(flow[row, n_rows + col]).ravel() > 0


def _solve_transport(
    row_g: np.ndarray,
    col_g: np.ndarray,
    cost: np.ndarray,
    row_demand_g: np.ndarray | None,
    col_cap_g: np.ndarray | None,
    comp: np.ndarray,
    tracker: _Progress,
    stats: dict,
) -> np.ndarray:
    """Min-cost flow serving every row's full demand (1 where ``row_demand_g`` is None); columns
    have capacities (1 where ``col_cap_g`` is None).

    Returns the positions (into the given arrays) of the pairs used. The instance must be
    feasible, which the minimum-cut split guarantees.
    """
    n_row_ids, n_col_ids = int(row_g.max()) + 1, int(col_g.max()) + 1
    rows_u = np.flatnonzero(np.bincount(row_g, minlength=n_row_ids))
    cols_u = np.flatnonzero(np.bincount(col_g, minlength=n_col_ids))
    row, col = _compress(row_g, n_row_ids), _compress(col_g, n_col_ids)
    n_rows, n_cols = len(rows_u), len(cols_u)
    demand = np.ones(n_rows, _INDEX) if row_demand_g is None else row_demand_g[rows_u]
    col_cap = np.ones(n_cols, _INDEX) if col_cap_g is None else col_cap_g[cols_u]
    row_comp = np.zeros(n_rows, dtype=_INDEX)
    row_comp[row] = comp

    # Rows in CSR order, each row's pairs by increasing cost.
    order = _sort_order(row, cost, int(cost.max()))
    row, col, cost = row[order], col[order], cost[order]
    indptr = np.zeros(n_rows + 1, dtype=_INDEX)
    np.cumsum(np.bincount(row, minlength=n_rows), out=indptr[1:])

    # Dual start: price every row at its cheapest pair; columns and the sink at zero. Serve as
    # much demand as possible through these zero-reduced-cost pairs.
    row_min = cost[indptr[:-1]]
    tight = np.flatnonzero(cost == row_min[row])
    used = np.zeros(len(cost), dtype=bool)
    used[tight[_tight_flow(row[tight], col[tight], demand, col_cap, n_rows, n_cols)]] = True

    remaining = demand - np.bincount(row[used], minlength=n_rows)
    load = np.bincount(col[used], minlength=n_cols)
    p_row = -row_min
    p_col = np.zeros(n_cols, dtype=_INDEX)
    stats["rows"] = stats.get("rows", 0) + n_rows
    stats["demand"] = stats.get("demand", 0) + int(demand.sum())
    stats["served_by_start"] = stats.get("served_by_start", 0) + int(demand.sum() - remaining.sum())

    if remaining.sum() >= _REFRESH_MIN_ROWS:
        _global_potentials(row, col, cost, used, load, col_cap, p_row, p_col)
    todo = np.flatnonzero(remaining > 0)
    # Components whose rows are all served by the start solution are finished already.
    n_comp_here = len(np.flatnonzero(np.bincount(comp)))
    todo = todo[np.argsort(row_comp[todo], kind="stable")]
    comp_todo = row_comp[todo]
    n_comp_todo = int(np.count_nonzero(np.diff(comp_todo))) + 1 if len(todo) else 0
    tracker.add(n_comp_here - n_comp_todo)

    if len(todo):
        aug = _Augmenter(indptr, col, cost, row, p_row, p_col, used, load, col_cap)
        todo_l, comp_l, rem_l = todo.tolist(), comp_todo.tolist(), remaining[todo].tolist()
        last = len(todo_l) - 1
        for k, r in enumerate(todo_l):
            for _ in range(rem_l[k]):
                aug.augment(r)
            if k == last or comp_l[k + 1] != comp_l[k]:
                tracker.add(1)
        stats["augmentations"] = stats.get("augmentations", 0) + int(remaining[todo].sum())
        stats["scanned_nodes"] = stats.get("scanned_nodes", 0) + aug.scanned
        used = np.frombuffer(aug.flow, dtype=np.uint8).astype(bool)
        p_row, p_col = np.array(aug.p_row, dtype=_INDEX), np.array(aug.p_col, dtype=_INDEX)
        load = np.array(aug.load, dtype=_INDEX)
    if CHECK_OPTIMALITY:
        _check_certificate(row, col, cost, used, load, col_cap, demand, p_row, p_col)

    return order[np.flatnonzero(used)]


def _check_certificate(row, col, cost, used, load, col_cap, demand, p_row, p_col) -> None:
    """Verify the optimality certificate of a solved part (complementary slackness).

    Every row fully served, capacities respected, unused pairs with non-negative reduced cost,
    used pairs with non-positive reduced cost, columns with spare capacity at potential 0 and
    full columns at potential <= 0. Together these prove the flow has minimum cost.
    """
    rc = cost + p_row[row] - p_col[col]
    problems = []
    if not np.array_equal(np.bincount(row[used], minlength=len(demand)), demand):
        problems.append("a row is not fully served")
    if not np.array_equal(np.bincount(col[used], minlength=len(col_cap)), load) or np.any(load > col_cap):
        problems.append("column loads are wrong or exceed capacity")
    if np.any(rc[~used] < 0):
        problems.append("an unused pair has negative reduced cost")
    if np.any(rc[used] > 0):
        problems.append("a used pair has positive reduced cost")
    if np.any(p_col[load < col_cap] != 0) or np.any(p_col > 0):
        problems.append("column potentials violate the sink conditions")
    if problems:
        raise RuntimeError("optimality certificate failed: " + "; ".join(problems))


def _global_potentials(row, col, cost, used, load, col_cap, p_row, p_col) -> None:
    """Shift potentials by the exact distance to the sink (updated in place).

    One Dijkstra from the sink over the reversed residual network (SciPy, in C). With
    ``p' = p - dist_to_sink`` every residual arc keeps a non-negative reduced cost (triangle
    inequality) and shortest augmenting paths run along zero-reduced-cost arcs, so the searches
    that follow stay short. Columns with spare capacity are at distance 0 and keep potential 0.
    """
    n_rows, n_cols = len(p_row), len(col_cap)
    t = n_rows + n_cols
    size = t + 1
    # SciPy drops zero weights, so every arc gets weight rc * scale + 1: the hop count breaks ties
    # and never reaches ``scale``, so floor division recovers the exact reduced distance.
    scale = size + 1
    # Forward residual network in CSR form, laid out without a global sort (pairs are already
    # grouped by row): rows -> columns over unused pairs; columns -> rows over used pairs, then
    # columns with spare capacity -> sink.
    unused = ~used
    row_heads = n_rows + col[unused]
    row_w = cost[unused] + p_row[row[unused]] - p_col[col[unused]]
    u_idx = np.flatnonzero(used)
    open_cols = np.flatnonzero(load < col_cap)
    c_tails = np.concatenate([col[u_idx], open_cols])
    order = np.argsort(c_tails, kind="stable")
    c_heads = np.concatenate([row[u_idx], np.full(len(open_cols), t)])[order]
    c_w = np.concatenate([p_col[col[u_idx]] - cost[u_idx] - p_row[row[u_idx]], p_col[open_cols]])[order]
    counts = np.concatenate([np.bincount(row[unused], minlength=n_rows), np.bincount(c_tails, minlength=n_cols), [0]])
    indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    w_int = np.concatenate([row_w, c_w])
    if len(w_int) and (int(w_int.max()) + 1) * scale * size >= 2**52:
        # Path lengths would not be exact in float64; the refresh is optional, so skip it.
        return
    weights = w_int.astype(np.float64) * scale + 1.0
    graph = sp.csr_array((weights, np.concatenate([row_heads, c_heads]), indptr), shape=(size, size))
    # Distances *to* the sink: Dijkstra from the sink on the transposed network.
    dist = dijkstra(graph.T, directed=True, indices=t)
    reach = np.isfinite(dist)
    d = np.zeros(size, dtype=np.int64)
    d[reach] = np.floor_divide(dist[reach], scale).astype(np.int64)
    # Nodes that cannot reach the sink take the largest finite distance (keeps arcs valid).
    d[~reach] = d[reach].max() if reach.any() else 0
    p_row -= d[:n_rows]
    p_col -= d[n_rows:t]


class _Augmenter:
    """Shortest augmenting paths from a row to any column with spare capacity.

    Reduced cost of an arc (u, v) is ``cost + p[u] - p[v]``; all residual arcs keep a
    non-negative reduced cost. The sink has potential 0 throughout (potentials are shifted after
    every search so that only nodes settled closer than the sink change).
    """

    def __init__(self, indptr, col, cost, row, p_row, p_col, used, load, col_cap) -> None:
        # Plain lists: scalar access from Python is fastest on them.
        self.indptr = indptr.tolist()
        self.col = col.tolist()
        self.cost = cost.tolist()
        # Row of every used pair; kept up to date when paths are flipped.
        used_idx = np.flatnonzero(used)
        self.row_of = dict(zip(used_idx.tolist(), row[used_idx].tolist(), strict=True))
        self.p_row = p_row.tolist()
        self.p_col = p_col.tolist()
        self.flow = bytearray(used.astype(np.uint8).tobytes())
        self.load = load.tolist()
        self.cap = col_cap.tolist()
        matched: list[list[int]] = [[] for _ in range(len(col_cap))]
        for c, e in zip(col[used_idx].tolist(), used_idx.tolist(), strict=True):
            matched[c].append(e)
        self.matched = matched
        self.scanned = 0

    def augment(self, r0: int) -> None:
        indptr, col, cost, row_of = self.indptr, self.col, self.cost, self.row_of
        p_row, p_col, flow, load, cap, matched = (
            self.p_row,
            self.p_col,
            self.flow,
            self.load,
            self.cap,
            self.matched,
        )
        dist_r = {r0: 0}
        dist_c: dict[int, int] = {}
        pred_r: dict[int, int] = {}
        pred_c: dict[int, int] = {}
        pred_row_of: dict[int, int] = {}
        done_r: list[int] = []
        done_c: list[int] = []
        # Heap keys are plain integers (distance, kind, node) packed for cheap comparisons;
        # kind 0 = row, 1 = column. Distances are non-negative.
        heap = [r0]
        pop, push = heapq.heappop, heapq.heappush
        sink_d = -1
        sink_c = -1
        # Upper bound on the sink distance: the best tentative distance of a column with spare
        # capacity. Such columns always have potential 0, so their distance is the sink distance.
        ub = _INF
        while heap:
            key = pop(heap)
            d = key >> _SHIFT
            v = key & _NODE_MASK
            if not key & _KIND_BIT:
                if dist_r[v] != d:
                    continue
                done_r.append(v)
                base = d + p_row[v]
                for e in range(indptr[v], indptr[v + 1]):
                    # Pairs are sorted by cost and column potentials are <= 0, so once the
                    # cost alone reaches the best known sink distance nothing better follows.
                    nd = base + cost[e]
                    if nd >= ub:
                        break
                    if flow[e]:
                        continue
                    c = col[e]
                    nd -= p_col[c]
                    if nd >= ub:
                        continue
                    old = dist_c.get(c)
                    if old is None or nd < old:
                        dist_c[c] = nd
                        pred_c[c] = e
                        pred_row_of[c] = v
                        if load[c] < cap[c]:
                            if nd == d:
                                # Nothing in the heap is closer: this is a shortest path.
                                sink_d, sink_c = d, c
                                break
                            ub = nd
                        push(heap, (nd << _SHIFT) | _KIND_BIT | c)
                if sink_c >= 0:
                    break
            else:
                if dist_c[v] != d:
                    continue
                if load[v] < cap[v]:
                    sink_d, sink_c = d, v
                    break
                done_c.append(v)
                base = d + p_col[v]
                for e in matched[v]:
                    r = row_of[e]
                    nd = base - cost[e] - p_row[r]
                    if nd >= ub:
                        continue
                    old = dist_r.get(r)
                    if old is None or nd < old:
                        dist_r[r] = nd
                        pred_r[r] = e
                        push(heap, (nd << _SHIFT) | r)
        if sink_c < 0:
            raise RuntimeError("no augmenting path although the maximum flow promised one")
        self.scanned += len(done_r) + len(done_c)
        # Potential update for nodes settled before the sink.
        for r in done_r:
            dr = dist_r[r]
            if dr < sink_d:
                p_row[r] += dr - sink_d
        for c in done_c:
            dc = dist_c[c]
            if dc < sink_d:
                p_col[c] += dc - sink_d
        # Flip the path.
        c = sink_c
        load[c] += 1
        r = -1
        while r != r0:
            e = pred_c[c]
            flow[e] = 1
            matched[c].append(e)
            # The row that reached column c: r0 itself or the row entered through a used pair.
            r = pred_row_of[c]
            row_of[e] = r
            if r == r0:
                break
            eb = pred_r[r]
            flow[eb] = 0
            del row_of[eb]
            c = col[eb]
            matched[c].remove(eb)
