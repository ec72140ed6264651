"""Browser tests: a real server (gunicorn, DEBUG off, collected static files) on a demo database,
driven by Debian's Chromium through Playwright, with axe-core accessibility checks."""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# Chromium must not reach for the network: this machine has none beyond localhost.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERIOUS = {"serious", "critical"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


# The environment of the server under test, for a test that must set up what no page can (a date in the past).
SERVER_ENV: dict[str, str] = {}


@pytest.fixture
def server_shell(base_url):
    """server_shell(code) runs Python ``code`` in ``manage.py shell`` on the database of the server under test."""

    def run(code: str) -> None:
        _manage(SERVER_ENV, "shell", "-c", code)

    return run


@pytest.fixture(scope="session")
def base_url(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("var")
    port = _free_port()
    env = {
        **os.environ,
        "KOOPERACJA_VAR_DIR": str(var_dir),
        "STATIC_ROOT": str(var_dir / "static"),
        "DEBUG": "0",
        # DEBUG off refuses the published keys: each run gets its own.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": secrets.token_urlsafe(50),
        "SECURE_COOKIES": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{var_dir / 'e2e.sqlite3'}",
    }
    SERVER_ENV.update(env)
    for command in (["migrate", "--no-input"], ["load_territory"], ["load_catalogue"], ["load_demo"]):
        _manage(env, *command)
    _manage(env, "collectstatic", "--no-input")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "kooperacja.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--pythonpath",
            "src",
        ],
        cwd=ROOT,
        env=env,
    )
    # Background tasks (matching runs, imports) are run by the database worker, as in production.
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload", "-v", "0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:  # noqa: S310 - localhost
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        server.terminate()
        worker.terminate()
        raise RuntimeError("the server did not start")
    yield url
    for process in (server, worker):
        process.terminate()
    for process in (server, worker):
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(base_url=base_url, locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def check_accessibility(axe):
    """Fails on any serious or critical axe-core violation of the page as it is now."""

    def check(page):
        results = axe.run(page)
        bad = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
        details = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in bad]
        assert bad == [], f"accessibility violations on {page.url}:\n" + "\n".join(details)

    return check


def sign_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Nazwa użytkownika").fill(username)
    page.get_by_label("Hasło").fill(password)
    page.get_by_role("button", name="Zaloguj się").last.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
