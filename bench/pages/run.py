"""Response times of the main pages and API endpoints on the demo database.

Prepares a fresh demo database (territory, catalogue, demo region) in a temporary directory, starts
gunicorn (2 sync workers, DEBUG off) on a free local port, signs in as the demo coordinator and times
each URL sequentially. Prints a table of median and 95th-percentile latencies in milliseconds.

    .venv/bin/python bench/pages/run.py [--repeat 30]
"""

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO_USER = "koordynator"

PAGES = [
    ("home", "/"),
    ("territory index", "/territory/"),
    ("territory search 'ow'", "/territory/search/?q=ow"),
    ("voivodeship page", "/territory/04/"),
    ("organisations list", "/organisations/"),
    ("organisations filtered", "/organisations/?voivodeship=04&q=spoldzielnia"),
    ("catalogue list", "/catalogue/"),
    ("staffing overview", "/staffing/"),
    ("staffing needs list", "/staffing/needs/"),
    ("matching screen", "/placement/"),
    ("referrals list", "/placement/referrals/"),
    ("API territory units (gmina, 50)", "/api/v1/territory/units?level=gmina&limit=50"),
    ("API territory search", "/api/v1/territory/units?q=lodz"),
    ("API organisations", "/api/v1/organisations?limit=50"),
    ("API catalogue services", "/api/v1/catalogue/services"),
    ("API staffing needs", "/api/v1/staffing/needs"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "KOOPERACJA_VAR_DIR": tmp,
            "STATIC_ROOT": f"{tmp}/static",
            "DEBUG": "0",
            # DEBUG off refuses the published keys: each run gets its own.
            "SECRET_KEY": secrets.token_urlsafe(50),
            "FIELD_ENCRYPTION_KEY": secrets.token_urlsafe(50),
            "SECURE_COOKIES": "0",
            "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3"),
        }
        for command in (["migrate", "--no-input"], ["load_territory"], ["load_catalogue"], ["load_demo"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "kooperacja.wsgi:application", "--pythonpath", "src"]
            + ["--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=1)  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.2)
            opener = signed_in_opener(base)
            rows = []
            for label, url in PAGES:
                timings = []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    with opener.open(base + url, timeout=30) as response:
                        response.read()
                        status = response.status
                        if "/accounts/login/" in response.url:
                            raise SystemExit(f"{url} redirected to the sign-in page: the benchmark is not signed in")
                    timings.append((time.perf_counter() - start) * 1000)
                timings.sort()
                p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
                rows.append(
                    {
                        "page": label,
                        "url": url,
                        "status": status,
                        "median_ms": statistics.median(timings),
                        "p95_ms": p95,
                    }
                )
        finally:
            server.terminate()
            server.wait()
    print(f"{'page':40} {'status':>6} {'median ms':>10} {'p95 ms':>8}")
    for row in rows:
        print(f"{row['page']:40} {row['status']:>6} {row['median_ms']:>10.1f} {row['p95_ms']:>8.1f}")
    (Path(__file__).parent / "results.json").write_text(json.dumps(rows, indent=2))


def signed_in_opener(base: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login_page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
    data = urllib.parse.urlencode(
        {"username": DEMO_USER, "password": demo_password(), "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"}
    )
    opener.open(request).read()
    return opener


def demo_password() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kooperacja.settings")
    import django

    django.setup()
    from kooperacja.demo.loader import DEMO_PASSWORD

    return DEMO_PASSWORD


if __name__ == "__main__":
    main()
