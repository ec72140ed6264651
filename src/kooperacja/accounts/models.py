import hashlib

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.accounts.roles import Role


class Membership(models.Model):
    """A user's role in one organisation. A user may hold several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.organisation_id}"


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the secret is shown once, at creation."""

    PREFIX_LENGTH = 8

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=PREFIX_LENGTH, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class SignInDevice(models.Model):
    """A browser in which the user has signed in: its signed device cookie names ``device_id``.

    Sign-in attempts from a known device for its own user are throttled only by that device's own
    failures, so that nobody else can lock the user out of it (see docs/decisions/0003).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_devices")
    device_id = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("sign-in device")
        verbose_name_plural = _("sign-in devices")

    def __str__(self) -> str:
        return f"{self.user} — {self.device_id[:8]}…"


class ThrottleScope(models.TextChoices):
    DEVICE = "device", _("device")
    USER_NAME = "user_name", _("user name from untrusted clients")
    ADDRESS = "address", _("client address")
    RESET_MAIL = "reset_mail", _("password-reset e-mails to an address")


class ThrottleCounter(models.Model):
    """Events (failed sign-ins, reset e-mails) counted in a fixed window per scope and key.

    The key is a keyed hash of the user name, address or device id, so the table holds no names. Rows
    are changed only with conditional updates, so several server processes agree on the count.
    """

    scope = models.CharField(max_length=20, choices=ThrottleScope.choices)
    key = models.CharField(max_length=64)
    window_started_at = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("throttle counter")
        verbose_name_plural = _("throttle counters")
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="throttle_counter_unique_key")]
        indexes = [models.Index(fields=["window_started_at"], name="throttle_counter_window")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]}… {self.count}"


class AccountEventKind(models.TextChoices):
    PASSWORD_CHANGED = "password_changed", _("password changed")
    SIGNED_OUT_EVERYWHERE = "signed_out_everywhere", _("signed out everywhere else")


class AccountEvent(models.Model):
    """What a user did to the security of their own account, kept as its record: a password changed on the
    account page, the other sessions ended. Shown to the user on "My account"."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_events")
    kind = models.CharField(_("event"), max_length=30, choices=AccountEventKind.choices)
    sessions_ended = models.PositiveIntegerField(_("other sessions ended"), default=0)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="account_event_user_latest")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()}"


auditlog.register(Membership)
auditlog.register(ApiToken, exclude_fields=["key_hash", "last_used_at"])
