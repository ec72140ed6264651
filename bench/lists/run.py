"""What each list page, list API endpoint and overview costs on a generated country, per bench persona.

For every page a persona may open: the time of the page through Django's test client (median and 95th
percentile of ``--repeat`` requests, in process: no HTTP server), its number of queries, the slowest query as
timed around the driver, and — with ``--explain`` — each query's ``EXPLAIN (ANALYZE, FORMAT JSON)``: the largest
execution time, and the plan's shape (node types, and the tables read by a sequential scan).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/DB .venv/bin/python bench/lists/run.py [--repeat 20]
        [--explain] [--json out.json] [--only referrals]

The database holds a country made by ``manage.py generate_country`` (its bench users sign in here).
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# --src another checkout's src/ to measure its code (e.g. the code before a change) on the same database.
SRC = Path(sys.argv[sys.argv.index("--src") + 1]) if "--src" in sys.argv else ROOT / "src"
sys.path.insert(0, str(SRC))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kooperacja.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-lists-" + "x" * 50)

# persona -> the pages they open (name, URL). The overview of Kraków county and of a voivodeship.
PERSONAS = {
    "kraj.koordynator": [
        ("referrals list", "/placement/referrals/"),
        ("referrals API", "/api/v1/placement/referrals"),
        ("county overview (1261)", "/staffing/?territory=1261"),
        ("voivodeship overview (12)", "/staffing/?territory=12"),
        ("needs list", "/staffing/needs/"),
        ("needs API", "/api/v1/staffing/needs"),
        ("needs in the county", "/staffing/needs/?territory=1261"),
        ("organisations list", "/organisations/"),
        ("organisations API", "/api/v1/organisations"),
        ("organisations by municipality", "/organisations/?sort=municipality"),
        ("matching screen (runs)", "/placement/"),
        ("rounds list", "/staffing/rounds/"),
    ],
    "kraj.kadra": [
        ("participants list", "/training/participants/"),
        ("participants API", "/api/v1/training/participants"),
        ("referrals list", "/placement/referrals/"),
        ("referrals API", "/api/v1/placement/referrals"),
        ("needs list", "/staffing/needs/"),
        ("programmes list", "/training/programmes/"),
    ],
    "kraj.dostawca": [
        ("provider candidates", "/placement/candidates/"),
        ("referrals API", "/api/v1/placement/referrals"),
        ("my needs", "/staffing/needs/mine/"),
        ("needs list", "/staffing/needs/"),
    ],
    "kraj.analityk": [
        ("voivodeship overview (14)", "/staffing/?territory=14"),
        ("county overview (1465)", "/staffing/?territory=1465"),
        ("needs list", "/staffing/needs/"),
        ("organisations list", "/organisations/"),
        ("rounds list", "/staffing/rounds/"),
    ],
    "kraj.admin": [
        ("referrals list", "/placement/referrals/"),
        ("referrals API", "/api/v1/placement/referrals"),
        ("referrals API, deep offset", "/api/v1/placement/referrals?offset=40000"),
        ("needs list", "/staffing/needs/"),
        ("needs API", "/api/v1/staffing/needs"),
        ("organisations list", "/organisations/"),
        ("organisations API", "/api/v1/organisations"),
        ("audit log", "/audit/"),
        ("voivodeship overview (14)", "/staffing/?territory=14"),
    ],
}


def _plan_shape(node: dict, shape: list) -> None:
    shape.append(node["Node Type"] + (f" on {node['Relation Name']}" if "Relation Name" in node else ""))
    for child in node.get("Plans", ()):
        _plan_shape(child, shape)


def explain(connection, sql: str, *, index_paths: bool = False) -> tuple[float, list[str]]:
    """Execution time (ms) and the plan's nodes of one SELECT. With ``index_paths``, sequential scans are
    discouraged (``enable_seqscan = off``): a table still read sequentially has no index the query can use."""
    with connection.cursor() as cursor:
        if index_paths:
            cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
        finally:
            if index_paths:
                cursor.execute("RESET enable_seqscan")
    if isinstance(plan, str):
        plan = json.loads(plan)
    shape: list[str] = []
    _plan_shape(plan[0]["Plan"], shape)
    return plan[0]["Execution Time"], shape


def measure(client, url: str, *, repeat: int, connection, with_explain: bool, index_paths: bool = False) -> dict:
    from django.test.utils import CaptureQueriesContext

    timings: list[float] = []
    slowest = 0.0

    def timed(execute, sql, params, many, context):
        nonlocal slowest
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            slowest = max(slowest, (time.perf_counter() - started) * 1000)

    response = client.get(url, secure=True)
    if response.status_code != 200:
        return {"status": response.status_code}
    with CaptureQueriesContext(connection) as captured:
        client.get(url, secure=True)
    sqls = [query["sql"] for query in captured.captured_queries]
    with connection.execute_wrapper(timed):
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(url, secure=True)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    result = {
        "status": 200,
        "queries": len(sqls),
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
        "slowest_query_ms": round(slowest, 1),
    }
    if with_explain:
        worst, plans = 0.0, []
        for sql in sqls:
            if not sql.lstrip().upper().startswith("SELECT"):
                plans.append(["(write)"])
                continue
            ms, shape = explain(connection, sql, index_paths=index_paths)
            worst = max(worst, ms)
            plans.append(shape)
        result["explain_worst_ms"] = round(worst, 2)
        result["plans"] = plans
        result["sqls"] = sqls
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument(
        "--index-paths", action="store_true", help="explain with sequential scans discouraged (the scale check)"
    )
    parser.add_argument("--json", type=Path)
    parser.add_argument("--only", help="only pages whose name contains this")
    parser.add_argument("--src", type=Path, help="the src/ directory of the code to measure (default: this one)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    import kooperacja

    print(f"code: {Path(kooperacja.__file__).parent}")
    # Pages are rendered in process: static URLs without the collected manifest that gunicorn serves.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    results: dict[str, dict[str, dict]] = {}
    print(f"{'persona':18} {'page':34} {'queries':>7} {'median':>8} {'p95':>8} {'slowest q':>9} {'explain':>8}")
    for username, pages in PERSONAS.items():
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            print(f"{username}: no such user (generate a country first)")
            continue
        client = Client()
        client.force_login(user)
        for name, url in pages:
            if args.only and args.only not in name:
                continue
            found = measure(
                client,
                url,
                repeat=args.repeat,
                connection=connection,
                with_explain=args.explain,
                index_paths=args.index_paths,
            )
            results.setdefault(username, {})[name] = {"url": url, **found}
            if found["status"] != 200:
                print(f"{username:18} {name:34} status {found['status']}")
                continue
            print(
                f"{username:18} {name:34} {found['queries']:7} {found['median_ms']:8.1f} {found['p95_ms']:8.1f} "
                f"{found['slowest_query_ms']:9.1f} {found.get('explain_worst_ms', float('nan')):8.2f}",
                flush=True,
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
