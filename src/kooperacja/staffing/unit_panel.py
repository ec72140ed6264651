"""The staffing links of a territorial unit's page (``territory.panels``; registered in ``StaffingConfig.ready``):
the overview of open positions against people in training, ready and placed, and the needs list, both narrowed
to the unit. No query: only links, for who may see staffing needs."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from kooperacja.territory.panels import Panel


def staffing_panel(*, unit, user) -> Panel | None:
    if not user.has_perm("staffing.view_needs"):
        return None
    query = urlencode({"territory": unit.code})
    return Panel(
        title=str(_("Staffing")),
        template_name="staffing/unit_panel.html",
        context={
            "overview_url": f"{reverse('staffing:index')}?{query}",
            "needs_url": f"{reverse('staffing:need-list')}?{query}",
        },
    )
