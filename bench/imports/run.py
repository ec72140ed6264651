"""Imports against the database's own speed: the product's import of participants, attendance and staffing
needs, end to end, next to COPY (PostgreSQL) or executemany (SQLite) of the very rows it writes, same run.

Builds CSV files for organisations it creates (a CIS and a social cooperative): 50,000 participants, 20 working
days of attendance for each (1,000,000 rows) and 30,000 needs. For each file, in this order:

1. the reference: the rows the import will write (persons, participations and their "enrolled" events;
   attendance; needs and their qualifications), prepared beforehand, then written into the same tables in one
   transaction and committed, as the import commits (and deleted again, untimed). Timed are the writes and the
   commit: COPY from the client's rows (``write_row``) and COPY of text formatted beforehand, the faster of the
   two counted; on SQLite, ``executemany`` of one INSERT, the faster of two runs.
2. the product: ``import_job_create`` (the upload, encrypted) and ``import_job_process`` (the worker: read,
   check, write, finish), as the background task runs them.

Prints rows per second of each and their ratio, and the cost of the PESEL encryption and blind index alone.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kooperacja_bench .venv/bin/python bench/imports/run.py
    .venv/bin/python bench/imports/run.py                       # a temporary SQLite file
    .venv/bin/python bench/imports/run.py --scale 0.1           # a tenth of the rows

The organisations and rows it creates are deleted at the end (``--keep`` keeps them).
"""

import argparse
import atexit
import io
import os
import platform
import random
import resource
import shutil
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

PARTICIPANTS = 50_000
DAYS = 20  # working days: four weeks
NEEDS = 30_000
BENCH_PREFIX = "[bench-imports] "
FIRST_NAMES = ["Anna", "Maria", "Jan", "Piotr", "Ewa", "Tomasz", "Agnieszka", "Marek", "Zofia", "Łukasz"]
LAST_NAMES = ["Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski", "Zielińska", "Szymański"]
# A day of a CIS participant: hours present (at most 8, so a week stays within 40 h) or a kind of absence.
DAY_CELLS = [";8", ";8", ";7,5", ";7", ";6,5", ";6", "chorobowe;", "nu;", "obecny;8"]


def setup_django(*, prepare: bool = True) -> str:
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
    from kooperacja.law.models import StatutoryParameter
    from kooperacja.territory.models import Unit

    if prepare:
        call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        call_command("load_territory", verbosity=0)
    if not ServiceCardVersion.objects.exists():
        call_command("load_catalogue", verbosity=0)
    if not StatutoryParameter.objects.exists():
        call_command("load_statutory_parameters", verbosity=0)
    from django.db import connection

    return connection.vendor


# --- the files ---------------------------------------------------------------------------------------


def build_world(rng: random.Random, stamp: str):
    """A CIS, a social cooperative, and a staff member of each (as the product requires of an uploader)."""
    from django.contrib.auth import get_user_model

    from kooperacja.accounts.models import Membership
    from kooperacja.core.text import fold, polish_sort_key
    from kooperacja.registry.models import Organisation
    from kooperacja.territory.models import Level, Unit

    municipality = (
        Unit.objects.filter(level=Level.MUNICIPALITY, code="0462011").first()
        or Unit.objects.filter(level=Level.MUNICIPALITY).first()
    )

    def organisation(name: str, kind: str) -> Organisation:
        full = f"{BENCH_PREFIX}{name} {stamp}"
        return Organisation.objects.create(
            name=full, kind=kind, municipality=municipality, sort_name=polish_sort_key(full), search_text=fold(full)
        )

    cis = organisation("CIS", "cis")
    reference = organisation("CIS (reference)", "cis")
    cooperative = organisation("Spółdzielnia", "social_cooperative")
    user = get_user_model().objects.create(username=f"bench-imports-{stamp}")
    Membership.objects.create(user=user, organisation=cis, role="pzs_staff")
    Membership.objects.create(user=user, organisation=cooperative, role="pes_manager")
    return user, cis, reference, cooperative


