"""Synthetic placement instances built on real Polish municipality data.

People and openings are spread over municipalities (gminy) in proportion to population,
using the centroids and population totals in ``kooperacja/territory/data``. A person can
take an opening when they hold every qualification the opening requires and the distance
between the two municipality centroids is within the person's commute limit. The cost of a
pair is the commute in whole kilometres plus one point per qualification the person holds
beyond what the opening needs (a mild preference for jobs that use people's skills).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parents[2] / "src" / "kooperacja" / "territory" / "data"
EARTH_RADIUS_KM = 6371.0088
MAX_COMMUTE_KM = 50.0
MIN_COMMUTE_KM = 10.0

# Service-sector qualifications and the share of participants holding each one.
QUALIFICATIONS = (
    ("cleaning", 0.30),
    ("catering", 0.20),
    ("elderly_care", 0.15),
    ("personal_care", 0.12),
    ("laundry", 0.15),
    ("gardening", 0.20),
    ("driving_b", 0.25),
    ("reception", 0.10),
)
# How many qualifications an opening requires: 1 (most), 2 or 3.
REQUIRED_COUNT_P = (0.6, 0.3, 0.1)


@dataclass(frozen=True)
class Scenario:
    name: str
    participants: int
    positions: int
    openings: int
    voivodeship: str | None = None


SCENARIOS = {
    "voivodeship": Scenario("voivodeship", 3_000, 1_500, 600, voivodeship="04"),
    "country": Scenario("country", 30_000, 12_000, 5_000),
    "stress": Scenario("stress", 100_000, 100_000, 25_000),
}


@dataclass
class Municipalities:
    code: np.ndarray  # str
    population: np.ndarray  # int64
    lat: np.ndarray
    lon: np.ndarray


def load_municipalities(voivodeship: str | None = None) -> Municipalities:
    """Gminy with a population and a centroid; rows with empty values are skipped."""
    codes, pops, lats, lons = [], [], [], []
    with open(DATA_DIR / "gmina_stats.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if not (row["population_total"] and row["lat"] and row["lon"]):
                continue
            if voivodeship is not None and not row["code"].startswith(voivodeship):
                continue
            codes.append(row["code"])
            pops.append(int(row["population_total"]))
            lats.append(float(row["lat"]))
            lons.append(float(row["lon"]))
    return Municipalities(np.array(codes), np.array(pops, dtype=np.int64), np.array(lats), np.array(lons))


def voivodeship_names() -> dict[str, str]:
    with open(DATA_DIR / "teryt_units.csv", newline="", encoding="utf-8") as fh:
        return {r["code"]: r["name"] for r in csv.DictReader(fh) if r["level"] == "wojewodztwo"}


def haversine_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _popcount(x: np.ndarray) -> np.ndarray:
    x = x.astype(np.uint8)
    return np.unpackbits(x[:, None], axis=1).sum(axis=1).astype(np.int64)


@dataclass
class Instance:
    scenario: Scenario
    municipalities: Municipalities
    person_muni: np.ndarray
    person_limit: np.ndarray
    person_quals: np.ndarray  # uint8 bit masks
    opening_muni: np.ndarray
    opening_req: np.ndarray
    capacities: np.ndarray
    edge_cand: np.ndarray
    edge_open: np.ndarray
    edge_cost: np.ndarray
    edge_km: np.ndarray

    @property
    def n_candidates(self) -> int:
        return len(self.person_muni)

    @property
    def n_openings(self) -> int:
        return len(self.opening_muni)

    def solver_args(self) -> tuple:
        return (
            self.n_candidates,
            self.n_openings,
            self.capacities,
            self.edge_cand,
            self.edge_open,
            self.edge_cost,
        )

    def to_json_dict(self) -> dict:
        """The JSON shape read by ``python -m kooperacja.matching``."""
        codes = self.municipalities.code
        return {
            "candidates": [{"id": f"p{i}-{codes[m]}"} for i, m in enumerate(self.person_muni.tolist())],
            "openings": [
                {"id": f"o{j}-{codes[m]}", "capacity": int(c)}
                for j, (m, c) in enumerate(zip(self.opening_muni.tolist(), self.capacities.tolist(), strict=True))
            ],
            "edges": [
                [f"p{i}-{codes[self.person_muni[i]]}", f"o{j}-{codes[self.opening_muni[j]]}", c]
                for i, j, c in zip(
                    self.edge_cand.tolist(), self.edge_open.tolist(), self.edge_cost.tolist(), strict=True
                )
            ],
        }


def generate(scenario: Scenario | str, seed: int = 20240601) -> Instance:
    if isinstance(scenario, str):
        scenario = SCENARIOS[scenario]
    rng = np.random.default_rng(seed)
    muni = load_municipalities(scenario.voivodeship)
    share = muni.population / muni.population.sum()
    n_p, n_o = scenario.participants, scenario.openings

    person_muni = rng.choice(len(share), size=n_p, p=share)
    person_limit = rng.uniform(MIN_COMMUTE_KM, MAX_COMMUTE_KM, size=n_p)
    q_p = np.array([p for _, p in QUALIFICATIONS])
    held = rng.random((n_p, len(QUALIFICATIONS))) < q_p
    person_quals = (held * (1 << np.arange(len(QUALIFICATIONS)))).sum(axis=1).astype(np.uint8)

    opening_muni = rng.choice(len(share), size=n_o, p=share)
    n_req = rng.choice(len(REQUIRED_COUNT_P), size=n_o, p=REQUIRED_COUNT_P) + 1
    # Openings ask for qualifications roughly as often as people hold them.
    keys = rng.random((n_o, len(QUALIFICATIONS))) ** (1.0 / q_p)
    order = np.argsort(-keys, axis=1)
    required = np.zeros((n_o, len(QUALIFICATIONS)), dtype=bool)
    for k in range(len(REQUIRED_COUNT_P)):
        rows = np.nonzero(n_req > k)[0]
        required[rows, order[rows, k]] = True
    opening_req = (required * (1 << np.arange(len(QUALIFICATIONS)))).sum(axis=1).astype(np.uint8)
    # Every opening has at least one position; the rest are spread uniformly.
    capacities = 1 + np.bincount(rng.integers(0, n_o, size=scenario.positions - n_o), minlength=n_o)

    edges = _edges(muni, person_muni, person_limit, person_quals, opening_muni, opening_req)
    return Instance(
        scenario,
        muni,
        person_muni,
        person_limit,
        person_quals,
        opening_muni,
        opening_req,
        capacities.astype(np.int64),
        *edges,
    )


def _edges(muni, person_muni, person_limit, person_quals, opening_muni, opening_req):
    n_m = len(muni.code)
    open_order = np.argsort(opening_muni, kind="stable")
    open_start = np.searchsorted(opening_muni[open_order], np.arange(n_m + 1))
    pers_order = np.argsort(person_muni, kind="stable")
    pers_start = np.searchsorted(person_muni[pers_order], np.arange(n_m + 1))
    not_req = ~opening_req
    out_c, out_o, out_km = [], [], []
    for g in range(n_m):
        people = pers_order[pers_start[g] : pers_start[g + 1]]
        if len(people) == 0:
            continue
        dist_g = haversine_km(muni.lat[g], muni.lon[g], muni.lat, muni.lon)
        near = np.nonzero(dist_g <= MAX_COMMUTE_KM)[0]
        ranges = [open_order[open_start[h] : open_start[h + 1]] for h in near]
        opens = np.concatenate(ranges) if ranges else np.empty(0, np.int64)
        if len(opens) == 0:
            continue
        d = dist_g[opening_muni[opens]]
        # Process people in slices so the boolean block stays small.
        step = max(1, 4_000_000 // len(opens))
        for s in range(0, len(people), step):
            pp = people[s : s + step]
            ok = d[None, :] <= person_limit[pp, None]
            ok &= (opening_req[None, opens] & ~person_quals[pp, None]) == 0
            ii, jj = np.nonzero(ok)
            out_c.append(pp[ii])
            out_o.append(opens[jj])
            out_km.append(d[jj])
    cand = np.concatenate(out_c).astype(np.int64)
    opn = np.concatenate(out_o).astype(np.int64)
    km = np.concatenate(out_km)
    surplus = _popcount(person_quals[cand] & not_req[opn])
    cost = np.rint(km).astype(np.int64) + surplus
    order = np.lexsort((opn, cand))
    return cand[order], opn[order], cost[order], km[order]


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Write a benchmark instance as JSON.")
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args()
    inst = generate(args.scenario, args.seed)
    args.output.write_text(json.dumps(inst.to_json_dict()), encoding="utf-8")
    print(f"{args.output}: {inst.n_candidates} candidates, {inst.n_openings} openings, {len(inst.edge_cost)} edges")


if __name__ == "__main__":
    main()
