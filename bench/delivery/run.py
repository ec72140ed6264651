"""Delivery reports of a whole voivodeship through the product's CSV import, next to COPY (PostgreSQL) or
executemany (SQLite) of the very rows it writes, same run; then the commissioner's monitoring page and the
municipality report, timed over repeated requests through the test client.

Builds, in kujawsko-pomorskie, one commissioning OPS per municipality and ``PROVIDERS`` providers sharing
10,000 active contracts, each with a 36-month schedule that has begun (360,000 periods). Each provider sends
one CSV file of its contracts × 36 months. For each file, in this order:

1. the reference: the rows the import writes into ``delivery_deliveryreport``, prepared beforehand, written
   in one transaction and committed (COPY from the rows on PostgreSQL; executemany of one INSERT on SQLite),
   then deleted again (untimed);
2. the product: ``import_create`` (the upload, encrypted) and ``import_process`` (read, check every row
   against the provider's contracts and periods, write all rows and the contracts' figures, finish).

Then, with all reports in: the monitoring page (``delivery:contract-list``) as a commissioner (the OPS of
Grudziądz) and as an administrator (all 10,000 contracts), and the municipality report (PDF and XLSX), each
``--requests`` times; p50 and p95.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kooperacja_bench .venv/bin/python bench/delivery/run.py
    .venv/bin/python bench/delivery/run.py --scale 0.1          # 1,000 contracts, a temporary SQLite file

What it creates is deleted at the end (``--keep`` keeps it).
"""

import argparse
import atexit
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

CONTRACTS = 10_000
MONTHS = 36
PROVIDERS = 10
VOIVODESHIP = "04"  # kujawsko-pomorskie
GRUDZIADZ = "0462011"
PREFIX = "[bench-delivery] "


