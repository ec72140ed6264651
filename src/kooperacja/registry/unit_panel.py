"""The organisations of a territorial unit, shown on the unit's page (``territory.panels``; registered in
``RegistryConfig.ready``)."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from kooperacja.registry import selectors
from kooperacja.registry.models import OrganisationKind
from kooperacja.territory.models import Level
from kooperacja.territory.panels import Panel

CENTRES_SHOWN = 30
# The organisation list's filter that narrows it to a unit of each level.
FILTER_OF_LEVEL = {Level.VOIVODESHIP: "voivodeship", Level.COUNTY: "county", Level.MUNICIPALITY: "municipality"}


def organisations_panel(*, unit, user) -> Panel | None:
    """Counts by kind and the CIS/KIS listed with links, in two queries; nothing for who may not see the
    register."""
    if not user.has_perm("registry.view_organisation"):
        return None
    counts = selectors.organisation_counts_in_unit(user=user, code=unit.code)
    centres = selectors.integration_centres_in_unit(user=user, code=unit.code, limit=CENTRES_SHOWN + 1)
    kinds = [(OrganisationKind(kind).label, count) for kind, count in counts.items()]
    kinds.sort(key=lambda row: str(row[0]))
    return Panel(
        title=str(_("Organisations")),
        template_name="registry/unit_panel.html",
        context={
            "kinds": kinds,
            "total": sum(counts.values()),
            "centres": centres[:CENTRES_SHOWN],
            "more_centres": len(centres) > CENTRES_SHOWN,
            "list_url": f"{reverse('registry:list')}?{urlencode({FILTER_OF_LEVEL[unit.level]: unit.code})}",
        },
    )
