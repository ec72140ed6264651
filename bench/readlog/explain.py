"""The read log at national scale: plans and times of its queries on a million rows (PostgreSQL).

Fills ``audit_personaldataaccess`` of the database in ``DATABASE_URL`` (migrated first) with ``--rows`` reads
(default 1,000,000) spread over three years, 2,000 readers and 100,000 people, then prints EXPLAIN ANALYZE of
every query the product runs on it: the "who read this person" selector, the audit log page and its filters,
the INSERT of a 50-person list page, and one batch of the retention rule.

    createdb -h 127.0.0.1 -U postgres kooperacja_readlog
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kooperacja_readlog .venv/bin/python bench/readlog/explain.py
    # the plans before this change's indexes: add --audit-migration 0001_initial
"""

import argparse
import os
import re
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kooperacja.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from kooperacja.audit.models import PersonalDataAccess  # noqa: E402
from kooperacja.audit.selectors import ReadLogFilters, personal_data_access_list, personal_data_reads_of  # noqa: E402
from kooperacja.audit.services import PRUNE_BATCH_SIZE, personal_data_read_log, personal_data_reads_prune  # noqa: E402

READERS = 2_000
PEOPLE = 100_000


def fill(rows: int) -> None:
    """Readers as users; reads: 85 % of persons, 10 % of users (members pages), 5 % of contact persons; 20 % API."""
    have = PersonalDataAccess.objects.count()
    if have >= rows:
        print(f"the log already holds {have:,} rows")
        return
    existing = set(User.objects.filter(username__startswith="bench.reader.").values_list("username", flat=True))
    User.objects.bulk_create(
        [User(username=f"bench.reader.{i}") for i in range(READERS) if f"bench.reader.{i}" not in existing],
        batch_size=1000,
    )
    person, contact, user = (
        ContentType.objects.get_by_natural_key(*key).pk
        for key in (("training", "person"), ("registry", "contactperson"), ("auth", "user"))
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO audit_personaldataaccess (actor_id, content_type_id, object_id, fields, purpose, channel, at)
            SELECT (SELECT min(id) FROM auth_user WHERE username LIKE 'bench.reader.%%') + (g * 7919) %% %s,
                   CASE WHEN g %% 20 = 0 THEN %s WHEN g %% 10 = 1 THEN %s ELSE %s END,
                   ((g * 104729) %% %s)::text,
                   '["first_name", "last_name"]'::jsonb,
                   'participants list',
                   CASE WHEN g %% 5 = 0 THEN 'api' ELSE 'web' END,
                   now() - (g::float / %s) * interval '1095 days'
            FROM generate_series(1::bigint, %s) AS g
            """,
            [READERS, contact, user, person, PEOPLE, rows - have, rows - have],
        )
        cursor.execute("ANALYZE audit_personaldataaccess")
    print(f"inserted {rows - have:,} rows in {time.perf_counter() - started:.1f} s")


def explain(label: str, queryset, *, count: bool = False) -> float:
    if count:  # what the paginator runs: SELECT COUNT(*) over the filtered log
        sql, params = queryset.order_by().values("id").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN ANALYZE SELECT COUNT(*) FROM ({sql}) AS counted", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
    else:
        plan = queryset.explain(analyze=True)
    took = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
    nodes = sorted(
        set(
            re.findall(
                r"((?:Parallel )?(?:Index Only Scan|Index Scan|Seq Scan|Bitmap Heap Scan)"
                r"(?: Backward)?(?: using \w+)?) on",
                plan,
            )
        )
    )
    print(f"{label:<46} {took:>9.2f} ms   {'; '.join(nodes)}")
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--audit-migration", default=None, help="migrate the audit app to this migration first")
    parser.add_argument("--verbose", action="store_true", help="print the whole plans")
    parser.add_argument("--prune", action="store_true", help="then run the retention rule (two years) and time it")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("DATABASE_URL must point at PostgreSQL", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)
    if args.audit_migration:
        call_command("migrate", "audit", args.audit_migration, verbosity=0)
    fill(args.rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_personaldataaccess")
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('audit_personaldataaccess'))")
        print(f"{PersonalDataAccess.objects.count():,} rows, table with indexes: {cursor.fetchone()[0]}")
    admin = User(is_superuser=True)
    types = {ct.model: ct for ct in ContentType.objects.filter(model__in=["person", "user", "contactperson"])}
    reader = User.objects.filter(username="bench.reader.17").get()
    some = PersonalDataAccess.objects.filter(content_type=types["person"]).order_by("id").values("object_id")[:1].get()
    if args.verbose:
        print(
            personal_data_reads_of(user=admin, content_type=types["person"], object_id=some["object_id"])[:50].explain(
                analyze=True
            )
        )
    page = lambda filters=None: personal_data_access_list(user=admin, filters=filters)[:50]  # noqa: E731
    today = timezone.localdate()
    print(f"{'query (LIMIT 50 = one page of the log)':<46} {'time':>12}   plan")
    explain(
        "who read this person",
        personal_data_reads_of(user=admin, content_type=types["person"], object_id=some["object_id"])[:50],
    )
    explain("log, newest first", page())
    explain("log, page 200 (OFFSET 9950)", personal_data_access_list(user=admin)[9950:10000])
    explain("log filtered by user name", page(ReadLogFilters(username=reader.username)))
    explain("log filtered by record type (rare: contact)", page(ReadLogFilters(content_type=types["contactperson"])))
    explain("log filtered by channel api", page(ReadLogFilters(channel="api")))
    explain(
        "log filtered by a week a year ago",
        page(ReadLogFilters(since=today - timedelta(days=372), until=today - timedelta(days=365))),
    )
    explain(
        "count: who read this person",
        personal_data_reads_of(user=admin, content_type=types["person"], object_id=some["object_id"]),
        count=True,
    )
    explain(
        "count: reads by one user",
        personal_data_access_list(user=admin, filters=ReadLogFilters(username=reader.username)),
        count=True,
    )
    explain("count: the whole log", personal_data_access_list(user=admin), count=True)
    cutoff = timezone.now() - timedelta(days=730)
    oldest = PersonalDataAccess.objects.filter(at__lt=cutoff).order_by("at", "id").values("id")[:10_000]
    explain("retention: next batch of 10,000 old rows", oldest)
    # Writes: a list page of 50 people logs them in one INSERT (rolled back).
    people = [User(pk=i) for i in range(1, 51)]
    timings = []
    for _ in range(20):
        with transaction.atomic():
            started = time.perf_counter()
            personal_data_read_log(actor=reader, records=people, fields=["first_name"], purpose="bench")
            timings.append((time.perf_counter() - started) * 1000)
            transaction.set_rollback(True)
    timings.sort()
    print(f"{'log 50 people (one INSERT), median of 20':<46} {timings[10]:>9.2f} ms")
    if args.prune:
        started = time.perf_counter()
        deleted = personal_data_reads_prune()
        took = time.perf_counter() - started
        print(
            f"retention rule: {deleted:,} rows older than two years deleted in {took:.1f} s "
            f"({deleted / took:,.0f} rows/s, {PRUNE_BATCH_SIZE:,} per statement)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
