"""Load benchmark: every list page and list API endpoint plus the overviews, under concurrent signed-in users,
each against a bare list of the same table measured right after it on the same server.

    .venv/bin/python bench/load/run.py                       # PostgreSQL at $DATABASE_URL, the generated country
    .venv/bin/python bench/load/run.py --sqlite var/load.sqlite3 --scale 0.1
    .venv/bin/python bench/load/run.py --personas demo       # the demo region instead (manage.py load_demo)
    .venv/bin/python bench/load/run.py --only "needs list" --clients 16 --seconds 10

1. Prepares the database: ``migrate``; when it holds no organisations, ``load_territory``, ``load_catalogue`` and
   ``generate_country --scale S`` (or ``load_demo``); then the overviews' figures (``refresh_overviews`` and the
   worker until it has done them, as the timers of docs/deployment.md keep them on a server).
2. Starts the production setup of docs/deployment.md: gunicorn, 2 sync workers, ``DEBUG=0``, keys set through the
   environment (derived from the database's address, so the same database always gets the same keys), with the
   bench settings (``bench/load/settings.py``: a query counter and the bare lists).
3. Signs each persona in once through the sign-in form, and gives each an API token through the accounts service.
4. For each target of ``bench/load/targets.py``: ``--clients`` clients for ``--seconds``, then the same for the
   bare list of its table. Prints the table and writes ``bench/load/results-<database>.json``.
"""

import argparse
import hashlib
import http.cookiejar
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for entry in (str(ROOT / "src"), str(ROOT)):
    if entry not in sys.path:
        sys.path.insert(0, entry)

from bench.load.driver import ClientPool, Measurement  # noqa: E402
from bench.load.report import print_table, write_results  # noqa: E402
from bench.load.targets import PERSONAS, PLACES, TARGETS, Target, bare_path  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kooperacja_load"
TOKEN_NAME = "load benchmark"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", metavar="PATH", help="an SQLite file instead of PostgreSQL at $DATABASE_URL")
    parser.add_argument("--scale", type=float, default=1.0, help="generate_country --scale (default 1.0)")
    parser.add_argument("--personas", choices=sorted(PERSONAS), default="country")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0, help="per endpoint, and again per bare list")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="alternate endpoint and bare list in this many slices of --seconds/ROUNDS each (default 1: the endpoint "
        "for --seconds, then the bare list for --seconds)",
    )
    parser.add_argument("--only", action="append", metavar="NAME", help="only this target (repeatable)")
    parser.add_argument("--output", help="the JSON file (default bench/load/results-<database>.json)")
    return parser.parse_args()


def database_url(args: argparse.Namespace) -> str:
    if args.sqlite:
        return f"sqlite:///{Path(args.sqlite).resolve()}"
    return os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)


def server_environment(url: str, static_root: str) -> dict[str, str]:
    """The production environment of docs/deployment.md, with throw-away keys that stay the same for one
    database (the encrypted identifiers written while preparing it must be readable by the server)."""
    seed = hashlib.sha256(url.encode()).hexdigest()
    inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    return {
        **inherited,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or f"load-bench-secret-{seed}",
        "FIELD_ENCRYPTION_KEY": os.environ.get("FIELD_ENCRYPTION_KEY") or f"load-bench-field-{seed[::-1]}",
        "SECURE_COOKIES": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }


def manage(env: dict[str, str], *command: str) -> None:
    started = time.perf_counter()
    print(f"manage.py {' '.join(command)} …", flush=True)
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    print(f"  {time.perf_counter() - started:.0f} s", flush=True)


def ensure_postgres_database(url: str) -> None:
    """Creates the PostgreSQL database of ``url`` when it does not exist yet."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def prepare(args: argparse.Namespace, env: dict[str, str]) -> tuple[bool, dict]:
    """Migrates and fills the database when it is empty; returns whether it was filled now (otherwise --scale
    does not describe it) and the size of the main tables."""
    manage(env, "migrate", "--no-input", "-v", "0")
    setup_django(env)
    from kooperacja.registry.models import Organisation

    filled = not Organisation.objects.exists()
    if filled:
        close_connections()
        manage(env, "load_territory")
        manage(env, "load_catalogue")
        if args.personas == "demo":
            manage(env, "load_demo")
        else:
            manage(env, "generate_country", "--scale", str(args.scale))
        analyse()
    # The overviews show the figures the worker stored, as on a server with its timers running.
    manage(env, "refresh_overviews")
    manage(env, "db_worker", "--batch", "--no-startup-delay", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    return filled, table_sizes()


def analyse() -> None:
    """Fresh planner statistics for the rows just written in bulk, as autovacuum would gather a little later."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def setup_django(env: dict[str, str]) -> None:
    import django

    os.environ.update({key: value for key, value in env.items() if key != "DJANGO_SETTINGS_MODULE"})
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.load.settings"
    django.setup()


def close_connections() -> None:
    from django.db import connections

    connections.close_all()


def table_sizes() -> dict[str, int]:
    from django.apps import apps

    from bench.load.targets import TABLES

    return {key: apps.get_model(label).objects.count() for key, (label, _fields) in TABLES.items()}


def check_coverage(targets: list[Target]) -> None:
    """Refuses to run when a list route of the product has no target (see bench/load/routes.py)."""
    from bench.load.routes import list_routes

    missing = list_routes() - {target.route for target in TARGETS}
    if missing:
        raise SystemExit(f"list routes without a target in bench/load/targets.py: {', '.join(sorted(missing))}")


