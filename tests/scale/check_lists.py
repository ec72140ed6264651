"""The cost of every list does not grow with the country: the same queries and access paths at two scales.

Builds two PostgreSQL databases with ``manage.py generate_country`` at ``--scale 0.01`` and ``--scale 0.1``
(after migrate, load_territory and load_catalogue, once, copied as a template), measures every page of
``bench/lists/run.py`` for every bench persona in both, and fails unless, for each page:

- the number of queries is the same at both scales;
- each query reads the big tables the same way at both scales: the shape of its plan (``EXPLAIN (FORMAT JSON)``)
  reduced to how it reaches each big table (by an index, or by a sequential scan). Join methods are left out:
  the planner rightly hashes a table of a hundred rows that it loops over at ten thousand;
- a list scoped to what the user sees reads no big table by a sequential scan when sequential scans are
  discouraged (``enable_seqscan = off``): each has an index it can be answered from. (At these scales the
  tables are small enough that the planner may prefer reading one whole; the question is whether it must.)

Not part of ``make test`` (it generates data for about a minute):

    make test-scale PG_URL=postgres://postgres@127.0.0.1:5432/test
    .venv/bin/python tests/scale/check_lists.py --pg-url postgres://... [--keep] [--reuse]

The databases are named after the database of ``--pg-url`` with ``_scale_base``, ``_scale_001`` and
``_scale_01`` appended; they are dropped at the end unless ``--keep``.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
SCALES = {"001": "0.01", "01": "0.1"}
BIG_TABLES = {
    "registry_organisation",
    "training_person",
    "training_participation",
    "training_attendance",
    "training_qualificationgained",
    "staffing_staffingneed",
    "placement_referral",
    "placement_proposal",
    "audit_personaldataaccess",
}
# Pages scoped to what the persona sees (a county, a CIS, a provider's needs), of the personas who see a part.
# The lists of every published need and active organisation are national (read in index order, a page and a
# count capped at 1,001 rows); the administrator and the analyst look at the whole country or a voivodeship.
SCOPED_PERSONAS = {"kraj.koordynator", "kraj.kadra", "kraj.dostawca"}
SCOPED_PAGES = {
    "referrals list",
    "referrals API",
    "participants list",
    "participants API",
    "provider candidates",
    "my needs",
    "needs in the county",
    "county overview (1261)",
    "matching screen (runs)",
}


def _url_for(pg_url: str, database: str) -> str:
    parts = urllib.parse.urlsplit(pg_url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + database))


def _psql(pg_url: str, sql: str) -> None:
    subprocess.run(["psql", _url_for(pg_url, "postgres"), "-qAt", "-c", sql], check=True)


def _manage(database_url: str, *args: str, checkout: Path = ROOT) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    python = checkout / ".venv/bin/python" if checkout != ROOT else Path(PYTHON)
    subprocess.run([str(python), str(checkout / "manage.py"), *args], check=True, env=env, stdout=subprocess.DEVNULL)


def build(pg_url: str, prefix: str, generator: Path = ROOT) -> dict[str, str]:
    base = f"{prefix}_scale_base"
    _psql(pg_url, f'DROP DATABASE IF EXISTS "{base}"')
    _psql(pg_url, f'CREATE DATABASE "{base}"')
    base_url = _url_for(pg_url, base)
    for command in (("migrate", "--no-input"), ("load_territory",), ("load_catalogue",)):
        _manage(base_url, *command)
    urls = {}
    for tag, scale in SCALES.items():
        name = f"{prefix}_scale_{tag}"
        _psql(pg_url, f'DROP DATABASE IF EXISTS "{name}"')
        _psql(pg_url, f'CREATE DATABASE "{name}" TEMPLATE "{base}"')
        urls[tag] = _url_for(pg_url, name)
        started = time.monotonic()
        _manage(
            urls[tag], "generate_country", "--scale", scale, "--seed", "1", "--as-of", "2026-06-30", checkout=generator
        )
        subprocess.run(["psql", urls[tag], "-qAt", "-c", "ANALYZE"], check=True)
        print(f"scale {scale}: generated in {time.monotonic() - started:.0f} s", flush=True)
    _psql(pg_url, f'DROP DATABASE IF EXISTS "{base}"')
    return urls


def measure(database_url: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        env = {**os.environ, "DATABASE_URL": database_url}
        subprocess.run(
            [
                PYTHON,
                str(ROOT / "bench/lists/run.py"),
                "--repeat",
                "1",
                "--explain",
                "--index-paths",
                "--json",
                out.name,
            ],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        return json.loads(Path(out.name).read_text())


def access_paths(plan: list[str]) -> set[str]:
    """How one query's plan reaches each big table: "index on T" or "seq on T"."""
    paths = set()
    for node in plan:
        kind, _, table = node.partition(" on ")
        if table in BIG_TABLES:
            paths.add(f"{'seq' if kind == 'Seq Scan' else 'index'} on {table}")
    return paths


def compare(small: dict, large: dict) -> list[str]:
    problems = []
    for persona, pages in large.items():
        for page, big in pages.items():
            little = small.get(persona, {}).get(page)
            where = f"{persona} / {page}"
            if little is None or little["status"] != big["status"]:
                problems.append(f"{where}: answered {little and little['status']} and {big['status']}")
                continue
            if big["status"] != 200:
                continue
            if little["queries"] != big["queries"]:
                counts = f"{little['queries']} queries at the small scale, {big['queries']} at the large"
                problems.append(f"{where}: {counts}")
                continue
            for number, (a, b) in enumerate(zip(little["plans"], big["plans"], strict=True), start=1):
                if access_paths(a) != access_paths(b):
                    changed = f"{sorted(access_paths(a))} -> {sorted(access_paths(b))}"
                    problems.append(f"{where}: query {number} reads the big tables differently: {changed}")
            if persona in SCOPED_PERSONAS and page in SCOPED_PAGES:
                for scale, found in (("small", little), ("large", big)):
                    scanned = {path for plan in found["plans"] for path in access_paths(plan) if path[:3] == "seq"}
                    if scanned:
                        problems.append(f"{where}: {sorted(scanned)} at the {scale} scale")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg-url", default=os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--prefix", help="database name prefix (default: the database of --pg-url)")
    parser.add_argument("--keep", action="store_true", help="keep the generated databases")
    parser.add_argument("--reuse", action="store_true", help="measure the databases kept by an earlier --keep")
    parser.add_argument(
        "--generator", type=Path, default=ROOT, help="the checkout whose manage.py generate_country builds the data"
    )
    args = parser.parse_args()
    prefix = args.prefix or urllib.parse.urlsplit(args.pg_url).path.lstrip("/")
    started = time.monotonic()
    if args.reuse:
        urls = {tag: _url_for(args.pg_url, f"{prefix}_scale_{tag}") for tag in SCALES}
    else:
        urls = build(args.pg_url, prefix, args.generator)
    try:
        small, large = measure(urls["001"]), measure(urls["01"])
    finally:
        if not args.keep and not args.reuse:
            for tag in SCALES:
                _psql(args.pg_url, f'DROP DATABASE IF EXISTS "{prefix}_scale_{tag}"')
    problems = compare(small, large)
    pages = sum(1 for pages in large.values() for found in pages.values() if found["status"] == 200)
    for problem in problems:
        print("FAIL", problem)
    print(
        f"{pages} pages compared at scales 0.01 and 0.1 in {time.monotonic() - started:.0f} s: "
        f"{'same queries and access paths' if not problems else f'{len(problems)} problem(s)'}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
