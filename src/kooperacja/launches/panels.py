"""What a launch's page shows of the apps above ``launches`` (decision 0004: a lower app shows a higher app's
data through providers the higher apps register in their ``AppConfig.ready()``).

``founding`` registers the founding group's panel (members, model, plan, registration). A provider takes the launch
and the user and answers a :class:`Panel` (or None: nothing to show this user).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# The panels the launch page shows, in the order of the page.
PANELS = ("founding",)


@dataclass(frozen=True)
class Panel:
    title: str
    template_name: str
    context: dict[str, Any] = field(default_factory=dict)


Provider = Callable[..., Panel | None]  # provider(*, launch, user)
_providers: dict[str, Provider] = {}


def provide(panel: str, provider: Provider) -> None:
    """Register ``provider`` for ``panel``: a panel the page does not show, or provided twice, is refused."""
    if panel not in PANELS:
        raise ValueError(f"the launch page shows no panel {panel!r}")
    if panel in _providers and _providers[panel] is not provider:
        raise ValueError(f"the panel {panel!r} has a provider already")
    _providers[panel] = provider


def panels_for(*, launch, user) -> list[Panel]:
    """The panels of ``launch``'s page for ``user``, in page order (those a provider has nothing for left out)."""
    shown = []
    for name in PANELS:
        provider = _providers.get(name)
        panel = provider(launch=launch, user=user) if provider is not None else None
        if panel is not None:
            shown.append(panel)
    return shown
