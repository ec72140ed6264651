import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kooperacja.settings")
application = get_wsgi_application()

from kooperacja.core.checks import key_errors  # noqa: E402 - read after the settings are configured


def _refuse_insecure_keys() -> None:
    """gunicorn runs no system checks: the critical ones are run here, so the server refuses to start."""
    errors = key_errors()
    if errors:
        raise ImproperlyConfigured("; ".join(f"{error.id}: {error.msg} {error.hint}" for error in errors))


_refuse_insecure_keys()
