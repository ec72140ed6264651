"""Benchmark of the matching engine against OR-Tools and the greedy baseline.

    python bench/matching/run.py                 # all scenarios, writes bench/matching/results.json
    python bench/matching/run.py --only country  # one scenario

For every scenario the engine and the reference solve the same instance in the same process.
Times are wall-clock (``time.perf_counter``) and exclude instance generation. The reference time
includes building its network (vectorised arc insertion) because the engine's time includes its
own preprocessing too.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import scipy

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "src"))

from generate import SCENARIOS, generate, voivodeship_names  # noqa: E402

from kooperacja.matching import greedy, solve  # noqa: E402

try:
    import ortools
    from ortools.graph.python import min_cost_flow
except ImportError:  # pragma: no cover - the reference is a dev dependency
    ortools = None

REPEATS = {"voivodeship": 3, "country": 3, "stress": 1}


def reference(n, m, caps, cand, opn, cost) -> tuple[int, int]:
    """OR-Tools: maximum flow with minimum cost on source -> candidates -> openings -> sink."""
    s, t = n + m, n + m + 1
    tails = np.concatenate([np.full(n, s), cand, n + np.arange(m)])
    heads = np.concatenate([np.arange(n), n + opn, np.full(m, t)])
    arc_caps = np.concatenate([np.ones(n + len(cand), dtype=np.int64), caps])
    costs = np.concatenate([np.zeros(n, dtype=np.int64), cost, np.zeros(m, dtype=np.int64)])
    mcf = min_cost_flow.SimpleMinCostFlow()
    mcf.add_arcs_with_capacity_and_unit_cost(tails, heads, arc_caps, costs)
    mcf.set_node_supply(s, n)
    mcf.set_node_supply(t, -n)
    status = mcf.solve_max_flow_with_min_cost()
    if status != mcf.OPTIMAL:
        raise RuntimeError(f"OR-Tools status {status}")
    return mcf.maximum_flow(), mcf.optimal_cost()


def timed(fn, repeats: int):
    """Result, median wall time, all wall times and median CPU time of the process.

    CPU time is reported too because it is less disturbed by other jobs on a shared machine.
    """
    times, cpu, out = [], [], None
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return out, statistics.median(times), times, statistics.median(cpu)


def check_feasible(inst, result) -> None:
    pairs = result.pairs
    assert len(np.unique(pairs[:, 0])) == len(pairs), "candidate placed twice"
    key = inst.edge_cand * inst.n_openings + inst.edge_open
    pos = np.searchsorted(key, pairs[:, 0] * inst.n_openings + pairs[:, 1])
    assert np.all(key[np.minimum(pos, len(key) - 1)] == pairs[:, 0] * inst.n_openings + pairs[:, 1]), "non-edge"
    assert int(inst.edge_cost[pos].sum()) == result.cost, "cost does not match the pairs"
    load = np.bincount(pairs[:, 1], minlength=inst.n_openings)
    assert np.all(load <= inst.capacities), "capacity exceeded"


def run_scenario(name: str, seed: int) -> dict:
    t0 = time.perf_counter()
    inst = generate(name, seed)
    gen_s = time.perf_counter() - t0
    args = inst.solver_args()
    repeats = REPEATS[name]

    result, engine_s, engine_all, engine_cpu = timed(lambda: solve(*args), repeats)
    check_feasible(inst, result)
    row: dict = {
        "scenario": name,
        "region": voivodeship_names()[inst.scenario.voivodeship] if inst.scenario.voivodeship else "Poland",
        "participants": inst.n_candidates,
        "positions": int(inst.capacities.sum()),
        "openings": inst.n_openings,
        "edges": len(inst.edge_cost),
        "generation_s": round(gen_s, 3),
        "engine_s": round(engine_s, 3),
        "engine_runs_s": [round(x, 3) for x in engine_all],
        "engine_cpu_s": round(engine_cpu, 3),
        "matched": result.matched,
        "cost": result.cost,
        "no_edges": len(result.no_edges),
        "lost_to_competition": len(result.lost_to_competition),
        "components": result.n_components,
        "engine_stats": result.stats,
    }
    if ortools is not None:
        (ref_matched, ref_cost), ref_s, ref_all, ref_cpu = timed(lambda: reference(*args), repeats)
        row.update(
            reference_s=round(ref_s, 3),
            reference_runs_s=[round(x, 3) for x in ref_all],
            reference_cpu_s=round(ref_cpu, 3),
            ratio=round(engine_s / ref_s, 3),
            cpu_ratio=round(engine_cpu / ref_cpu, 3),
            reference_matched=ref_matched,
            reference_cost=ref_cost,
            optimal=bool(ref_matched == result.matched and ref_cost == result.cost),
        )
    t0 = time.perf_counter()
    g = greedy(*args)
    row.update(greedy_s=round(time.perf_counter() - t0, 3), greedy_matched=g.matched, greedy_cost=g.cost)
    return row


def print_table(rows: list[dict]) -> None:
    head = (
        f"{'scenario':<12}{'people':>8}{'posts':>8}{'edges':>10}{'engine s':>10}{'ref s':>9}{'ratio':>7}"
        f"{'cpu ratio':>10}{'matched':>9}{'cost':>9}{'opt':>5}{'greedy m':>10}{'greedy c':>10}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        print(
            f"{r['scenario']:<12}{r['participants']:>8}{r['positions']:>8}{r['edges']:>10}"
            f"{r['engine_s']:>10.3f}{r.get('reference_s', float('nan')):>9.3f}{r.get('ratio', float('nan')):>7.2f}"
            f"{r.get('cpu_ratio', float('nan')):>10.2f}"
            f"{r['matched']:>9}{r['cost']:>9}{'yes' if r.get('optimal') else 'NO':>5}"
            f"{r['greedy_matched']:>10}{r['greedy_cost']:>10}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=sorted(SCENARIOS), action="append")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--output", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    names = args.only or ["voivodeship", "country", "stress"]
    rows = []
    for name in names:
        print(f"running {name} ...", flush=True)
        rows.append(run_scenario(name, args.seed))
    print()
    print_table(rows)
    machine = {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "ortools": getattr(ortools, "__version__", None),
        "load_average_at_end": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }
    args.output.write_text(
        json.dumps({"seed": args.seed, "machine": machine, "scenarios": rows}, indent=2) + "\n", encoding="utf-8"
    )
    print(f"\nwritten {args.output}")
    return 0 if all(r.get("optimal", True) for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
