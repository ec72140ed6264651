"""The catalogue of social services (products b–f of the cooperation model).

A :class:`ServiceType` is the stable identity of a service ("usługi opiekuńcze"); its content lives in
numbered :class:`ServiceCardVersion` rows with their child rows. A published version is never changed:
editing a card publishes a new version, so every record that points at a version (a staffing need, an
order) keeps the content it was made with.
"""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryForm(models.TextChoices):
    HOME = "home", _("at the person's home")
    DAY = "day", _("day-care facility")
    RESIDENTIAL = "residential", _("residential or housing")
    COMMUNITY = "community", _("in the community")


class ProgrammeVariant(models.TextChoices):
    CIS = "cis", _("CIS course")
    KIS = "kis", _("KIS course")


class MetBy(models.TextChoices):
    """How a qualification of a card is met: what counts as proof that a worker has it."""

    COURSE = "course", _("the card's CIS/KIS course")
    EVIDENCE = "evidence", _("a document only")
    COURSE_OR_EVIDENCE = "course_or_evidence", _("the card's course or a document")


# The ways of meeting a qualification in which completing the card's preparatory course counts.
MET_BY_COURSE = frozenset({MetBy.COURSE, MetBy.COURSE_OR_EVIDENCE})


class ResourceCategory(models.TextChoices):
    STAFF = "staff", _("staff")
    PREMISES = "premises", _("premises")
    EQUIPMENT = "equipment", _("equipment")
    PROCEDURES = "procedures", _("procedures")
    ORGANISATION = "organisation", _("organisation")


class ServiceType(models.Model):
    """The stable identity of one service; its content is in its versions."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    current_version = models.OneToOneField(
        "ServiceCardVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("current version"),
    )
    # Fingerprint of the shipped card content last loaded by ``catalogue_load`` (empty for cards made in the UI).
    source_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class ServiceCardVersion(models.Model):
    """One published, immutable version of a service card."""

    service_type = models.ForeignKey(
        ServiceType, on_delete=models.PROTECT, related_name="versions", verbose_name=_("service type")
    )
    number = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("summary"), max_length=2000)
    legal_basis = models.TextField(_("legal basis"), max_length=4000)
    target_groups = models.TextField(_("target groups"), max_length=2000)
    service_standard = models.TextField(_("service standard"), max_length=8000)
    delivery_form = models.CharField(_("form of delivery"), max_length=20, choices=DeliveryForm.choices)
    is_cus_social_service = models.BooleanField(
        _("social service under the CUS act"),
        default=True,
        help_text=_("A social service within the meaning of the act on social services centres (2019)."),
    )
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )
    change_note = models.CharField(_("change note"), max_length=500)
    search_text = models.TextField(editable=False, default="")
    name_search = models.CharField(max_length=200, editable=False, default="")
    target_groups_search = models.TextField(editable=False, default="")
    sort_name = models.CharField(max_length=200, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("service card version")
        verbose_name_plural = _("service card versions")
        ordering = ["service_type", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["service_type", "number"], name="catalogue_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.number})"

    def modules(self, variant: str) -> list["ProgrammeModule"]:
        return [module for module in self.programme_modules.all() if module.variant == variant]

    @property
    def cis_modules(self) -> list["ProgrammeModule"]:
        return self.modules(ProgrammeVariant.CIS)

    @property
    def kis_modules(self) -> list["ProgrammeModule"]:
        return self.modules(ProgrammeVariant.KIS)

    @property
    def cis_hours(self) -> int:
        return sum(module.hours for module in self.cis_modules)

    @property
    def kis_hours(self) -> int:
        return sum(module.hours for module in self.kis_modules)


class Qualification(models.Model):
    """Product c: a qualification the provider's workers must (or should) have."""

    version = models.ForeignKey(ServiceCardVersion, on_delete=models.CASCADE, related_name="qualifications")
    order = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    requirement = models.TextField(_("requirement"), max_length=2000)
    hours = models.PositiveIntegerField(_("training hours"), null=True, blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    met_by = models.CharField(
        _("met by"),
        max_length=20,
        choices=MetBy.choices,
        default=MetBy.EVIDENCE,
        help_text=_(
            "Whether completing the card's CIS/KIS preparatory course is enough, or only a document "
            "(certificate, diploma, licence) counts."
        ),
    )

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["version", "order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def met_by_course(self) -> bool:
        return self.met_by in MET_BY_COURSE


class ProgrammeModule(models.Model):
    """Product d: one module of the preparatory course, separately for CIS and for KIS."""

    version = models.ForeignKey(ServiceCardVersion, on_delete=models.CASCADE, related_name="programme_modules")
    variant = models.CharField(_("course"), max_length=3, choices=ProgrammeVariant.choices)
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    hours = models.PositiveIntegerField(_("hours"))
    learning_outcomes = models.TextField(_("learning outcomes"), max_length=3000)

    class Meta:
        verbose_name = _("programme module")
        verbose_name_plural = _("programme modules")
        ordering = ["version", "variant", "order", "id"]

    def __str__(self) -> str:
        return self.title


class MinimumResource(models.Model):
    """Product e: part of the minimum organisational and technical resources of a provider."""

    version = models.ForeignKey(ServiceCardVersion, on_delete=models.CASCADE, related_name="minimum_resources")
    order = models.PositiveSmallIntegerField(default=0)
    category = models.CharField(_("category"), max_length=20, choices=ResourceCategory.choices)
    description = models.TextField(_("description"), max_length=2000)

    class Meta:
        verbose_name = _("minimum resource")
        verbose_name_plural = _("minimum resources")
        ordering = ["version", "order", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class ReadinessCriterion(models.Model):
    """Product f: a criterion confirming that a CIS/KIS (or its PES) is ready to deliver the service."""

    version = models.ForeignKey(ServiceCardVersion, on_delete=models.CASCADE, related_name="readiness_criteria")
    order = models.PositiveSmallIntegerField(default=0)
    description = models.TextField(_("criterion"), max_length=2000)
    evidence = models.TextField(_("evidence required"), max_length=2000)

    class Meta:
        verbose_name = _("readiness criterion")
        verbose_name_plural = _("readiness criteria")
        ordering = ["version", "order", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class MonitoringIndicator(models.Model):
    version = models.ForeignKey(ServiceCardVersion, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=60)
    description = models.TextField(_("description"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("monitoring indicator")
        verbose_name_plural = _("monitoring indicators")
        ordering = ["version", "order", "id"]

    def __str__(self) -> str:
        return self.name


auditlog.register(ServiceType, exclude_fields=["source_hash"])
auditlog.register(
    ServiceCardVersion, exclude_fields=["search_text", "name_search", "target_groups_search", "sort_name"]
)
auditlog.register(Qualification)
auditlog.register(ProgrammeModule)
auditlog.register(MinimumResource)
auditlog.register(ReadinessCriterion)
auditlog.register(MonitoringIndicator)
