"""Kooperacja settings: one module, configured by environment variables.

A fresh clone runs with no variables set (SQLite in ./var, DEBUG on); production sets
DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS and DEBUG=0.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value is None or not value.strip() else int(value)


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(env_str("KOOPERACJA_VAR_DIR", str(PROJECT_DIR / "var")))

DEBUG = env_bool("DEBUG", True)
# The published development keys: with DEBUG off the system checks (core/checks.py) refuse them.
INSECURE_DEFAULT_SECRET_KEY = "insecure-development-key-change-me-in-production-0123456789"  # noqa: S105
INSECURE_DEFAULT_FIELD_ENCRYPTION_KEY = "insecure-development-field-key-change-me"
SECRET_KEY = env_str("SECRET_KEY", INSECURE_DEFAULT_SECRET_KEY)
# Key for encrypting sensitive identifiers (PESEL) and for their blind index; separate from SECRET_KEY
# so that rotating sessions does not make stored identifiers unreadable.
FIELD_ENCRYPTION_KEY = env_str("FIELD_ENCRYPTION_KEY", INSECURE_DEFAULT_FIELD_ENCRYPTION_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kooperacja.sqlite3'}")
CONN_MAX_AGE = int(env_str("CONN_MAX_AGE", "60"))
PREPARED_STATEMENTS = env_bool("PREPARED_STATEMENTS", True)
EMAIL_URL_HOST = env_str("EMAIL_HOST", "")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "kooperacja@localhost")
# The address the site is reached at, for links in e-mails sent without a request (the daily summary).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
# Sign-in throttling (accounts/throttle.py): failures per device, and per user name from untrusted clients,
# before a lockout of SIGNIN_LOCKOUT_MINUTES; a higher limit per client address.
SIGNIN_FAILURE_LIMIT = env_int("SIGNIN_FAILURE_LIMIT", 5)
SIGNIN_ADDRESS_FAILURE_LIMIT = env_int("SIGNIN_ADDRESS_FAILURE_LIMIT", 50)
SIGNIN_LOCKOUT_MINUTES = env_int("SIGNIN_LOCKOUT_MINUTES", 15)
SIGNIN_DEVICE_COOKIE_DAYS = env_int("SIGNIN_DEVICE_COOKIE_DAYS", 180)
PASSWORD_RESET_MAILS_PER_HOUR = env_int("PASSWORD_RESET_MAILS_PER_HOUR", 3)
# Sessions end after this much inactivity: users who can see personal data, and everyone else.
SESSION_IDLE_MINUTES_PERSONAL_DATA = env_int("SESSION_IDLE_MINUTES_PERSONAL_DATA", 30)
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 120)
# Reads of personal data (audit.PersonalDataAccess) are kept this many days, then deleted by the daily
# `prune_read_log`: two years by default, as evidence of accountability (GDPR art. 5(2)) without keeping a
# record of every look at a person for ever (storage limitation, art. 5(1)(e)).
READ_LOG_RETENTION_DAYS = env_int("READ_LOG_RETENTION_DAYS", 730)
TASKS_IMMEDIATE = env_bool("TASKS_IMMEDIATE", False)
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(PROJECT_DIR / "staticfiles")))
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (see docs/deployment.md).
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
# HTTPS only: HSTS on secure requests (a year in production), and a redirect of plain HTTP once Django can
# tell HTTPS requests apart (behind the proxy).
HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", BEHIND_TLS_PROXY)
HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "bootstrap",
    "rules.apps.AutodiscoverRulesConfig",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "kooperacja.core",
    "kooperacja.law",
    "kooperacja.audit",
    "kooperacja.notifications",
    "kooperacja.accounts",
    "kooperacja.territory",
    "kooperacja.registry",
    "kooperacja.selection",
    "kooperacja.catalogue",
    "kooperacja.staffing",
    "kooperacja.training",
    "kooperacja.placement",
    "kooperacja.reintegration",
    "kooperacja.benefits",
    "kooperacja.reporting",
    "kooperacja.admission",
    "kooperacja.agreements",
    "kooperacja.readiness",
    "kooperacja.commissioning",
    "kooperacja.delivery",
    "kooperacja.cooperatives",
    "kooperacja.launches",
    "kooperacja.founding",
    "kooperacja.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kooperacja.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kooperacja.accounts.middleware.ApiTokenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kooperacja.accounts.middleware.SessionTimeoutMiddleware",
    "csp.middleware.CSPMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "kooperacja.core.middleware.RoutePermissionMiddleware",
    "kooperacja.core.middleware.DatabaseRuleMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "kooperacja.accounts.backends.PasswordBackend",
]

ROOT_URLCONF = "kooperacja.urls"
WSGI_APPLICATION = "kooperacja.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kooperacja.core.context_processors.navigation",
                "kooperacja.notifications.context_processors.preferences",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# A persistent connection is checked before the first query of each request (and each wake-up of db_worker), so
# a connection that the database closed (PostgreSQL restarted, a failover) is opened again instead of failing
# the request, or stopping the worker (measured by bench/faults/run.py).
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and PREPARED_STATEMENTS:
    # Parameters are bound by the server, and a statement run twice on a connection is prepared: PostgreSQL then
    # keeps its plan. A list joining half a dozen tables spends more time being planned (4 ms) than run (1 ms).
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=2)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the background worker write while the server reads; IMMEDIATE avoids lock upgrades.
    # secure_delete overwrites deleted content (a cleared upload, a deleted person) instead of leaving it
    # readable in free pages of the file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA secure_delete=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["kooperacja.formats"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600  # also the longest a session lasts after signing in, however active
PASSWORD_RESET_TIMEOUT = 3600  # a reset link works for one hour
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
SECURE_HSTS_SECONDS = HSTS_SECONDS
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = HSTS_PRELOAD
SECURE_SSL_REDIRECT = SSL_REDIRECT
# Load balancers poll /healthz over plain HTTP on the application servers.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

AUDITLOG_INCLUDE_ALL_MODELS = False

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TASKS_IMMEDIATE
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_URL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
# EMAIL_BACKEND=file (the demo, say) writes each e-mail to a file under var/mail instead of the console.
if env_str("EMAIL_BACKEND", "") == "file":
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = EMAIL_URL_HOST or "localhost"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # fontTools reports every subsetting step of a PDF font at INFO.
    "loggers": {"django.db.backends": {"level": "INFO"}, "fontTools": {"level": "WARNING"}},
}

NINJA_PAGINATION_PER_PAGE = 50
