"""Social cooperative models (F8.2): the catalogue, social franchise and replication (seed 003, DOMAIN.md §3, §9).

- A :class:`CooperativeModel` describes one kind of social cooperative delivering public-utility services: the
  social problem it answers, the groups whose members it employs, the service areas, who founds it (natural
  persons, or legal persons: a municipality, an NGO, a church legal person), the catalogue services it delivers,
  what it needs to start and a replication package of documents. Models are data (``data/models.json``), edited
  by the catalogue editor; a model is a draft, published or withdrawn.
- A model's franchisor is an organisation of the registry that passes the model on as a social franchise; each
  :class:`Franchisee` is an organisation running the model in a municipality (negotiating → active → ended).
"""

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kooperacja.core.fsm import StateMachine
from kooperacja.core.models import TransitionEvent


class TargetGroup(models.TextChoices):
    DISABILITIES = "disabilities", _("people with disabilities")
    PRISON_LEAVERS = "prison_leavers", _("people leaving prison")
    ADDICTIONS = "addictions", _("people with addictions")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("long-term unemployed")
    HOMELESS = "homeless", _("homeless people")
    FOSTER_CARE_LEAVERS = "foster_care_leavers", _("young people leaving foster care")
    SENIORS = "seniors", _("seniors")
    MENTAL_ILLNESS = "mental_illness", _("people with mental illness")
    REFUGEES = "refugees", _("refugees and migrants")
    YOUNG_UNEMPLOYED = "young_unemployed", _("young people out of work (under 30)")
    OLDER_UNEMPLOYED = "older_unemployed", _("people over 50 out of work")


class ServiceArea(models.TextChoices):
    HEALTH = "health", _("health")
    CARE = "care", _("care")
    ENVIRONMENT = "environment", _("environment")
    EDUCATION = "education", _("education and childcare")
    CULTURE = "culture", _("culture and leisure")
    HOUSING = "housing", _("housing")
    TRANSPORT = "transport", _("transport")
    FOOD = "food", _("meals and food")
    MUNICIPAL = "municipal", _("municipal services")


class FoundersKind(models.TextChoices):
    NATURAL_PERSONS = "natural_persons", _("natural persons")
    LEGAL_PERSONS = "legal_persons", _("legal persons")


class LegalFounderKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    COUNTY = "county", _("county")
    NGO = "ngo", _("NGO")
    CHURCH = "church", _("church legal person")


class ModelStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


MODEL_MACHINE = StateMachine(
    {
        ModelStatus.DRAFT: frozenset({ModelStatus.PUBLISHED}),
        ModelStatus.PUBLISHED: frozenset({ModelStatus.WITHDRAWN}),
        ModelStatus.WITHDRAWN: frozenset({ModelStatus.PUBLISHED}),
    },
    permissions={
        ModelStatus.PUBLISHED: "cooperatives.edit_models",
        ModelStatus.WITHDRAWN: "cooperatives.edit_models",
    },
)


