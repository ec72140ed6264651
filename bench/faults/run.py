"""Faults under load: kill -9 a gunicorn worker, kill -9 the background worker in the middle of an import and of a
matching run, and restart PostgreSQL, while writers and readers drive the service; then check that nothing
answered with success was lost, that the interrupted jobs ended failed, restartable and not half-written, and
that the service recovered without a hand.

It never touches the shared PostgreSQL server: it makes its own throw-away cluster (initdb into a temporary
directory, pg_ctl on --port, as the postgres OS user), loads the territory, the catalogue and a generated country
(--scale), starts gunicorn (2 sync workers, DEBUG off, as in docs/deployment.md) and a db_worker, and stops and
removes everything at the end. Run as root (it uses runuser) or as the postgres user:

    .venv/bin/python bench/faults/run.py [--scale 0.03] [--port 55432]      # or: make bench-faults

The exit status is 1 when a check fails.
"""

import argparse
import csv
import io
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PY = sys.executable


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the throw-away PostgreSQL cluster ------------------------------------------------------------------------


class Cluster:
    def __init__(self, port: int):
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="kooperacja-faults-pg-"))
        self.data = self.dir / "data"
        shutil.chown(self.dir, "postgres", "postgres")

    def _as_postgres(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        prefix = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]
        return subprocess.run([*prefix, *command], check=check, capture_output=True, text=True)  # noqa: S603

    def start(self) -> None:
        self._as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50"
        log = self.dir / "log"
        started = self._as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(log), "-w", "start", check=False
        )
        if started.returncode != 0:
            raise SystemExit(f"PostgreSQL did not start on port {self.port}:\n{log.read_text()[-2000:]}")
        self._as_postgres(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "kooperacja")

    def restart(self) -> None:
        # With its log file, so that the new server does not hold our output pipe open.
        self._as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-m", "fast", "-w", "restart"
        )

    def stop(self) -> None:
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


# --- load ------------------------------------------------------------------------------------------------------


@dataclass
class Load:
    base: str
    write_token: str
    read_token: str
    need_payload: dict
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    created: list[str] = field(default_factory=list)  # public ids answered with 201
    # (time the request was sent, kind, status; 0 = no answer)
    answers: list[tuple[float, str, int]] = field(default_factory=list)

    def _call(self, method: str, path: str, token: str, body: dict | None = None) -> tuple[int, dict | None]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, None
        except OSError:
            return 0, None

    def writer(self, number: int) -> None:
        sequence = 0
        while not self.stop.is_set():
            sequence += 1
            payload = {**self.need_payload, "position": f"Fault bench writer {number} need {sequence}"}
            sent = time.monotonic()
            status, body = self._call("POST", "/api/v1/staffing/needs", self.write_token, payload)
            with self.lock:
                self.answers.append((sent, "write", status))
                if status == 201 and body:
                    self.created.append(body["public_id"])

    def reader(self, number: int) -> None:
        paths = ["/api/v1/staffing/needs?limit=20", "/api/v1/organisations?limit=20", "/healthz"]
        turn = number
        while not self.stop.is_set():
            turn += 1
            sent = time.monotonic()
            status, _ = self._call("GET", paths[turn % len(paths)], self.read_token)
            with self.lock:
                self.answers.append((sent, "read", status))

    def start(self, writers: int, readers: int) -> list[threading.Thread]:
        threads = [threading.Thread(target=self.writer, args=(n,), daemon=True) for n in range(writers)]
        threads += [threading.Thread(target=self.reader, args=(n,), daemon=True) for n in range(readers)]
        for thread in threads:
            thread.start()
        return threads

    def window(self, since: float, until: float | None = None) -> dict[str, int]:
        with self.lock:
            rows = [a for a in self.answers if a[0] >= since and (until is None or a[0] < until)]
        ok = sum(1 for _t, _k, status in rows if 200 <= status < 300)
        return {"requests": len(rows), "ok": ok, "failed": len(rows) - ok}

    def first_ok_after(self, since: float) -> float | None:
        with self.lock:
            times = [t for t, _k, status in self.answers if t >= since and 200 <= status < 300]
        return min(times) - since if times else None


