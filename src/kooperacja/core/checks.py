"""System checks of the deployment: a server with DEBUG off refuses to run on the published keys.

Registered in ``CoreConfig.ready()``; every management command that runs system checks (``runserver``,
``migrate``, ``db_worker``, ``check``) stops on these errors, and ``kooperacja.wsgi`` runs them when
gunicorn loads the application.
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from kooperacja.core.guide import guide_path

MIN_KEY_LENGTH = 32


def key_errors() -> list[Error]:
    """Errors when DEBUG is off and SECRET_KEY or FIELD_ENCRYPTION_KEY is not a private, long, distinct key."""
    if settings.DEBUG:
        return []
    errors = []
    secret_key, field_key = _key("SECRET_KEY"), _key("FIELD_ENCRYPTION_KEY")
    keys = (
        ("SECRET_KEY", secret_key, settings.INSECURE_DEFAULT_SECRET_KEY, "core.E001"),
        ("FIELD_ENCRYPTION_KEY", field_key, settings.INSECURE_DEFAULT_FIELD_ENCRYPTION_KEY, "core.E002"),
    )
    for name, value, published, check_id in keys:
        if value == published:
            problem = "is the default published with the source code"
        elif not value:
            problem = "is empty"
        elif len(value) < MIN_KEY_LENGTH:
            problem = f"is shorter than {MIN_KEY_LENGTH} characters"
        else:
            continue
        errors.append(
            Error(
                f"{name} {problem}.",
                hint=f"Set {name} in the environment to a random value of at least {MIN_KEY_LENGTH} characters "
                "(see docs/deployment.md).",
                id=check_id,
            )
        )
    if secret_key and secret_key == field_key:
        errors.append(
            Error(
                "SECRET_KEY and FIELD_ENCRYPTION_KEY are the same.",
                hint="Give each its own random value: rotating SECRET_KEY must not change the encryption key.",
                id="core.E003",
            )
        )
    return errors


def _key(name: str) -> str:
    try:
        return getattr(settings, name) or ""
    except ImproperlyConfigured:  # Django refuses to read an empty SECRET_KEY
        return ""


@register(Tags.security)
def check_keys(app_configs, **kwargs) -> list[Error]:
    return key_errors()


@register()
def check_user_guide(app_configs, **kwargs) -> list[Warning]:
    """The help pages serve docs/user-guide.pl.md from the project's directory (installed editable, as in
    docs/deployment.md); without it the guide answers 404 and the help lists no topics."""
    path = guide_path()
    if path.is_file():
        return []
    return [
        Warning(
            f"The user guide {path} is missing: /help/guide/ answers 404.",
            hint="Install the project from its source directory (pip install -e), which holds docs/.",
            id="core.W001",
        )
    ]