class CooperativeModel(models.Model):
    """One model of a social cooperative in public-utility services. Its text is in Polish (``name_en`` is
    the English name shown when the interface is in English)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), max_length=3000)
    social_problem = models.TextField(_("social problem answered"), max_length=3000)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    service_areas = models.JSONField(_("public-utility service areas"), default=list, blank=True)
    founders = models.CharField(_("founders"), max_length=20, choices=FoundersKind.choices)
    legal_founder_kinds = models.JSONField(_("kinds of legal persons founding it"), default=list, blank=True)
    founders_note = models.TextField(_("founders"), max_length=2000, blank=True)
    municipality_role = models.TextField(_("role of the municipality in the partnership"), max_length=2000, blank=True)
    service_types = models.ManyToManyField(
        "catalogue.ServiceType", blank=True, related_name="+", verbose_name=_("catalogue services it delivers")
    )
    other_services = models.TextField(_("other public-utility services"), max_length=2000, blank=True)
    staff_requirements = models.TextField(_("staff"), max_length=3000, blank=True)
    premises_requirements = models.TextField(_("premises and equipment"), max_length=3000, blank=True)
    capital_min = models.PositiveIntegerField(_("start-up capital from (PLN)"), null=True, blank=True)
    capital_max = models.PositiveIntegerField(_("start-up capital up to (PLN)"), null=True, blank=True)
    partners_needed = models.TextField(_("partners needed"), max_length=3000, blank=True)
    implementation_steps = models.TextField(_("implementation steps"), max_length=4000, blank=True)
    franchisor = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("franchisor"),
    )
    status = models.CharField(_("status"), max_length=20, choices=ModelStatus.choices, default=ModelStatus.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # " tg:<group> sa:<area> lf:<legal founder> " — filters that work the same on SQLite and PostgreSQL.
    filter_keys = models.CharField(max_length=600, editable=False, default="")
    search_text = models.TextField(editable=False, default="")
    name_search = models.CharField(max_length=400, editable=False, default="")
    sort_name = models.CharField(max_length=200, db_index=True, editable=False, default="")
    # Fingerprint of the shipped content last loaded by ``load_cooperative_models`` (empty for models made here).
    source_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("social cooperative model")
        verbose_name_plural = _("social cooperative models")
        ordering = ["sort_name", "code"]
        indexes = [models.Index(fields=["status", "sort_name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capital_min__isnull=True)
                | models.Q(capital_max__isnull=True)
                | models.Q(capital_min__lte=models.F("capital_max")),
                name="cooperatives_capital_range",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "pl").startswith("en"):
            return self.name_en
        return self.name

    @property
    def is_published(self) -> bool:
        return self.status == ModelStatus.PUBLISHED

    def target_group_labels(self) -> list[str]:
        labels = dict(TargetGroup.choices)
        return [str(labels.get(value, value)) for value in self.target_groups]

    def service_area_labels(self) -> list[str]:
        labels = dict(ServiceArea.choices)
        return [str(labels.get(value, value)) for value in self.service_areas]

    def legal_founder_labels(self) -> list[str]:
        labels = dict(LegalFounderKind.choices)
        return [str(labels.get(value, value)) for value in self.legal_founder_kinds]


class ModelEvent(TransitionEvent):
    model = models.ForeignKey(CooperativeModel, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=ModelStatus.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=ModelStatus.choices)


class DocumentKind(models.TextChoices):
    DIAGNOSIS = "diagnosis", _("diagnosis guide")
    STATUTE = "statute", _("statute template")
    BUSINESS_PLAN = "business_plan", _("business plan template")
    PARTNERSHIP = "partnership", _("partnership agreement template")
    TRAINING = "training", _("training programme")
    SERVICE_STANDARD = "service_standard", _("service standard")
    FINANCE = "finance", _("financing plan")
    OTHER = "other", _("other document")


class ReplicationDocument(models.Model):
    """One document of a model's replication package (what a community receives with the franchise)."""

    model = models.ForeignKey(CooperativeModel, on_delete=models.CASCADE, related_name="documents")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000)
    file = models.FileField(_("file"), upload_to="cooperatives/documents/", blank=True)

    class Meta:
        verbose_name = _("replication document")
        verbose_name_plural = _("replication documents")
        ordering = ["model", "order", "id"]

    def __str__(self) -> str:
        return self.title


class FranchiseState(models.TextChoices):
    NEGOTIATING = "negotiating", _("negotiating")
    ACTIVE = "active", _("active")
    ENDED = "ended", _("ended")


FRANCHISE_MACHINE = StateMachine(
    {
        FranchiseState.NEGOTIATING: frozenset({FranchiseState.ACTIVE, FranchiseState.ENDED}),
        FranchiseState.ACTIVE: frozenset({FranchiseState.ENDED}),
        FranchiseState.ENDED: frozenset(),
    },
    permissions={
        FranchiseState.ACTIVE: "cooperatives.manage_franchise",
        FranchiseState.ENDED: "cooperatives.manage_franchise",
    },
)


class Franchisee(models.Model):
    """An organisation that runs a model in a municipality as a social franchise of the model's franchisor."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    model = models.ForeignKey(CooperativeModel, on_delete=models.PROTECT, related_name="franchisees")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("franchisee")
    )
    unit = models.ForeignKey(
        "territory.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=FranchiseState.choices, default=FranchiseState.NEGOTIATING
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("franchisee")
        verbose_name_plural = _("franchisees")
        ordering = ["model", "unit__sort_name", "id"]
        indexes = [models.Index(fields=["state", "model"]), models.Index(fields=["unit", "state"])]
        constraints = [
            # One organisation runs one model in one municipality once at a time (an ended record may repeat).
            models.UniqueConstraint(
                fields=["model", "organisation", "unit"],
                condition=~models.Q(state="ended"),
                name="cooperatives_one_open_franchise",
            ),
            models.CheckConstraint(
                condition=models.Q(since__isnull=True)
                | models.Q(until__isnull=True)
                | models.Q(since__lte=models.F("until")),
                name="cooperatives_franchise_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.model}"


class FranchiseeEvent(TransitionEvent):
    franchisee = models.ForeignKey(Franchisee, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=FranchiseState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=FranchiseState.choices)


auditlog.register(
    CooperativeModel, exclude_fields=["search_text", "name_search", "sort_name", "filter_keys", "updated_at", "version"]
)
auditlog.register(Franchisee, exclude_fields=["updated_at", "version"])
