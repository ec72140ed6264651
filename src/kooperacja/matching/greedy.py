"""Greedy baseline: take the cheapest remaining pair while capacities allow.

This is what a careful person does by hand, and it is the yardstick for the exact engine: it
can place fewer people (an early cheap pair may block the only option of someone else) and can
cost more.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .engine import Problem


@dataclass
class GreedyResult:
    matched: int
    cost: int
    pairs: np.ndarray  # (matched, 2) candidate, opening


def greedy(
    n_candidates: int,
    n_openings: int,
    capacities: object,
    edge_cand: object,
    edge_open: object,
    edge_cost: object,
) -> GreedyResult:
    """Cheapest pair first; ties broken by candidate index, then opening index."""
    p = Problem.from_arrays(n_candidates, n_openings, capacities, edge_cand, edge_open, edge_cost)
    order = np.lexsort((p.edge_open, p.edge_cand, p.edge_cost))
    free_cap = p.capacities.tolist()
    placed = [False] * p.n_candidates
    to_place = min(p.n_candidates, int(p.capacities.sum()))
    chosen: list[int] = []
    cand, opn = p.edge_cand.tolist(), p.edge_open.tolist()
    for e in order.tolist():
        c, o = cand[e], opn[e]
        if placed[c] or free_cap[o] == 0:
            continue
        placed[c] = True
        free_cap[o] -= 1
        chosen.append(e)
        if len(chosen) == to_place:
            break
    idx = np.asarray(chosen, dtype=np.int64)
    pairs = np.column_stack([p.edge_cand[idx], p.edge_open[idx]]) if len(idx) else np.empty((0, 2), np.int64)
    pairs = pairs[np.argsort(pairs[:, 0], kind="stable")]
    return GreedyResult(len(idx), int(p.edge_cost[idx].sum()), pairs)