# --- the product, in-process for setup and checks ----------------------------------------------------------------


def django_setup(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "kooperacja.settings"
    import django

    django.setup()


def manage(env: dict, *args: str, timeout: float | None = None) -> str:
    done = subprocess.run(  # noqa: S603
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=timeout
    )
    if done.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def start_process(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True
    )


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def wait_until(condition, timeout: float, step: float = 0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return None


def healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310
            return response.status == 200
    except OSError:
        return False


# --- the faults ----------------------------------------------------------------------------------------------------


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


class Bench:
    def __init__(self, args):
        self.args = args
        self.checks: list[Check] = []
        self.tmp = Path(tempfile.mkdtemp(prefix="kooperacja-faults-"))
        self.cluster = Cluster(args.port)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{args.port}/kooperacja",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "FIELD_ENCRYPTION_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_COOKIES": "0",
            "TASKS_IMMEDIATE": "0",
            "STATIC_ROOT": str(self.tmp / "static"),
            "KOOPERACJA_VAR_DIR": str(self.tmp),
            "PYTHONPATH": str(ROOT / "src"),
            "LOG_LEVEL": "WARNING",
        }
        self.server: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        self.checks.append(Check(name, bool(ok), detail))
        say(f"{'PASS' if ok else 'FAIL'}  {name}{' — ' + detail if detail else ''}")
        return bool(ok)

    # processes
    def start_server(self) -> None:
        command = [PY, "-m", "gunicorn", "kooperacja.wsgi:application", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", "2", "--worker-class", "sync", "--timeout", "60"]
        self.server = start_process(command, self.env, self.tmp / "gunicorn.log")
        if not wait_until(lambda: healthy(self.base), 60, 0.2):
            raise SystemExit("gunicorn did not answer /healthz; see " + str(self.tmp / "gunicorn.log"))

    def start_worker(self) -> None:
        self.worker = start_process([PY, "manage.py", "db_worker"], self.env, self.tmp / "worker.log")

    def kill_worker(self) -> None:
        assert self.worker is not None
        os.killpg(self.worker.pid, signal.SIGKILL)
        self.worker.wait()

    def prepare(self) -> None:
        say(f"PostgreSQL cluster of our own on port {self.args.port} in {self.cluster.dir}")
        self.cluster.start()
        for command in (["migrate", "--no-input"], ["load_territory"], ["load_catalogue"]):
            manage(self.env, *command)
        say(f"generate_country --scale {self.args.scale}")
        manage(self.env, "generate_country", "--scale", str(self.args.scale), "--seed", "7")
        manage(self.env, "collectstatic", "--no-input")
        django_setup(self.env)

    # in-process helpers (the product's own services and models)
    def tokens_and_payload(self):
        from django.contrib.auth.models import User
        from django.utils import timezone

        from kooperacja.accounts.models import Membership
        from kooperacja.accounts.services import api_token_create
        from kooperacja.catalogue.models import ServiceType

        provider_user = User.objects.get(username="kraj.dostawca")
        provider = Membership.objects.filter(user=provider_user).select_related("organisation").first().organisation
        _token, write = api_token_create(user=provider_user, name="fault bench")
        _token, read = api_token_create(user=User.objects.get(username="kraj.koordynator"), name="fault bench")
        code = ServiceType.objects.exclude(current_version=None).order_by("code").values_list("code", flat=True)[0]
        payload = {
            "provider": str(provider.public_id),
            "service_type": code,
            "headcount": 1,
            "working_time": "full_time",
            "start_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "municipality": provider.municipality_id,
        }
        return write, read, payload

    def sweep_later(self) -> dict:
        """The stale-job sweep (``manage.py fail_stale_jobs``) as it runs once the heartbeat rule's 5 minutes
        have passed: the clock is moved, not the rows."""
        from django.db import close_old_connections
        from django.utils import timezone

        from kooperacja.core.jobs import STALE_AFTER, jobs_fail_stale

        close_old_connections()
        failed = jobs_fail_stale(now=timezone.now() + STALE_AFTER + timedelta(minutes=1))
        return {model._meta.label: count for model, count in failed.items() if count}

    def participants_csv(self, rows: int, municipality: str) -> bytes:
        from kooperacja.demo.builders import pesel_for
        from kooperacja.training.imports import COLUMNS

        out = io.StringIO()
        table = csv.writer(out, delimiter=";", lineterminator="\n")
        table.writerow(COLUMNS["participants"])
        today = date.today()
        for n in range(rows):
            values = {
                "pesel": pesel_for(date(1951, 1, 1) + timedelta(days=n // 400), 4500 + n % 400, n % 2 == 0),
                "first_name": "Jan",
                "last_name": f"Awaryjny{n}",
                "home_municipality": municipality,
                "eligibility": "homeless",
                "exclusions": "none",
                "referral_date": (today - timedelta(days=40)).isoformat(),
                "plan_reference": f"IPZS/F/{n}",
                "plan_signed_on": (today - timedelta(days=35)).isoformat(),
                "start_date": (today - timedelta(days=30)).isoformat(),
                "planned_end_date": (today + timedelta(days=300)).isoformat(),
                "consent_to_share": "tak",
            }
            table.writerow([values.get(column, "") for column in COLUMNS["participants"]])
        return out.getvalue().encode()

    # phases
    def phase_gunicorn_worker(self, load: Load) -> None:
        assert self.server is not None
        before = children_of(self.server.pid)
        victim = min(before)
        say(f"kill -9 gunicorn worker {victim} (workers {sorted(before)})")
        killed_at = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        respawned = wait_until(
            lambda: len(children_of(self.server.pid) - {victim}) >= 2 and victim not in children_of(self.server.pid),
            30,
            0.05,
        )
        took = time.monotonic() - killed_at
        self.check("gunicorn respawns a killed worker", respawned, f"2 workers again after {took:.1f} s")
        time.sleep(3)
        after = load.window(killed_at + 1.0)
        self.check(
            "the service answers after a worker was killed",
            after["ok"] > 0 and after["failed"] == 0,
            f"{load.window(killed_at, killed_at + 1.0)['failed']} request(s) cut off in the first second; "
            f"then {after['ok']} ok, {after['failed']} failed",
        )

    def phase_import(self) -> None:
        from django.contrib.auth.models import User
        from django.db import close_old_connections

        from kooperacja.accounts.models import Membership
        from kooperacja.core.jobs import job_restart
        from kooperacja.registry.models import OrganisationKind
        from kooperacja.training.models import ImportJob, ImportStatus, Participation
        from kooperacja.training.services import import_job_create

        close_old_connections()
        staff = User.objects.get(username="kraj.kadra")
        cis = (
            Membership.objects.filter(user=staff, organisation__kind=OrganisationKind.CIS)
            .select_related("organisation")
            .first()
            .organisation
        )
        rows = self.args.import_rows
        content = self.participants_csv(rows, cis.municipality_id)
        held = Participation.objects.filter(organisation=cis).count()

        def upload():
            return import_job_create(
                actor=staff, kind="participants", organisation=cis, file_name="faults.csv", content=content
            )

        job = upload()
        running = wait_until(
            lambda: ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING, progress__gt=0).exists(), 300
        )
        job.refresh_from_db()
        say(f"import of {rows} participants running ({job.progress} %, stage {job.stage!r}): kill -9 the worker")
        self.kill_worker()
        job.refresh_from_db()
        if not self.check("an import was caught running", running, f"status {job.status} at {job.progress} %"):
            return
        written = Participation.objects.filter(organisation=cis).count() - held
        self.check("the killed import wrote nothing", written == 0, f"{written} participation(s) written")
        failed = self.sweep_later()
        job.refresh_from_db()
        self.check(
            "the stale sweep fails the interrupted import, restartable",
            job.status == ImportStatus.FAILED and job.status in job.restartable_states,
            f"status {job.status}; sweep: {failed}",
        )
        self.start_worker()
        again = job_restart(job, again=upload)
        done = wait_until(
            lambda: ImportJob.objects.filter(pk=again.pk, status__in=["done", "failed", "refused"]).exists(), 900, 0.5
        )
        again.refresh_from_db()
        written = Participation.objects.filter(organisation=cis).count() - held
        self.check(
            "the restarted import completes",
            done and again.status == ImportStatus.DONE and written == rows,
            f"status {again.status}, {again.rows_done}/{again.rows_total} rows, {written} participations written",
        )

    def phase_matching(self) -> None:
        from django.contrib.auth.models import User
        from django.db import close_old_connections

        from kooperacja.placement.models import MatchingRun, Proposal, RunStatus
        from kooperacja.placement.services import run_restart, run_start
        from kooperacja.territory.models import Unit

        close_old_connections()
        admin = User.objects.get(username="kraj.admin")
        territory = Unit.objects.get(code=self.args.territory)
        run = run_start(actor=admin, territory=territory)
        running = wait_until(
            lambda: MatchingRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING, progress__gte=10).exists(),
            300,
            0.005,
        )
        self.kill_worker()
        run.refresh_from_db()
        say(f"matching run of {territory.name} at {run.progress} % ({run.stage!r}) when the worker was killed")
        if not self.check(
            "a matching run was caught running",
            running and run.status == RunStatus.RUNNING,
            f"status {run.status} at {run.progress} %",
        ):
            return
        proposals = Proposal.objects.filter(run=run).count()
        self.check("the killed matching run stored nothing", proposals == 0, f"{proposals} proposal(s)")
        failed = self.sweep_later()
        run.refresh_from_db()
        self.check(
            "the stale sweep fails the interrupted run, restartable",
            run.status == RunStatus.FAILED and run.status in run.restartable_states,
            f"status {run.status}; sweep: {failed}",
        )
        self.start_worker()
        again = run_restart(actor=admin, run=run)
        done = wait_until(
            lambda: MatchingRun.objects.filter(pk=again.pk, status__in=["done", "failed"]).exists(), 900, 0.2
        )
        again.refresh_from_db()
        proposals = Proposal.objects.filter(run=again).count()
        self.check(
            "the restarted matching run completes",
            done and again.status == RunStatus.DONE,
            f"status {again.status}, {proposals} proposal(s)",
        )

    def phase_postgresql(self, load: Load) -> None:
        from django.db import connections

        say("restart PostgreSQL (pg_ctl restart -m fast) under load")
        started = time.monotonic()
        self.cluster.restart()
        back = time.monotonic()
        connections.close_all()  # this script's own connection died with the server
        say(f"PostgreSQL accepts connections again after {back - started:.1f} s")
        time.sleep(5.0)
        during = load.window(started - 0.5, back)
        after = load.window(back)
        first = load.first_ok_after(back)
        self.check(
            "every request sent after PostgreSQL is back succeeds",
            after["ok"] > 0 and after["failed"] == 0,
            f"{during['failed']} of {during['requests']} request(s) sent while it restarted failed; "
            f"afterwards {after['ok']} ok, {after['failed']} failed; first success "
            f"{'never' if first is None else f'{first:.2f} s'} after it was back",
        )
        alive = self.worker is not None and self.worker.poll() is None
        say(
            "the background worker "
            + ("kept running" if alive else f"exited with {self.worker.returncode if self.worker else '?'}")
        )

    def phase_worker_after_restart(self) -> None:
        from django.contrib.auth.models import User
        from django.db import close_old_connections

        from kooperacja.placement.models import MatchingRun
        from kooperacja.placement.services import run_start
        from kooperacja.territory.models import Unit

        close_old_connections()
        restarted = self.worker is None or self.worker.poll() is not None
        if restarted:
            say("the worker had exited; started again as its service manager does (Restart=on-failure)")
            self.start_worker()
        admin = User.objects.get(username="kraj.admin")
        run = run_start(actor=admin, territory=Unit.objects.get(code=self.args.territory))
        done = wait_until(
            lambda: MatchingRun.objects.filter(pk=run.pk, status__in=["done", "failed"]).exists(), 300, 0.2
        )
        run.refresh_from_db()
        self.check(
            "the background worker runs new jobs after the restart",
            done and run.status == "done",
            f"status {run.status}; the worker {'was restarted' if restarted else 'kept running'}",
        )

    def verify_writes(self, load: Load) -> None:
        from django.db import close_old_connections

        from kooperacja.staffing.models import StaffingNeed

        close_old_connections()
        stored = {
            str(public_id)
            for public_id in StaffingNeed.objects.filter(public_id__in=load.created).values_list("public_id", flat=True)
        }
        missing = [public_id for public_id in load.created if public_id not in stored]
        self.check(
            "every write answered with success is in the database",
            load.created and not missing,
            f"{len(load.created)} needs created with 201, {len(missing)} missing",
        )

    def run(self) -> int:
        try:
            self.prepare()
            write, read, payload = self.tokens_and_payload()
            self.start_server()
            self.start_worker()
            load = Load(self.base, write, read, payload)
            status, body = load._call("POST", "/api/v1/staffing/needs", write, {**payload, "position": "probe"})
            if status != 201:
                raise SystemExit(f"a need cannot be created over the API ({status}): {body}")
            load.created.append(body["public_id"])
            threads = load.start(self.args.writers, self.args.readers)
            say(f"load: {self.args.writers} writers (POST /api/v1/staffing/needs), {self.args.readers} readers")
            time.sleep(3)
            self.phase_gunicorn_worker(load)
            self.phase_import()
            self.phase_matching()
            self.phase_postgresql(load)
            self.phase_worker_after_restart()
            load.stop.set()
            for thread in threads:
                thread.join(timeout=40)
            total = load.window(0)
            say(f"load: {total['requests']} requests, {total['ok']} ok, {total['failed']} failed in all")
            self.verify_writes(load)
        finally:
            for process in (self.server, self.worker):
                if process is not None and process.poll() is None:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=30)
            self.cluster.stop()
            if not self.args.keep_logs:
                shutil.rmtree(self.tmp, ignore_errors=True)
            else:
                say(f"logs kept in {self.tmp}")
        failed = [check for check in self.checks if not check.ok]
        print()
        print(f"{'check':<62} outcome")
        for check in self.checks:
            print(f"{check.name:<62} {'pass' if check.ok else 'FAIL'}  {check.detail}")
        print(f"\n{len(self.checks) - len(failed)} of {len(self.checks)} checks passed")
        return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=55432, help="port of the throw-away PostgreSQL cluster")
    parser.add_argument("--scale", type=float, default=0.03, help="generate_country --scale")
    parser.add_argument("--territory", default="14", help="TERYT code of the matching run (default: mazowieckie)")
    parser.add_argument("--import-rows", type=int, default=1500, help="participants in the interrupted import")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--keep-logs", action="store_true")
    args = parser.parse_args()
    if not (PG_BIN / "initdb").exists():
        print(f"needs the PostgreSQL 15 server binaries in {PG_BIN}", file=sys.stderr)
        return 2
    return Bench(args).run()


if __name__ == "__main__":
    sys.exit(main())