def pesel_for(number: int) -> str:
    from kooperacja.demo.builders import pesel_for as valid_pesel

    birth = date(1950, 1, 1) + timedelta(days=number % 20_000)
    return valid_pesel(birth, number // 20_000, False)


def participants_csv(rng: random.Random, count: int, municipalities: list[str]) -> tuple[bytes, list[tuple]]:
    from kooperacja.training.imports import COLUMNS

    columns = COLUMNS["participants"]
    lines = [";".join(columns)]
    people = []
    for number in range(count):
        pesel = pesel_for(number)
        start = date(2025, 1, 6) + timedelta(days=rng.randrange(300))
        values = {
            "pesel": pesel,
            "first_name": rng.choice(FIRST_NAMES),
            "last_name": rng.choice(LAST_NAMES),
            "home_municipality": rng.choice(municipalities),
            "eligibility": rng.choice(["homeless", "long_term_unemployed", "disabled", "mental", "homeless,alcohol"]),
            "exclusions": "none",
            "referral_date": (start - timedelta(days=14)).isoformat(),
            "plan_reference": f"IPZS/{number}/2025",
            "plan_signed_on": (start - timedelta(days=3)).isoformat(),
            "start_date": start.isoformat(),
            # within the base period (12 months after the trial month) unless an extension is decided
            "planned_end_date": (start + timedelta(days=rng.randrange(180, 390))).isoformat(),
            "phone": f"5{rng.randrange(10**8):08d}" if rng.random() < 0.5 else "",
            "email": f"osoba{number}@example.org" if rng.random() < 0.3 else "",
            "commute_limit_km": str(rng.randrange(5, 60)),
            "working_time": rng.choice(["full_time", "part_time", "flexible"]),
            "consent_to_share": rng.choice(["tak", "nie"]),
        }
        lines.append(";".join(values.get(column, "") for column in columns))
        people.append((pesel, start))
    return ("\r\n".join(lines) + "\r\n").encode(), people


def attendance_csv(rng: random.Random, people: list[tuple], days: int) -> bytes:
    """``days`` working days of each person from the first Monday of the stay (kind and hours as staff type them)."""
    out = io.StringIO()
    out.write("pesel;day;kind;hours\r\n")
    for number in range(days):
        weeks, weekday = divmod(number, 5)
        for pesel, start in people:
            monday = start + timedelta(days=(7 - start.weekday()) % 7)
            day = monday + timedelta(weeks=weeks, days=weekday)
            out.write(f"{pesel};{day.isoformat()};{rng.choice(DAY_CELLS)}\r\n")
    return out.getvalue().encode()


def needs_csv(rng: random.Random, count: int, municipalities: list[str]) -> bytes:
    from django.utils import timezone

    from kooperacja.catalogue.selectors import current_cards_by_service_code

    cards = [(code, sorted(known)) for code, (_card, known) in current_cards_by_service_code().items()]
    today = timezone.localdate()
    lines = [
        "service;position;headcount;required_qualifications;working_time;hours_per_week;start_date;"
        "end_date;municipality;pay_min;pay_max;conditions"
    ]
    for number in range(count):
        code, qualifications = rng.choice(cards)
        chosen = rng.sample(qualifications, k=min(len(qualifications), rng.randrange(0, 3)))
        start = today + timedelta(days=rng.randrange(14, 200))
        pay = rng.randrange(4300, 7000)
        lines.append(
            ";".join(
                [
                    code,
                    f"Stanowisko {number % 97}",
                    str(rng.randrange(1, 6)),
                    "|".join(chosen),
                    rng.choice(["full_time", "part_time", "flexible"]),
                    str(rng.randrange(10, 41)),
                    start.isoformat(),
                    (start + timedelta(days=rng.randrange(30, 365))).isoformat(),
                    rng.choice(municipalities),
                    str(pay),
                    str(pay + rng.randrange(0, 1500)),
                    "Umowa o pracę" if rng.random() < 0.5 else "",
                ]
            )
        )
    return ("\r\n".join(lines) + "\r\n").encode()


# --- the reference: the same rows written by the database's own bulk path -------------------------------


class Reference:
    """Writes prepared rows into a table by COPY (PostgreSQL) or executemany (SQLite) in one transaction and
    commits it, as the import does; the rows are deleted again afterwards. Timed are the writes and the commit."""

    def __init__(self):
        from django.db import connection

        self.connection = connection
        self.postgresql = connection.vendor == "postgresql"

    def time(self, tables: list[tuple], delete) -> float:
        """``tables``: (model, columns, rows) in the order to write them; ``delete`` removes them again. The
        faster of COPY from rows and COPY of text formatted beforehand (PostgreSQL), or the faster of two runs
        of executemany (SQLite)."""
        runs = [self._run(tables, delete, text=False), self._run(tables, delete, text=self.postgresql)]
        return min(runs)

    def _run(self, tables: list[tuple], delete, *, text: bool) -> float:
        from django.db import transaction

        payloads = [(model, columns, self._text(rows) if text else rows) for model, columns, rows in tables]
        started = time.perf_counter()
        with transaction.atomic():
            for model, columns, payload in payloads:
                self._write(model, columns, payload, text=text)
        elapsed = time.perf_counter() - started
        with transaction.atomic():
            delete()
        vacuum(self.connection.vendor)
        return elapsed

    def _text(self, rows) -> bytes:
        def cell(value) -> str:
            if value is None:
                return "\\N"
            if isinstance(value, bool):
                return "t" if value else "f"
            return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

        return "".join("\t".join(map(cell, row)) + "\n" for row in rows).encode()

    def _write(self, model, columns, payload, *, text: bool) -> None:
        table = model._meta.db_table
        names = ", ".join(columns)
        with self.connection.cursor() as cursor:
            if self.postgresql:
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    if text:
                        for start in range(0, len(payload), 1 << 20):
                            copy.write(payload[start : start + (1 << 20)])
                    else:
                        for row in payload:
                            copy.write_row(row)
            else:
                statement = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
                for start in range(0, len(payload), 5_000):
                    cursor.executemany(statement, payload[start : start + 5_000])


def participant_rows(content: bytes, organisation, actor_id) -> list[tuple]:
    """The rows an import of ``content`` writes, built as the import builds them (ids from the tables'
    sequences; the PESEL encrypted, its blind index), for ``organisation``."""
    import csv

    from django.utils import timezone

    from kooperacja.core import bulk
    from kooperacja.core.crypto import blind_index, encrypt
    from kooperacja.training.models import Participation, ParticipationCategory, ParticipationEvent, Person
    from kooperacja.training.services.import_participants import (
        CATEGORY_COLUMNS,
        EVENT_COLUMNS,
        PARTICIPATION_COLUMNS,
        PERSON_COLUMNS,
    )

    reader = csv.DictReader(io.StringIO(content.decode()), delimiter=";")
    records = list(reader)
    now = bulk.db_datetime(timezone.now())
    person_ids = bulk.allocate_ids(Person, len(records))
    participation_ids = bulk.allocate_ids(Participation, len(records))
    persons, participations, events = [], [], []
    categories: list[tuple] = []
    for person_id, participation_id, record, uuids in zip(
        person_ids,
        participation_ids,
        records,
        zip(bulk.new_public_ids(len(records)), bulk.new_public_ids(len(records)), strict=True),
        strict=True,
    ):
        pesel = record["pesel"]
        start = date.fromisoformat(record["start_date"])
        persons.append(
            (
                person_id,
                uuids[0],
                organisation.pk,
                record["first_name"],
                record["last_name"],
                encrypt(pesel),
                blind_index(pesel),
                date(1980, 1, 1),
                record["home_municipality"],
                record["phone"],
                record["email"],
                1,
                now,
            )
        )
        consent = record["consent_to_share"] == "tak"
        participations.append(
            (
                participation_id,
                uuids[1],
                person_id,
                organisation.pk,
                "cis",
                "",
                actor_id,
                now,
                None,
                date.fromisoformat(record["referral_date"]),
                record["plan_reference"],
                date.fromisoformat(record["plan_signed_on"]),
                start,
                start + timedelta(days=30),
                start,
                date.fromisoformat(record["planned_end_date"]),
                None,
                "",
                "referred",
                None,
                None,
                int(record["commute_limit_km"]),
                None,
                record["working_time"],
                consent,
                now if consent else None,
                1,
                now,
                now,
            )
        )
        events.append((participation_id, "", "referred", actor_id, "Zapisano", now))
        categories.extend((participation_id, code) for code in record["eligibility"].split(","))
    return [
        (Person, PERSON_COLUMNS, persons),
        (Participation, PARTICIPATION_COLUMNS, participations),
        (ParticipationEvent, EVENT_COLUMNS, events),
        (ParticipationCategory, CATEGORY_COLUMNS, categories),
    ]


def attendance_rows(content: bytes, organisation, actor_id) -> list[tuple]:
    from kooperacja.core.crypto import blind_index
    from kooperacja.training.models import Attendance, Participation
    from kooperacja.training.services.import_attendance import ATTENDANCE_COLUMNS

    participation_of = dict(
        Participation.objects.filter(organisation=organisation).values_list("person__pesel_index", "id")
    )
    kinds = {"": "present", "obecny": "present", "chorobowe": "sick", "nu": "excused"}
    rows = []
    index_of: dict[str, int] = {}
    for line in content.decode().splitlines()[1:]:
        pesel, day, kind, hours = line.split(";")
        participation = index_of.get(pesel)
        if participation is None:
            participation = index_of[pesel] = participation_of[blind_index(pesel)]
        value = Decimal(hours.replace(",", ".")) if hours else Decimal("0")
        rows.append((participation, date.fromisoformat(day), kinds[kind], value, actor_id))
    return [(Attendance, ATTENDANCE_COLUMNS, rows)]


def need_rows(content: bytes, provider, actor_id) -> list[tuple]:
    import csv

    from django.utils import timezone

    from kooperacja.catalogue.selectors import current_cards_by_service_code
    from kooperacja.core import bulk
    from kooperacja.staffing.models import StaffingNeed
    from kooperacja.staffing.services.needs_import import NEED_COLUMNS

    cards = current_cards_by_service_code()
    records = list(csv.DictReader(io.StringIO(content.decode()), delimiter=";"))
    now = bulk.db_datetime(timezone.now())
    ids = bulk.allocate_ids(StaffingNeed, len(records))
    needs, links = [], []
    for pk, public_id, record in zip(ids, bulk.new_public_ids(len(records)), records, strict=True):
        card, known = cards[record["service"]]
        needs.append(
            (
                pk,
                public_id,
                provider.pk,
                card.pk,
                record["position"],
                int(record["headcount"]),
                0,
                record["working_time"],
                int(record["hours_per_week"]),
                date.fromisoformat(record["start_date"]),
                date.fromisoformat(record["end_date"]),
                record["municipality"],
                Decimal(record["pay_min"]),
                Decimal(record["pay_max"]),
                record["conditions"],
                "draft",
                record["position"].lower(),
                1,
                actor_id,
                now,
                now,
            )
        )
        links.extend((pk, known[code]) for code in record["required_qualifications"].split("|") if code)
    through = StaffingNeed.required_qualifications.through
    return [(StaffingNeed, NEED_COLUMNS, needs), (through, ("staffingneed_id", "qualification_id"), links)]


# --- the product ---------------------------------------------------------------------------------------


class Phases:
    """Seconds spent in each part of the imports (wrapping the importers' methods): reading and checking
    batches, checking the whole file, writing; the rest is reading the file, the job's own statements and
    the commit."""

    def __init__(self):
        from kooperacja.training.services import import_jobs

        self.seconds: dict[str, float] = {}
        for cls in set(import_jobs.IMPORTERS.values()):
            for name in ("check", "check_file", "write"):
                setattr(cls, name, self._timed(name, getattr(cls, name)))

    def _timed(self, name: str, method):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

        return timed

    def take(self) -> dict[str, float]:
        taken, self.seconds = self.seconds, {}
        return taken


def run_import(kind: str, content: bytes, organisation, user) -> tuple[float, dict, float]:
    """The import in a process of its own (the worker's, as ``db_worker`` runs it), so that its peak memory is
    its own: seconds, the seconds of its phases, and the process's peak resident memory (MB) — Django and the
    file's bytes included."""
    import json
    import subprocess

    with tempfile.NamedTemporaryFile(suffix=".csv") as upload:
        upload.write(content)
        upload.flush()
        command = [sys.executable, __file__, "--child", kind, upload.name, str(organisation.pk), str(user.pk)]
        finished = subprocess.run(command, check=True, capture_output=True, text=True)
    result = json.loads(finished.stdout.strip().splitlines()[-1])
    return result["seconds"], result["phases"], result["peak_mb"]


def child(kind: str, path: str, organisation_id: int, user_id: int) -> None:
    import json

    from django.contrib.auth import get_user_model

    from kooperacja.registry.models import Organisation
    from kooperacja.training import services

    organisation = Organisation.objects.get(pk=organisation_id)
    user = get_user_model().objects.get(pk=user_id)
    content = Path(path).read_bytes()
    phases = Phases()
    started = time.perf_counter()
    # The task runs as soon as the job is created (TASKS_IMMEDIATE): this is the upload and the worker's run.
    job = services.import_job_create(
        actor=user, kind=kind, organisation=organisation, file_name=f"{kind}.csv", content=content, language="pl"
    )
    seconds = time.perf_counter() - started
    job.refresh_from_db()
    if job.status != "done":
        raise SystemExit(f"the {kind} import ended {job.status}: {job.errors[:5]}")
    print(json.dumps({"seconds": seconds, "phases": phases.take(), "peak_mb": peak_hwm_mb(), "rows": job.rows_done}))


def peak_hwm_mb() -> float:
    """This process's peak resident memory since it started (VmHWM; getrusage's maximum would carry over the
    parent's, which Linux keeps across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return peak_rss_mb()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def crypto_cost(count: int) -> float:
    from kooperacja.core.crypto import blind_index, encrypt

    pesels = [pesel_for(number) for number in range(count)]
    started = time.perf_counter()
    for pesel in pesels:
        encrypt(pesel)
        blind_index(pesel)
    return time.perf_counter() - started


def delete_rows(organisation, kind: str = "") -> None:
    """The rows of ``kind`` (all kinds when not given) the benchmark wrote for ``organisation``, deleted in SQL
    (a queryset's delete() would load every row to send signals and write a change-log entry for each)."""
    from django.db import connection

    statements = []
    if kind in ("", "attendance"):
        statements.append(
            "DELETE FROM training_attendance WHERE participation_id IN "
            "(SELECT id FROM training_participation WHERE organisation_id = %s)"
        )
    if kind in ("", "needs"):
        statements += [
            "DELETE FROM staffing_staffingneed_required_qualifications WHERE staffingneed_id IN "
            "(SELECT id FROM staffing_staffingneed WHERE provider_id = %s)",
            "DELETE FROM staffing_staffingneed WHERE provider_id = %s",
        ]
    if kind in ("", "participants"):
        statements += [
            "DELETE FROM training_participationevent WHERE participation_id IN "
            "(SELECT id FROM training_participation WHERE organisation_id = %s)",
            "DELETE FROM training_participation WHERE organisation_id = %s",
            "DELETE FROM training_person WHERE organisation_id = %s",
        ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, [organisation.pk])


def cleanup(organisations, user) -> None:
    """Delete what the benchmark created, in SQL (see :func:`delete_rows`)."""
    from django.db import connection, transaction

    with transaction.atomic():
        for organisation in organisations:
            delete_rows(organisation)
        ids = [organisation.pk for organisation in organisations]
        with connection.cursor() as cursor:
            for table in ("training_importjob", "accounts_membership"):
                cursor.execute(f"DELETE FROM {table} WHERE organisation_id IN ({', '.join(['%s'] * len(ids))})", ids)
            cursor.execute(f"DELETE FROM registry_organisation WHERE id IN ({', '.join(['%s'] * len(ids))})", ids)
            cursor.execute("DELETE FROM auth_user WHERE id = %s", [user.pk])


def vacuum(vendor: str) -> None:
    """Rows written and deleted again leave dead tuples on PostgreSQL; clear them so that the next run
    writes into the tables as a fresh one would."""
    if vendor != "postgresql":
        return
    from django.db import connection

    with connection.cursor() as cursor:
        for table in (
            "training_attendance",
            "training_participationevent",
            "training_participation",
            "training_person",
            "staffing_staffingneed_required_qualifications",
            "staffing_staffingneed",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="share of the default numbers of rows")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the organisations and rows created")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each import and of its reference (best)")
    parser.add_argument("--child", nargs=4, metavar=("KIND", "FILE", "ORGANISATION", "USER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    vendor = setup_django(prepare=not args.child)
    if args.child:
        kind, path, organisation_id, user_id = args.child
        child(kind, path, int(organisation_id), int(user_id))
        return
    from kooperacja.territory.models import Level, Unit

    rng = random.Random(args.seed)
    stamp = f"{int(time.time())}"
    user, cis, reference_cis, cooperative = build_world(rng, stamp)
    municipalities = list(Unit.objects.filter(level=Level.MUNICIPALITY).values_list("code", flat=True))
    count = max(1, int(PARTICIPANTS * args.scale))
    participants, people = participants_csv(rng, count, municipalities)
    attendance = attendance_csv(rng, people, DAYS)
    needs = needs_csv(rng, max(1, int(NEEDS * args.scale)), municipalities)
    del people
    reference = Reference()
    print(f"{vendor}, {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(
        f"files: participants {len(participants) / 1e6:.1f} MB, attendance {len(attendance) / 1e6:.1f} MB, "
        f"needs {len(needs) / 1e6:.1f} MB"
    )
    results = []
    try:
        for kind, content, organisation, rows_of, target in (
            ("participants", participants, cis, participant_rows, reference_cis),
            ("attendance", attendance, cis, attendance_rows, cis),
            ("needs", needs, cooperative, need_rows, cooperative),
        ):
            from django.db import transaction

            with transaction.atomic():
                tables = rows_of(content, target, user.pk)
                transaction.set_rollback(True)  # the ids taken stay taken; nothing else is kept
            rows = len(tables[0][2])
            reference_runs, product_runs = [], []
            for repetition in range(args.repeat):
                reference_runs.append(
                    reference.time(tables, lambda kind=kind, target=target: delete_rows(target, kind))
                )
                seconds, parts, peak_mb = run_import(kind, content, organisation, user)
                product_runs.append((seconds, parts, peak_mb))
                if repetition < args.repeat - 1:
                    delete_rows(organisation, kind)
                    vacuum(vendor)
            del tables
            reference_s = min(reference_runs)
            product_s, parts, peak_mb = min(product_runs, key=lambda run: run[0])
            results.append((kind, rows, product_s, reference_s))
            detail = ", ".join(f"{name} {value:.2f}" for name, value in parts.items())
            print(
                f"{kind:>12}: {rows:>9,} rows | import {product_s:7.2f} s = {rows / product_s:>9,.0f} rows/s "
                f"({detail}) | {'COPY' if vendor == 'postgresql' else 'executemany'} {reference_s:6.2f} s = "
                f"{rows / reference_s:>9,.0f} rows/s | ratio {reference_s / product_s:.2f} | "
                f"worker's peak RSS {peak_mb:,.0f} MB",
                flush=True,
            )
        crypto_s = crypto_cost(count)
        print(
            f"PESEL encryption + blind index alone: {count:,} in {crypto_s:.2f} s "
            f"({crypto_s / count * 1e6:.1f} µs a person)"
        )
    finally:
        if not args.keep:
            cleanup([cis, reference_cis, cooperative], user)


if __name__ == "__main__":
    main()