def setup_django() -> str:
    if not os.environ.get("DATABASE_URL"):
        directory = tempfile.mkdtemp(prefix="kooperacja-bench-")
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
    os.environ["TASKS_IMMEDIATE"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kooperacja.settings")
    import django

    django.setup()
    import logging

    from django.core.management import call_command

    logging.getLogger("django_tasks").setLevel(logging.WARNING)
    from kooperacja.catalogue.models import ServiceCardVersion
    from kooperacja.territory.models import Unit

    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        call_command("load_territory", verbosity=0)
    if not ServiceCardVersion.objects.exists():
        call_command("load_catalogue", verbosity=0)
    from django.db import connection

    return connection.vendor


def first_of_month(day: date, months_back: int) -> date:
    from kooperacja.core.dates import add_months

    return add_months(day.replace(day=1), -months_back)


class World:
    """The organisations, users, contracts and schedules of the run."""

    def __init__(self, rng: random.Random, contracts: int, providers: int, stamp: str):
        from django.contrib.auth import get_user_model
        from django.utils import timezone

        from kooperacja.accounts.models import Membership
        from kooperacja.catalogue.models import ServiceType
        from kooperacja.commissioning.models import Contract, ContractPeriod, Offer, Order
        from kooperacja.core import bulk
        from kooperacja.core.dates import add_months
        from kooperacja.core.text import fold, polish_sort_key
        from kooperacja.registry.models import Organisation
        from kooperacja.territory.models import Level, Unit

        municipalities = list(
            Unit.objects.filter(level=Level.MUNICIPALITY, code__startswith=VOIVODESHIP).order_by("code")
        )

        def organisation(name: str, kind: str, municipality) -> Organisation:
            full = f"{PREFIX}{name} {stamp}"
            return Organisation(
                name=full, kind=kind, municipality=municipality, sort_name=polish_sort_key(full), search_text=fold(full)
            )

        self.commissioners = Organisation.objects.bulk_create(
            organisation(f"OPS {unit.name}", "ops", unit) for unit in municipalities
        )
        self.providers = Organisation.objects.bulk_create(
            organisation(f"Spółdzielnia {number}", "social_cooperative", rng.choice(municipalities))
            for number in range(providers)
        )
        users = get_user_model().objects
        self.admin = users.create(username=f"bench-delivery-admin-{stamp}", is_staff=True, is_superuser=True)
        self.uploader = users.create(username=f"bench-delivery-provider-{stamp}")
        self.commissioner_user = users.create(username=f"bench-delivery-ops-{stamp}")
        Membership.objects.bulk_create(
            Membership(user=self.uploader, organisation=provider, role="pes_manager") for provider in self.providers
        )
        grudziadz = next((c for c in self.commissioners if c.municipality_id == GRUDZIADZ), self.commissioners[0])
        self.grudziadz = grudziadz
        Membership.objects.create(user=self.commissioner_user, organisation=grudziadz, role="coordinator")
        services = list(ServiceType.objects.filter(current_version__isnull=False).select_related("current_version"))
        today = timezone.localdate()
        start = first_of_month(today, MONTHS)
        end = add_months(start, MONTHS) - timedelta(days=1)
        deadline = timezone.now() - timedelta(days=1200)
        orders, offers, rows = [], [], []
        # Grudziądz's OPS commissions 70 contracts (a large city's share); the rest spread over the others.
        others = [c for c in self.commissioners if c.pk != grudziadz.pk]
        for number in range(contracts):
            commissioner = grudziadz if number < max(1, contracts * 7 // 1000) else others[number % len(others)]
            service = services[number % len(services)]
            planned = Decimal(rng.randrange(40, 400))
            orders.append(
                Order(
                    number=f"B/{stamp}/{number}",
                    title="bench",
                    commissioner=commissioner,
                    mode="direct",
                    service_type=service,
                    card_version=service.current_version,
                    expectations="—",
                    unit="hours",
                    volume=planned * MONTHS,
                    unit_price=Decimal(50),
                    max_value=planned * MONTHS * 50,
                    period_start=start,
                    period_end=end,
                    place=commissioner.municipality,
                    offer_deadline=deadline,
                    status="contracted",
                )
            )
            rows.append((commissioner, service, planned, self.providers[number % len(self.providers)]))
        Order.objects.bulk_create(orders, batch_size=2000)
        for order, (_commissioner, _service, planned, provider) in zip(orders, rows, strict=True):
            offers.append(
                Offer(
                    order=order,
                    bidder=provider,
                    unit_price=Decimal(50),
                    total_price=planned * MONTHS * 50,
                    description="—",
                    submitted_at=deadline,
                    status="awarded",
                )
            )
        Offer.objects.bulk_create(offers, batch_size=2000)
        contract_rows = [
            Contract(
                number=f"U/{stamp}/{number}",
                order=order,
                offer=offer,
                provider=provider,
                commissioner=commissioner,
                service_type=service,
                card_version=service.current_version,
                municipality=commissioner.municipality,
                unit="hours",
                unit_price=Decimal(50),
                start_date=start,
                end_date=end,
                value=planned * MONTHS * 50,
                status="active",
                signed_on=start,
            )
            for number, (order, offer, (commissioner, service, planned, provider)) in enumerate(
                zip(orders, offers, rows, strict=True)
            )
        ]
        self.contracts = Contract.objects.bulk_create(contract_rows, batch_size=2000)
        months = [(add_months(start, m), add_months(start, m + 1) - timedelta(days=1)) for m in range(MONTHS)]
        period_rows = (
            (contract.pk, first, last, planned, planned * 50, None)
            for contract, (_c, _s, planned, _p) in zip(self.contracts, rows, strict=True)
            for first, last in months
        )
        from django.db import transaction

        with transaction.atomic():
            bulk.insert_rows(
                ContractPeriod,
                ("contract_id", "period_start", "period_end", "planned_units", "planned_value", "planned_people"),
                period_rows,
            )
        self.months = months
        self.orders, self.offers = orders, offers


def delivery_csv(rng: random.Random, world: World, provider) -> tuple[bytes, int]:
    lines = ["umowa;okres od;jednostki zrealizowane;osoby objęte usługą;kadra;skargi;satysfakcja;uwagi"]
    for contract in world.contracts:
        if contract.provider_id != provider.pk:
            continue
        key = str(contract.public_id)
        for first, _last in world.months:
            units = rng.randrange(20, 420)
            lines.append(
                f"{key};{first.isoformat()};{units};{rng.randrange(1, 40)};{rng.randrange(1, 9)};"
                f"{rng.randrange(0, 3)};{rng.randrange(30, 51) / 10:.1f};"
            )
    return ("\r\n".join(lines) + "\r\n").encode(), len(lines) - 1


def reference_rows(content: bytes, provider, actor_id: int) -> list[tuple]:
    """The rows the import writes for ``content``, built as it builds them (for the reference's COPY)."""
    import csv
    import io

    from django.utils import timezone

    from kooperacja.commissioning.models import ContractPeriod
    from kooperacja.core import bulk

    periods = {
        (public_id.hex, start): (contract_id, pk, end, planned, commissioner_id)
        for public_id, contract_id, pk, start, end, planned, commissioner_id in ContractPeriod.objects.filter(
            contract__provider=provider
        ).values_list(
            "contract__public_id",
            "contract_id",
            "pk",
            "period_start",
            "period_end",
            "planned_units",
            "contract__commissioner_id",
        )
    }
    now = bulk.db_datetime(timezone.now())
    records = list(csv.reader(io.StringIO(content.decode()), delimiter=";"))[1:]
    ids = bulk.new_public_ids(len(records))
    rows = []
    for public_id, record in zip(ids, records, strict=True):
        contract_id, period_id, end, planned, commissioner_id = periods[
            (record[0].replace("-", ""), date.fromisoformat(record[1]))
        ]
        rows.append(
            (
                public_id,
                contract_id,
                period_id,
                provider.pk,
                commissioner_id,
                date.fromisoformat(record[1]),
                end,
                planned,
                1,
                True,
                "submitted",
                Decimal(record[2]),
                int(record[3]),
                int(record[4]),
                int(record[5]),
                Decimal(record[6]),
                "",
                "",
                None,
                actor_id,
                now,
                1,
                now,
                now,
            )
        )
    return rows


def reference_time(rows: list[tuple], provider, vendor: str) -> float:
    from django.db import connection, transaction

    from kooperacja.core import bulk
    from kooperacja.delivery.imports import WRITTEN
    from kooperacja.delivery.models import DeliveryReport

    if vendor != "postgresql":
        rows = [tuple(str(v) if isinstance(v, Decimal) else v for v in row) for row in rows]
    started = time.perf_counter()
    with transaction.atomic():
        bulk.insert_rows(DeliveryReport, WRITTEN, rows)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM delivery_deliveryreport WHERE provider_id = %s", [provider.pk])
    vacuum(vendor)
    return elapsed


def vacuum(vendor: str) -> None:
    if vendor != "postgresql":
        return
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE delivery_deliveryreport")
        cursor.execute("VACUUM ANALYZE delivery_contractdelivery")


def run_import(content: bytes, provider, user) -> tuple[float, int]:
    from kooperacja.delivery import import_jobs

    started = time.perf_counter()
    job = import_jobs.import_create(
        actor=user, provider=provider, file_name="realizacja.csv", content=content, language="pl"
    )  # TASKS_IMMEDIATE: the worker's run happens on commit, here
    seconds = time.perf_counter() - started
    job.refresh_from_db()
    if job.status != "done":
        raise SystemExit(f"the import ended {job.status}: {job.errors[:5]}")
    return seconds, job.rows_done


def timed_requests(client, url: str, count: int) -> tuple[float, float, int]:
    client.get(url)  # warm: the session, the memberships, the templates
    times = []
    status = 0
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return statistics.median(times), p95, status


def cleanup(world: World) -> None:
    from django.db import connection, transaction

    provider_ids = [p.pk for p in world.providers]
    commissioner_ids = [c.pk for c in world.commissioners]
    order_ids = [o.pk for o in world.orders]

    def many(statement: str, ids: list[int]) -> None:
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            cursor.execute(statement.format(", ".join(["%s"] * len(chunk))), chunk)

    with transaction.atomic(), connection.cursor() as cursor:
        many("DELETE FROM delivery_deliveryreport WHERE provider_id IN ({})", provider_ids)
        many("DELETE FROM delivery_contractdelivery WHERE provider_id IN ({})", provider_ids)
        many("DELETE FROM delivery_reportimport WHERE provider_id IN ({})", provider_ids)
        many(
            "DELETE FROM commissioning_contractperiod WHERE contract_id IN "
            "(SELECT id FROM commissioning_contract WHERE provider_id IN ({}))",
            provider_ids,
        )
        many("DELETE FROM commissioning_contract WHERE provider_id IN ({})", provider_ids)
        many("UPDATE commissioning_order SET awarded_offer_id = NULL WHERE id IN ({})", order_ids)
        many("DELETE FROM commissioning_offer WHERE order_id IN ({})", order_ids)
        many("DELETE FROM commissioning_order WHERE id IN ({})", order_ids)
        many("DELETE FROM accounts_membership WHERE organisation_id IN ({})", provider_ids + commissioner_ids)
        many("DELETE FROM notifications_notification WHERE recipient_id IN ({})", [world.uploader.pk])
        many("DELETE FROM registry_organisation WHERE id IN ({})", provider_ids + commissioner_ids)
        many(
            "DELETE FROM auth_user WHERE id IN ({})",
            [world.admin.pk, world.uploader.pk, world.commissioner_user.pk],
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="share of the 10,000 contracts")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--requests", type=int, default=50, help="requests per page timed")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    vendor = setup_django()
    from django.test import Client

    rng = random.Random(args.seed)
    stamp = f"{int(time.time())}"
    contracts = max(PROVIDERS, int(CONTRACTS * args.scale))
    print(f"{vendor}, {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    started = time.perf_counter()
    world = World(rng, contracts, PROVIDERS, stamp)
    print(f"{contracts:,} contracts × {MONTHS} periods built in {time.perf_counter() - started:.1f} s", flush=True)
    try:
        total_rows = total_import = total_reference = 0.0
        for provider in world.providers:
            content, rows = delivery_csv(rng, world, provider)
            reference = reference_time(reference_rows(content, provider, world.uploader.pk), provider, vendor)
            seconds, written = run_import(content, provider, world.uploader)
            assert written == rows
            vacuum(vendor)
            total_rows += rows
            total_import += seconds
            total_reference += reference
            print(
                f"  provider file: {rows:>7,} rows ({len(content) / 1e6:.1f} MB) | import {seconds:6.2f} s = "
                f"{rows / seconds:>8,.0f} rows/s | reference {reference:5.2f} s = {rows / reference:>8,.0f} rows/s",
                flush=True,
            )
        bulk_path = "COPY" if vendor == "postgresql" else "executemany"
        print(
            f"import: {total_rows:,.0f} rows in {total_import:.1f} s = {total_rows / total_import:,.0f} rows/s | "
            f"{bulk_path} of the same rows {total_reference:.1f} s = {total_rows / total_reference:,.0f} rows/s | "
            f"ratio {total_reference / total_import:.2f} (target ≥ 0.5)",
            flush=True,
        )
        pages = []
        commissioner = Client()
        commissioner.force_login(world.commissioner_user)
        admin = Client()
        admin.force_login(world.admin)
        code = world.grudziadz.municipality_id
        for label, client, url in (
            ("monitoring page, commissioner (OPS Grudziądz)", commissioner, "/delivery/"),
            ("monitoring page, commissioner, sorted by shortfall", commissioner, "/delivery/?sort=shortfall"),
            ("monitoring page, administrator (all contracts)", admin, "/delivery/"),
            ("monitoring page, administrator, page 40", admin, "/delivery/?page=40"),
            ("per municipality, administrator", admin, "/delivery/municipalities/"),
            ("municipality report PDF (Grudziądz)", commissioner, f"/delivery/municipalities/report.pdf?unit={code}"),
            ("municipality report XLSX (Grudziądz)", commissioner, f"/delivery/municipalities/report.xlsx?unit={code}"),
        ):
            count = args.requests if "report" not in label else max(5, args.requests // 5)
            p50, p95, status = timed_requests(client, url, count)
            pages.append((label, p50, p95, status, count))
            print(f"  {label:<55} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ({count} requests, HTTP {status})", flush=True)
    finally:
        if not args.keep:
            cleanup(world)


if __name__ == "__main__":
    main()
