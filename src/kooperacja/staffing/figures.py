"""Figures per staffing-plan line that the apps above staffing own (decision 0004).

The staffing plan shows, per line, how many people are in training, ready and placed. Those numbers are the
training and placement apps' data, and staffing imports neither: each registers a provider here in its
``AppConfig.ready()``. A provider takes the ids of all lines of a page and answers, in a fixed number of queries,
``{figure: {line id: count}}`` for the figures it provides.
"""

from collections.abc import Callable, Iterable

from django.core.checks import Error, register
from django.utils.translation import gettext_lazy as _

# The figures the plan shows beside "needed", in the order of the page.
FIGURES = {
    "in_training": _("In training"),
    "ready": _("Ready"),
    "placed": _("Placed"),
}

Provider = Callable[[list[int]], dict[str, dict[int, int]]]
_providers: dict[str, Provider] = {}


def provide(figures: Iterable[str], provider: Provider) -> None:
    """Register ``provider`` for ``figures``: a figure the plan does not show, or provided twice, is refused."""
    for figure in figures:
        if figure not in FIGURES:
            raise ValueError(f"the staffing plan shows no figure {figure!r}")
        if figure in _providers and _providers[figure] is not provider:
            raise ValueError(f"the figure {figure!r} has a provider already")
        _providers[figure] = provider


def line_figures(line_ids: list[int]) -> dict[str, dict[int, int]]:
    """Every figure of every line: ``{figure: {line id: count}}`` (0 where a provider says nothing)."""
    result = {figure: dict.fromkeys(line_ids, 0) for figure in FIGURES}
    if not line_ids:
        return result
    for provider in dict.fromkeys(_providers.values()):  # each provider once, in registration order
        for figure, counts in provider(line_ids).items():
            result[figure].update(counts)
    return result


@register()
def check_every_figure_has_a_provider(app_configs, **kwargs) -> list[Error]:
    missing = [figure for figure in FIGURES if figure not in _providers]
    return [
        Error(
            f"No app provides the staffing-plan figure {figure!r}.",
            hint="Register a provider with kooperacja.staffing.figures.provide() in an AppConfig.ready().",
            id="staffing.E001",
        )
        for figure in missing
    ]