def api_tokens(usernames: dict[str, str]) -> dict[str, str]:
    """A fresh API token per persona (the previous benchmark tokens are revoked), through the accounts service."""
    from django.contrib.auth import get_user_model

    from kooperacja.accounts.services import api_token_create, api_token_revoke

    secrets_by_role = {}
    for role, username in usernames.items():
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise SystemExit(f"no user {username!r} ({role}) in the database: wrong --personas?")
        for token in user.api_tokens.filter(name=TOKEN_NAME, revoked_at__isnull=True):
            api_token_revoke(user=user, token=token)
        _token, secret = api_token_create(user=user, name=TOKEN_NAME)
        secrets_by_role[role] = secret
    return secrets_by_role


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict[str, str], port: int, log_path: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "kooperacja.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "2", "--worker-class", "sync", "--timeout", "120"]
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "bench.load.settings"},
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
    )
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped:\n{log_path.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within a minute")


def sign_in(base: str, username: str, password: str) -> str:
    """Signs in through the sign-in form (CSRF token, session cookie); returns the Cookie header to send."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/accounts/login/").read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    if match is None:
        raise SystemExit("the sign-in page has no CSRF token")
    data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": match[1]})
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=data.encode(), headers={"Referer": f"{base}/accounts/login/"}
    )
    with opener.open(request) as response:
        response.read()
        landed = response.url
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies or "/accounts/login/" in landed:
        raise SystemExit(f"{username} could not sign in (throttled, or wrong password?)")
    return f"sessionid={cookies['sessionid']}"


def preflight(base: str, targets: list[Target], headers: dict, place: dict) -> None:
    """One request to every target and bare list before the load: a bare list must answer, a target that does
    not is reported (and its errors counted in the table)."""
    for target in targets:
        auth = headers["api" if target.is_api else "web"][target.persona]
        for path in (target.path.format(**place), bare_path(target)):
            request = urllib.request.Request(base + path, headers=auth)
            try:
                with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310
                    response.read()
                    status, landed = response.status, response.url
            except urllib.error.HTTPError as error:
                status, landed = error.code, path
            if not 200 <= status < 300 or "/accounts/login/" in landed:
                if path == bare_path(target):
                    raise SystemExit(f"the bare list {path} answered {status}")
                print(f"warning: {target.name} ({path}) answers {status} as {target.persona}", flush=True)


def measure_all(
    pool: ClientPool, targets: list[Target], headers: dict, place: dict, seconds: float, rounds: int
) -> list[dict]:
    rows = []
    for target in targets:
        path = target.path.format(**place)
        auth = headers["api" if target.is_api else "web"][target.persona]
        result, bare = pool.compare((path, auth), (bare_path(target), auth), seconds, rounds)
        rows.append(row_of(target, path, result, bare))
        print_table(rows[-1:], header=len(rows) == 1)
    return rows


def row_of(target: Target, path: str, result: Measurement, bare: Measurement) -> dict:
    return {
        "name": target.name,
        "route": target.route,
        "path": path,
        "persona": target.persona,
        "table": target.table,
        **result.as_dict(),
        "bare": bare.as_dict(),
        "ratio": result.rps / bare.rps if bare.rps else None,
    }


def main() -> None:
    args = parse_args()
    targets = [target for target in TARGETS if not args.only or target.name in args.only]
    if not targets:
        raise SystemExit(f"no target named {args.only}; the names are: {', '.join(t.name for t in TARGETS)}")
    url = database_url(args)
    engine = "sqlite" if url.startswith("sqlite") else "postgresql"
    if engine == "postgresql":
        ensure_postgres_database(url)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        env = server_environment(url, f"{tmp}/static")
        filled, sizes = prepare(args, env)
        check_coverage(targets)
        usernames = {role: PERSONAS[args.personas][role] for role in sorted({t.persona for t in targets})}
        tokens = api_tokens(usernames)
        from kooperacja.demo.loader import DEMO_PASSWORD

        close_connections()
        port = free_port()
        server = start_server(env, port, Path(tmp) / "gunicorn.log")
        pool = None
        try:
            base = f"http://127.0.0.1:{port}"
            cookies = {role: sign_in(base, username, DEMO_PASSWORD) for role, username in usernames.items()}
            headers = {
                "web": {role: {"Cookie": cookie} for role, cookie in cookies.items()},
                "api": {role: {"Authorization": f"Bearer {secret}"} for role, secret in tokens.items()},
            }
            preflight(base, targets, headers, PLACES[args.personas])
            pool = ClientPool("127.0.0.1", port, args.clients)
            started = datetime.now(UTC)
            load_before = os.getloadavg()
            rows = measure_all(pool, targets, headers, PLACES[args.personas], args.seconds, args.rounds)
            client_cpu = pool.cpu_seconds / pool.wall_seconds
        finally:
            if pool is not None:
                pool.close()
            server.terminate()
            server.wait()
    meta = {
        "database": engine,
        "personas": args.personas,
        "scale": args.scale if args.personas == "country" else None,
        "filled_by_this_run": filled,  # False: the database held organisations already, --scale was not applied
        "clients": args.clients,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "started": started.isoformat(timespec="seconds"),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "cpus": os.cpu_count(),
        "client_cpu_share": client_cpu,  # CPU seconds the client processes used per second of measuring
        "python": platform.python_version(),
        "rows_in_tables": sizes,
    }
    print()
    print_table(rows)
    output = Path(args.output) if args.output else Path(__file__).parent / f"results-{engine}.json"
    write_results(output, meta, rows)
    print(f"\nthe clients used {client_cpu:.2f} CPU seconds a second of {os.cpu_count()}; written to {output}")


if __name__ == "__main__":
    main()
