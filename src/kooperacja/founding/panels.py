"""The founding group's panel on the launch page (``launches.panels``)."""

from django.utils.translation import gettext as _

from kooperacja.founding import selectors
from kooperacja.launches.panels import Panel


def founding_panel(*, launch, user) -> Panel | None:
    group = selectors.group_of_launch(user=user, launch=launch)
    if group is None:
        return None
    return Panel(
        title=_("Founding of the cooperative"),
        template_name="founding/_launch_panel.html",
        context={
            "group": group,
            "size": selectors.size_status(group),
            "plan": selectors.plan_of(group),
            "steps": selectors.steps_of(group),
        },
    )
