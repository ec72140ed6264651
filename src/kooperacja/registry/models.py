import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kooperacja.accounts.actor import actor_of
from kooperacja.core.fsm import StateMachine
from kooperacja.core.models import TransitionEvent
from kooperacja.registry.validators import validate_krs, validate_nip, validate_postal_code, validate_regon


class OrganisationKind(models.TextChoices):
    CIS = "cis", _("Social integration centre (CIS)")
    KIS = "kis", _("Social integration club (KIS)")
    ZAZ = "zaz", _("Occupational activity establishment (ZAZ)")
    WTZ = "wtz", _("Occupational therapy workshop (WTZ)")
    SOCIAL_COOPERATIVE = "social_cooperative", _("Social cooperative")
    NGO = "ngo", _("NGO or foundation")
    COMPANY = "company", _("Company or entrepreneur")
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
        OrganisationKind.COMPANY,
    }
)
# Kinds that may hold the status of a social enterprise (przedsiębiorstwo społeczne, ustawa o ekonomii
# społecznej, art. 3): a social cooperative, an NGO, a company (e.g. a non-profit company). It is a status granted
# by the voivode's decision, not a kind of organisation.
SOCIAL_ENTERPRISE_KINDS = frozenset(
    {OrganisationKind.SOCIAL_COOPERATIVE, OrganisationKind.NGO, OrganisationKind.COMPANY}
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

    # --- the voivode's register (read from the organisation's terms; prefetch ``register_terms`` for lists) ---

    def register_term_on(self, on: date | None = None) -> "RegisterTerm | None":
        """The term that governs the register status on ``on`` (today by default): the latest one started by
        then. A term starting later (an extension decided in advance) does not count yet."""
        day = on or timezone.localdate()
        started = [term for term in self.register_terms.all() if term.term_start <= day]
        return max(started, key=lambda term: (term.term_start, term.pk or 0), default=None)

    def register_status(self, on: date | None = None) -> "RegisterStanding":
        """In force, expired, withdrawn, struck off or none, derived from the governing term. Every reader of
        the register status uses this (or :meth:`is_in_force`): expiry is evaluated here, on read."""
        term = self.register_term_on(on)
        return term.standing(on) if term is not None else RegisterStanding.NONE

    def is_in_force(self, on: date | None = None) -> bool:
        """Whether the organisation's entry in the voivode's register is in force on ``on`` (today)."""
        return self.register_status(on) == RegisterStanding.IN_FORCE

    @property
    def lacks_active_register_entry(self) -> bool:
        """A CIS or KIS without an entry in force in the voivode's register."""
        return self.needs_register_entry and not self.is_in_force()

    # --- the status of a social enterprise ---

    @property
    def may_be_social_enterprise(self) -> bool:
        return self.kind in SOCIAL_ENTERPRISE_KINDS

    def social_enterprise_status_on(self, on: date | None = None) -> "SocialEnterpriseStatus | None":
        """The status of a social enterprise in force on ``on`` (today), if any (prefetch
        ``social_enterprise_statuses`` for lists)."""
        day = on or timezone.localdate()
        in_force = [status for status in self.social_enterprise_statuses.all() if status.is_in_force(day)]
        return max(in_force, key=lambda status: (status.valid_from, status.pk or 0), default=None)

    def is_social_enterprise(self, on: date | None = None) -> bool:
        return self.social_enterprise_status_on(on) is not None


class RegisterKind(models.TextChoices):
    CIS = "cis", _("register of social integration centres (CIS)")
    KIS = "kis", _("register of social integration clubs (KIS)")


class RegisterTermStatus(models.TextChoices):
    """The state of one term in the voivode's register. Expiry is not a state: a CIS term whose end has passed
    is expired, evaluated on read (:meth:`RegisterTerm.standing`). There is no suspension in the act."""

    GRANTED = "granted", pgettext_lazy("CIS status", "granted")
    EXTENDED = "extended", pgettext_lazy("CIS status", "extended")
    WITHDRAWN = "withdrawn", pgettext_lazy("CIS status", "withdrawn")
    ENTERED = "entered", pgettext_lazy("KIS entry", "entered")
    STRUCK_OFF = "struck_off", pgettext_lazy("KIS entry", "struck off")


class RegisterStanding(models.TextChoices):
    """An organisation's register status on a day, derived from its terms."""

    IN_FORCE = "in_force", _("in force")
    EXPIRED = "expired", _("expired")
    WITHDRAWN = "withdrawn", pgettext_lazy("register status", "withdrawn")
    STRUCK_OFF = "struck_off", pgettext_lazy("register status", "struck off")
    NONE = "none", _("no entry")


# Terms that end a status (a withdrawal of a CIS status, a KIS struck off the register): no way out.
ENDED_TERM_STATES = frozenset({RegisterTermStatus.WITHDRAWN, RegisterTermStatus.STRUCK_OFF})
# The voivode's decisions on a term are taken by its register officer (or an administrator); see rules.py.
REGISTER_TERM_MACHINE = StateMachine(
    {
        RegisterTermStatus.GRANTED: frozenset({RegisterTermStatus.WITHDRAWN}),
        RegisterTermStatus.EXTENDED: frozenset({RegisterTermStatus.WITHDRAWN}),
        RegisterTermStatus.ENTERED: frozenset({RegisterTermStatus.STRUCK_OFF}),
        RegisterTermStatus.WITHDRAWN: frozenset(),
        RegisterTermStatus.STRUCK_OFF: frozenset(),
    },
    permissions={
        RegisterTermStatus.WITHDRAWN: "registry.decide_register",
        RegisterTermStatus.STRUCK_OFF: "registry.decide_register",
    },
)


class RegisterTerm(models.Model):
    """One term of an organisation in the voivode's register (ustawa o zatrudnieniu socjalnym, art. 5, 18a).

    A CIS status is granted by the voivode's decision for a term (five years, ``cis_status_term_years``) and
    extended by a further decision: each extension is a new row following the previous one, so the history is
    kept. A KIS is entered (no term) and struck off. Only a register officer of the organisation's voivodeship or
    an administrator records these decisions (``registry.services.register``); the organisation never does.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="register_terms", verbose_name=_("organisation")
    )
    register = models.CharField(_("register"), max_length=3, choices=RegisterKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=RegisterTermStatus.choices)
    number = models.CharField(_("register number"), max_length=50)
    voivodeship = models.ForeignKey(
        "territory.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("voivode (voivodeship)")
    )
    decision_number = models.CharField(_("decision number"), max_length=80, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    term_start = models.DateField(_("in force from"))
    term_end = models.DateField(_("in force until"), null=True, blank=True)
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="extension",
        verbose_name=_("extends the term"),
    )
    ended_on = models.DateField(_("withdrawn or struck off on"), null=True, blank=True)
    end_reason = models.TextField(_("reason"), max_length=1000, blank=True)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("register term")
        verbose_name_plural = _("register terms")
        ordering = ["-term_start", "-id"]
        indexes = [models.Index(fields=["organisation", "term_start"], name="register_term_org_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="register_term_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["voivodeship", "decision_number"],
                condition=~Q(decision_number=""),
                name="register_term_unique_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_status_display()}, {self.term_start})"

    @property
    def is_ended(self) -> bool:
        return self.status in ENDED_TERM_STATES

    def standing(self, on: date | None = None) -> RegisterStanding:
        """This term's standing on ``on`` (today): a withdrawal or striking off counts from its date."""
        day = on or timezone.localdate()
        if day < self.term_start:
            return RegisterStanding.NONE
        if self.is_ended and (self.ended_on is None or self.ended_on <= day):
            return (
                RegisterStanding.STRUCK_OFF
                if self.status == RegisterTermStatus.STRUCK_OFF
                else RegisterStanding.WITHDRAWN
            )
        if self.term_end is not None and self.term_end < day:
            return RegisterStanding.EXPIRED
        return RegisterStanding.IN_FORCE

    def is_in_force(self, on: date | None = None) -> bool:
        return self.standing(on) == RegisterStanding.IN_FORCE


class RegisterEvent(TransitionEvent):
    """A decision recorded in the voivode's register: a term granted, extended, entered, withdrawn or struck off,
    a social-enterprise status granted or revoked (who, when, why)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="register_events")
    term = models.ForeignKey(RegisterTerm, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    social_enterprise_status = models.ForeignKey(
        "SocialEnterpriseStatus", null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    # "" for the decision that creates the record.
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("register decision")
        verbose_name_plural = _("register decisions")


class SocialEnterpriseState(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("social enterprise status", "granted")
    REVOKED = "revoked", pgettext_lazy("social enterprise status", "revoked")


SOCIAL_ENTERPRISE_MACHINE = StateMachine(
    {
        SocialEnterpriseState.ACTIVE: frozenset({SocialEnterpriseState.REVOKED}),
        SocialEnterpriseState.REVOKED: frozenset(),
    },
    permissions={SocialEnterpriseState.REVOKED: "registry.decide_register"},
)


class SocialEnterpriseStatus(models.Model):
    """The status of a social enterprise (przedsiębiorstwo społeczne), granted by the voivode's decision
    (ustawa o ekonomii społecznej, art. 3–5) to a social cooperative, an NGO or a company, for a period or until
    revoked. Granted and revoked only by a register officer of the organisation's voivodeship or an
    administrator."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="social_enterprise_statuses",
        verbose_name=_("organisation"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=SocialEnterpriseState.choices, default=SocialEnterpriseState.ACTIVE
    )
    # Blank only on rows migrated from the former kind "social enterprise", whose decision was never recorded.
    decision_number = models.CharField(_("decision number"), max_length=80, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Empty: until revoked."))
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revocation"), max_length=1000, blank=True)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("social enterprise status")
        verbose_name_plural = _("social enterprise statuses")
        ordering = ["-valid_from", "-id"]
        indexes = [models.Index(fields=["organisation", "state"], name="social_enterprise_org_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="social_enterprise_valid_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_number or '—'} ({self.get_state_display()})"

    def is_in_force(self, on: date | None = None) -> bool:
        day = on or timezone.localdate()
        if day < self.valid_from or (self.valid_to is not None and self.valid_to < day):
            return False
        revoked = self.state == SocialEnterpriseState.REVOKED
        return not (revoked and (self.revoked_on is None or self.revoked_on <= day))


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
