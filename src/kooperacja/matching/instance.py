"""JSON form of a matching instance: reading, validation and writing.

Instance::

    {
      "candidates": [{"id": "c1"}, ...],
      "openings":   [{"id": "o1", "capacity": 3}, ...],
      "edges":      [["c1", "o1", 12], ...]
    }

Ids are non-empty strings, unique among candidates and unique among openings (a candidate and an
opening may share an id). ``capacity`` is an integer >= 1. An edge names a known candidate, a
known opening and a non-negative integer cost (a JSON integer; ``12.0`` or ``"12"`` is rejected).
When the same (candidate, opening) pair is listed more than once, the cheapest edge counts.

Solution::

    {"matched": 2, "cost": 17, "assignment": [["c1", "o1"], ["c2", "o1"]]}

The assignment lists placed candidates in the order they appear in the instance.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypeGuard

import numpy as np

from .engine import MAX_COST, Problem, ProgressCallback, Result, solve_problem


class InstanceError(ValueError):
    """The instance is malformed; the message names the offending part."""


@dataclass(frozen=True)
class Instance:
    candidate_ids: list[str]
    opening_ids: list[str]
    problem: Problem


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _ids(items: object, section: str) -> list[dict[str, Any]]:
    if not isinstance(items, list):
        raise InstanceError(f'"{section}" must be a list')
    for k, item in enumerate(items):
        if not isinstance(item, dict):
            raise InstanceError(f"{section}[{k}] must be an object")
        ident = item.get("id")
        if not isinstance(ident, str) or not ident:
            raise InstanceError(f'{section}[{k}]: "id" must be a non-empty string')
    return items


def _index(items: list[dict[str, Any]], section: str, what: str) -> dict[str, int]:
    index: dict[str, int] = {}
    for k, item in enumerate(items):
        ident = item["id"]
        if ident in index:
            raise InstanceError(f"{section}[{k}]: duplicate {what} id {ident!r} (first at {section}[{index[ident]}])")
        index[ident] = k
    return index


def parse_instance(data: object) -> Instance:
    """Validate a decoded JSON instance and convert it to index form."""
    if not isinstance(data, dict):
        raise InstanceError("instance must be a JSON object with candidates, openings and edges")
    for key in ("candidates", "openings", "edges"):
        if key not in data:
            raise InstanceError(f'instance has no "{key}" list')
    candidates = _ids(data["candidates"], "candidates")
    openings = _ids(data["openings"], "openings")
    cand_index = _index(candidates, "candidates", "candidate")
    open_index = _index(openings, "openings", "opening")

    capacities = np.empty(len(openings), dtype=np.int64)
    for k, item in enumerate(openings):
        cap = item.get("capacity")
        if not _is_int(cap) or cap < 1:
            raise InstanceError(f"openings[{k}] ({item['id']!r}): capacity must be an integer >= 1, got {cap!r}")
        capacities[k] = cap

    edges = data["edges"]
    if not isinstance(edges, list):
        raise InstanceError('"edges" must be a list')
    e_cand = np.empty(len(edges), dtype=np.int64)
    e_open = np.empty(len(edges), dtype=np.int64)
    e_cost = np.empty(len(edges), dtype=np.int64)
    for k, edge in enumerate(edges):
        if not isinstance(edge, list | tuple) or len(edge) != 3:
            raise InstanceError(f"edges[{k}] must be [candidate id, opening id, cost]")
        c_id, o_id, cost = edge
        c = cand_index.get(c_id) if isinstance(c_id, str) else None
        if c is None:
            raise InstanceError(f"edges[{k}]: unknown candidate id {c_id!r}")
        o = open_index.get(o_id) if isinstance(o_id, str) else None
        if o is None:
            raise InstanceError(f"edges[{k}]: unknown opening id {o_id!r}")
        if not _is_int(cost):
            raise InstanceError(f"edges[{k}]: cost must be an integer, got {cost!r}")
        if cost < 0:
            raise InstanceError(f"edges[{k}]: cost must not be negative, got {cost}")
        if cost > MAX_COST:
            raise InstanceError(f"edges[{k}]: cost {cost} exceeds the limit {MAX_COST}")
        e_cand[k], e_open[k], e_cost[k] = c, o, cost

    problem = Problem.from_arrays(len(candidates), len(openings), capacities, e_cand, e_open, e_cost)
    return Instance([c["id"] for c in candidates], [o["id"] for o in openings], problem)


def loads_instance(text: str) -> Instance:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InstanceError(f"malformed JSON: {exc}") from exc
    return parse_instance(data)


def result_to_dict(instance: Instance, result: Result, details: bool = False) -> dict[str, Any]:
    cids, oids = instance.candidate_ids, instance.opening_ids
    out: dict[str, Any] = {
        "matched": int(result.matched),
        "cost": int(result.cost),
        "assignment": [[cids[c], oids[o]] for c, o in result.pairs.tolist()],
    }
    if details:
        out["unplaced_no_edges"] = [cids[c] for c in result.no_edges.tolist()]
        out["unplaced_lost_to_competition"] = [cids[c] for c in result.lost_to_competition.tolist()]
        out["vacancies"] = {oids[o]: int(v) for o, v in enumerate(result.vacancies.tolist()) if v > 0}
    return out


def solve_instance(
    data: dict[str, Any], details: bool = False, progress: ProgressCallback | None = None
) -> dict[str, Any]:
    """Solve a decoded JSON instance and return the JSON-ready solution.

    Raises :class:`InstanceError` for invalid input.
    """
    instance = parse_instance(data)
    return result_to_dict(instance, solve_problem(instance.problem, progress), details=details)
