"""What a unit's page shows of the apps above territory (decision 0004: a lower app shows a higher app's data
through providers the higher apps register in their ``AppConfig.ready()``).

The territory page knows no organisations or staffing needs: ``registry`` registers the organisations in the
unit, ``staffing`` the links to its overview and needs. A provider takes the unit and the user and answers a
:class:`Panel` (or None: nothing to show this user) in a fixed number of queries, whatever the unit.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.checks import Error, register

# The panels the unit page shows, in the order of the page.
PANELS = ("organisations", "staffing")


@dataclass(frozen=True)
class Panel:
    title: str
    template_name: str
    context: dict[str, Any] = field(default_factory=dict)


Provider = Callable[..., Panel | None]  # provider(*, unit, user)
_providers: dict[str, Provider] = {}


def provide(panel: str, provider: Provider) -> None:
    """Register ``provider`` for ``panel``: a panel the page does not show, or provided twice, is refused."""
    if panel not in PANELS:
        raise ValueError(f"the unit page shows no panel {panel!r}")
    if panel in _providers and _providers[panel] is not provider:
        raise ValueError(f"the panel {panel!r} has a provider already")
    _providers[panel] = provider


def panels_for(*, unit, user) -> list[Panel]:
    """The panels of ``unit``'s page for ``user``, in page order (those a provider has nothing for left out)."""
    shown = []
    for name in PANELS:
        provider = _providers.get(name)
        panel = provider(unit=unit, user=user) if provider is not None else None
        if panel is not None:
            shown.append(panel)
    return shown


@register()
def check_every_panel_has_a_provider(app_configs, **kwargs) -> list[Error]:
    return [
        Error(
            f"No app provides the unit-page panel {name!r}.",
            hint="Register a provider with kooperacja.territory.panels.provide() in an AppConfig.ready().",
            id="territory.E001",
        )
        for name in PANELS
        if name not in _providers
    ]
