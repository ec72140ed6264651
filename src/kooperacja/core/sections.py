"""The navigation: the foundation registers, the three spheres of the model and the 3D cooperation."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    slug: str
    label: Promise
    summary: Promise
    url_name: str | None = None  # None: the section is announced but not built yet
    coming: Promise | None = None
    extra_namespaces: tuple[str, ...] = ()

    @property
    def namespaces(self) -> tuple[str, ...]:
        """URL namespaces whose pages belong to this section (for highlighting the navigation)."""
        own = (self.url_name.split(":")[0],) if self.url_name else ()
        return own + self.extra_namespaces


SECTIONS: tuple[Section, ...] = (
    Section(
        "territory",
        _("Territory"),
        _("Voivodeships, counties and municipalities of Poland (TERYT), with population and distances."),
        url_name="territory:index",
    ),
    Section(
        "registry",
        _("Organisations"),
        _("CIS, KIS, social cooperatives, OPS, PUP, OWES and every other partner of local cooperation."),
        url_name="registry:list",
    ),
    Section(
        "catalogue",
        _("Service catalogue"),
        _("Unified cards of social services: standards, qualifications, training programmes, readiness."),
        url_name="catalogue:list",
    ),
    Section(
        "sphere1",
        _("Staffing"),
        _("Sphere 1: staffing needs of service providers, joint diagnosis, training in CIS/KIS and placement."),
        url_name="staffing:index",
        extra_namespaces=("training", "placement", "admission"),
    ),
    Section(
        "sphere2",
        _("New social enterprises"),
        _("Sphere 2: service packages launched by the municipality and founding groups of social cooperatives."),
        url_name="launches:index",
        extra_namespaces=("selection",),
    ),
    Section(
        "sphere3",
        _("Commissioning"),
        _(
            "Sphere 3: offers and cooperation agreements, providers' readiness, commissioning social services from "
            "ready providers and monitoring their delivery."
        ),
        url_name="commissioning:index",
        extra_namespaces=("agreements", "readiness", "delivery"),
    ),
    Section(
        "cooperation3d",
        _("Kooperacje 3D"),
        _("Multi-sector cooperation: partnership of institutions, task teams and a plan around one family."),
        coming=_(
            "The partnership of institutions (PZK) will meet and map local resources; task teams (ZZK) will work "
            "with a family on a shared diagnosis, plan and social contract."
        ),
    ),
)

SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}
