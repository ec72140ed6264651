"""System checks of the deployment: no production start on published keys; `check --deploy` explained."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from kooperacja.core.checks import key_errors

ROOT = Path(__file__).resolve().parents[2]
DEPLOYMENT_GUIDE = ROOT / "docs" / "deployment.md"
# Variables of the deployment that the subprocesses below set themselves.
OWN_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "FIELD_ENCRYPTION_KEY",
    "ALLOWED_HOSTS",
    "SECURE_COOKIES",
    "BEHIND_TLS_PROXY",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
}


def _key() -> str:
    return secrets.token_urlsafe(50)


def _ids(errors) -> list[str]:
    return [error.id for error in errors]


def test_it_refuses_the_published_keys_with_debug_off(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.INSECURE_DEFAULT_SECRET_KEY
    settings.FIELD_ENCRYPTION_KEY = settings.INSECURE_DEFAULT_FIELD_ENCRYPTION_KEY
    errors = key_errors()
    assert _ids(errors) == ["core.E001", "core.E002"]
    assert "published" in errors[0].msg


PRIVATE = "a-private-key-of-forty-characters-000001"


@pytest.mark.parametrize(
    ("secret_key", "field_key", "expected"),
    [
        ("", PRIVATE, ["core.E001"]),
        (PRIVATE, "short-key", ["core.E002"]),
        ("x" * 31, PRIVATE, ["core.E001"]),
        (PRIVATE, PRIVATE, ["core.E003"]),
    ],
    ids=["empty", "short", "one-character-short", "equal"],
)
def test_it_refuses_empty_short_or_equal_keys_with_debug_off(settings, secret_key, field_key, expected):
    settings.DEBUG = False
    settings.SECRET_KEY = secret_key
    settings.FIELD_ENCRYPTION_KEY = field_key
    assert _ids(key_errors()) == expected


def test_it_accepts_private_keys_with_debug_off(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = _key()
    settings.FIELD_ENCRYPTION_KEY = "x" * 32
    assert key_errors() == []


def test_it_accepts_the_published_keys_with_debug_on(settings):
    settings.DEBUG = True
    settings.SECRET_KEY = settings.INSECURE_DEFAULT_SECRET_KEY
    settings.FIELD_ENCRYPTION_KEY = settings.INSECURE_DEFAULT_FIELD_ENCRYPTION_KEY
    assert key_errors() == []


def _run(args: list[str], tmp_path, **variables) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if name not in OWN_VARIABLES}
    env.update(KOOPERACJA_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="kooperacja.settings", **variables)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_it_refuses_to_load_the_wsgi_application_on_the_published_keys(tmp_path):
    result = _run(["-c", "import kooperacja.wsgi"], tmp_path, DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "core.E001" in result.stderr and "core.E002" in result.stderr


def test_it_loads_the_wsgi_application_with_private_keys(tmp_path):
    code = "import kooperacja.wsgi; print(kooperacja.wsgi.application.__class__.__name__)"
    result = _run(["-c", code], tmp_path, DEBUG="0", SECRET_KEY=_key(), FIELD_ENCRYPTION_KEY=_key())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "WSGIHandler"


def test_it_stops_management_commands_on_the_published_keys(tmp_path):
    result = _run(["manage.py", "check"], tmp_path, DEBUG="0")
    assert result.returncode != 0
    assert "core.E001" in result.stderr


def test_it_explains_every_deployment_warning_in_the_deployment_guide(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy"],
        tmp_path,
        DEBUG="0",
        SECRET_KEY=_key(),
        FIELD_ENCRYPTION_KEY=_key(),
        ALLOWED_HOSTS="example.org",
        SECURE_COOKIES="1",
    )
    assert result.returncode == 0, result.stderr
    reported = set(re.findall(r"\(([a-z_]+\.[A-Z]\d{3})\)", result.stdout + result.stderr))
    guide = DEPLOYMENT_GUIDE.read_text()
    assert {check_id for check_id in reported if f"`{check_id}`" not in guide} == set()
    # The settings drive HSTS and the HTTPS redirect: only the two explained warnings remain.
    assert reported == {"security.W008", "security.W021"}
