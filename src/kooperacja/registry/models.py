import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.accounts.actor import actor_of
from kooperacja.registry.validators import validate_krs, validate_nip, validate_postal_code, validate_regon


class OrganisationKind(models.TextChoices):
    CIS = "cis", _("Social integration centre (CIS)")
    KIS = "kis", _("Social integration club (KIS)")
    ZAZ = "zaz", _("Occupational activity establishment (ZAZ)")
    WTZ = "wtz", _("Occupational therapy workshop (WTZ)")
    SOCIAL_COOPERATIVE = "social_cooperative", _("Social cooperative")
    NGO = "ngo", _("NGO or foundation")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    MUNICIPALITY_OFFICE = "municipality_office", _("Municipality office")
    OPS = "ops", _("Social assistance centre (OPS)")
    CUS = "cus", _("Social services centre (CUS)")
    PCPR = "pcpr", _("County family support centre (PCPR)")
    PUP = "pup", _("County labour office (PUP)")
    OWES = "owes", _("Social economy support centre (OWES)")
    SCHOOL = "school", _("School")
    HEALTH_CARE = "health_care", _("Health-care provider")
    COURT_PROBATION = "court_probation", _("Court or probation service")
    POLICE = "police", _("Police")
    VOIVODE_OFFICE = "voivode_office", _("Voivode's office")
    OTHER = "other", _("Other")


# Kinds that are social-employment entities (PZS) and need an entry in the voivode's register.
REGISTERED_KINDS = frozenset({OrganisationKind.CIS, OrganisationKind.KIS})
# Kinds that deliver social services as social-economy entities (PES).
PROVIDER_KINDS = frozenset(
    {
        OrganisationKind.CIS,
        OrganisationKind.KIS,
        OrganisationKind.ZAZ,
        OrganisationKind.WTZ,
        OrganisationKind.SOCIAL_COOPERATIVE,
        OrganisationKind.NGO,
        OrganisationKind.SOCIAL_ENTERPRISE,
    }
)
# Public bodies: offices and units of public administration. Only they hold the roles whose powers reach
# beyond one organisation (a coordinator of cooperation, a register officer of the voivode).
PUBLIC_BODY_KINDS = frozenset(
    {
        OrganisationKind.MUNICIPALITY_OFFICE,
        OrganisationKind.OPS,
        OrganisationKind.CUS,
        OrganisationKind.PCPR,
        OrganisationKind.PUP,
        OrganisationKind.COURT_PROBATION,
        OrganisationKind.POLICE,
        OrganisationKind.VOIVODE_OFFICE,
    }
)
# Roles (by their value in accounts.roles.Role) that only some public bodies may hold: a coordinator of
# cooperation works for the municipality or its social-assistance centre, a register officer for the voivode.
PUBLIC_BODY_ROLE_KINDS = {
    "coordinator": frozenset(
        {
            OrganisationKind.MUNICIPALITY_OFFICE,
            OrganisationKind.OPS,
            OrganisationKind.CUS,
            OrganisationKind.PCPR,
        }
    ),
    "register_officer": frozenset({OrganisationKind.VOIVODE_OFFICE}),
}


def kind_may_hold_role(kind: str, role: str) -> bool:
    """Whether an organisation of ``kind`` may hold ``role`` at all, whoever grants it."""
    kinds = PUBLIC_BODY_ROLE_KINDS.get(str(role))
    return kinds is None or kind in kinds


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "OrganisationQuerySet":
        """Organisations are institutional records, not personal data: every signed-in user sees the
        active ones, members also see their own inactive organisations, administrators see all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        # The user's own organisations come from the actor (read once per request): no join to memberships,
        # no DISTINCT over whole rows, and an index on the sort key can answer a page.
        own = actor_of(user).organisation_ids
        return self.filter(Q(is_active=True) | Q(pk__in=own)) if own else self.filter(is_active=True)


class Organisation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices, db_index=True)
    # Identifiers are stored compact (digits only) and NULL when unknown, so that uniqueness ignores blanks.
    nip = models.CharField(_("NIP"), max_length=10, null=True, blank=True, unique=True, validators=[validate_nip])
    regon = models.CharField(_("REGON"), max_length=14, null=True, blank=True, unique=True, validators=[validate_regon])
    krs = models.CharField(
        _("KRS number"), max_length=10, null=True, blank=True, unique=True, validators=[validate_krs]
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True, validators=[validate_postal_code])
    city = models.CharField(_("town"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        "territory.Unit",
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("municipality"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    founded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="founded",
        verbose_name=_("founding body"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_name = models.CharField(max_length=255, db_index=True, editable=False, default="")
    search_text = models.CharField(max_length=600, db_index=True, editable=False, default="")
    # Optimistic locking: a form carries the version it was read at; a save against another version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["sort_name", "id"]
        indexes = [models.Index(fields=["kind", "municipality"])]

    def __str__(self) -> str:
        return self.name

    @property
    def needs_register_entry(self) -> bool:
        return self.kind in REGISTERED_KINDS

    @property
    def county_code(self) -> str:
        return self.municipality_id[:4]

    @property
    def voivodeship_code(self) -> str:
        return self.municipality_id[:2]

    def active_register_entry(self, on: date | None = None) -> "RegisterEntry | None":
        """The register entry if it is in force (on ``on``, today by default), else None."""
        try:
            entry = self.register_entry
        except RegisterEntry.DoesNotExist:
            return None
        return entry if entry.is_in_force(on) else None

    @property
    def lacks_active_register_entry(self) -> bool:
        """A CIS or KIS without an entry in force in the voivode's register."""
        return self.needs_register_entry and self.active_register_entry() is None


class RegisterStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    EXPIRED = "expired", _("expired")
    STRUCK_OFF = "struck_off", _("struck off")


# A CIS holds its status for five years from the voivode's decision (ustawa o zatrudnieniu socjalnym, art. 3).
CIS_STATUS_YEARS = 5


class RegisterEntry(models.Model):
    """The entry of a CIS or KIS in the voivode's register (ustawa o zatrudnieniu socjalnym, art. 5, 18a).

    Entered by the organisation (or its coordinator); a register officer of the voivode's office of that
    voivodeship confirms it. Any change of the entry's data withdraws the confirmation.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="register_entry", verbose_name=_("organisation")
    )
    number = models.CharField(_("register number"), max_length=50)
    entry_date = models.DateField(_("date of entry"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    voivodeship = models.ForeignKey(
        "territory.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("voivode (voivodeship)")
    )
    status = models.CharField(_("status"), max_length=20, choices=RegisterStatus.choices, default=RegisterStatus.ACTIVE)
    confirmed_by = models.ForeignKey(
        "auth.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        constraints = [
            models.UniqueConstraint(fields=["voivodeship", "number"], name="register_entry_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_status_display()})"

    def is_in_force(self, on: date | None = None) -> bool:
        day = on or timezone.localdate()
        if self.status != RegisterStatus.ACTIVE or self.entry_date > day:
            return False
        return self.valid_until is None or self.valid_until >= day

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class WorkshopKind(models.TextChoices):
    WORKSHOP = "workshop", _("workshop")
    SECTION = "section", _("section")
    PLACE = "place", _("place of activity")


class Workshop(models.Model):
    """A CIS workshop, a KIS section or another place where an organisation works with people."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=WorkshopKind.choices, default=WorkshopKind.WORKSHOP)
    name = models.CharField(_("name"), max_length=200)
    capacity = models.PositiveIntegerField(_("capacity (people)"), null=True, blank=True)
    municipality = models.ForeignKey(
        "territory.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("workshop or place")
        verbose_name_plural = _("workshops and places")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ContactPerson(models.Model):
    """A named contact at an organisation. Personal data: shown to those who work with the organisation, and
    to every signed-in user only if its members published it as a public contact; every read is logged."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("organisation")
    )
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_public = models.BooleanField(
        _("public contact"),
        default=False,
        help_text=_(
            "A public contact is shown to every signed-in user; otherwise only to the organisation's members "
            "and to the coordinators and officers who work with it."
        ),
    )

    PERSONAL_FIELDS = ("full_name", "email", "phone")

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["full_name", "id"]

    def __str__(self) -> str:
        return self.full_name


class ReachChangeKind(models.TextChoices):
    TERRITORY_KIND = "territory_kind", _("territory or kind of the organisation")
    REGISTER_STATUS = "register_status", _("status in the voivode's register")
    ROLE_GRANTED = "role_granted", _("role granted")
    ROLE_REVOKED = "role_revoked", _("role revoked")


class ReachChange(models.Model):
    """A change of something that decides whose records someone may reach: an organisation's territory or
    kind, its status in the voivode's register, a role with powers beyond one organisation.

    Such changes are made only from above the organisation (an administrator, or the register officer of the
    voivodeship for public bodies), never by the people they limit; each one records who, when, what and why.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="reach_changes", verbose_name=_("organisation")
    )
    kind = models.CharField(_("what changed"), max_length=20, choices=ReachChangeKind.choices)
    # {"field": [before, after]} for attributes; {"role": "coordinator"} for a role granted or revoked.
    changes = models.JSONField(_("changes"), default=dict)
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("whose role"),
    )
    reason = models.TextField(_("reason"), max_length=1000, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("changed by")
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("change of reach")
        verbose_name_plural = _("changes of reach")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {self.organisation_id} ({self.at:%Y-%m-%d})"
