"""Which cooperative models a municipality or county needs most (F8.2), with reasons a person can read.

The score is a sum of points, each with its sentence:

- every problem the user states (a target group or a service area) that the model answers: +30;
- every catalogue service of the model that no provider in the unit is confirmed ready for: +15;
- open positions in the unit's staffing needs for the model's services: +2 each, at most +20;
- the model already runs (active or negotiating) in the unit: −20 (less need);
- it runs nearby (the same county for a municipality, the same voivodeship for a county): +10 (a partner);
- a start-up capital from 100,000 zł for a municipality under 10,000 residents: −10.

Ties are broken by the model's name and code: the same data always gives the same order.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kooperacja.cooperatives.models import CooperativeModel, Franchisee, FranchiseState, ServiceArea, TargetGroup
from kooperacja.cooperatives.selectors import models_for_choice
from kooperacja.readiness import selectors as readiness
from kooperacja.staffing import selectors as staffing
from kooperacja.territory import selectors as territory
from kooperacja.territory.models import Level, Unit, within

PROBLEM_POINTS = 30
MISSING_SERVICE_POINTS = 15
POSITION_POINTS = 2
MAX_POSITION_POINTS = 20
RUNS_HERE_POINTS = -20
NEARBY_POINTS = 10
CAPITAL_POINTS = -10
HIGH_CAPITAL = 100_000
SMALL_MUNICIPALITY = 10_000
OPEN_FRANCHISE = (FranchiseState.NEGOTIATING, FranchiseState.ACTIVE)


def problem_choices() -> list[tuple[str, str]]:
    """The problems a user may state: the target groups, then the service areas (their values do not clash)."""
    return [*TargetGroup.choices, *ServiceArea.choices]


@dataclass(frozen=True)
class Reason:
    text: str
    points: int = 0


@dataclass
class Recommendation:
    model: CooperativeModel
    reasons: list[Reason] = field(default_factory=list)
    missing_services: list[str] = field(default_factory=list)
    open_positions: int = 0

    @property
    def score(self) -> int:
        return sum(reason.points for reason in self.reasons)


def _names(items) -> str:
    return ", ".join(str(item) for item in items)


def _open_positions(unit: Unit) -> dict[int, int]:
    positions: dict[int, int] = defaultdict(int)
    for need in staffing.open_needs_for_matching(territory_code=unit.code):
        positions[need.card_version.service_type_id] += max(need.headcount - need.filled_count, 0)
    return positions


def _wider(unit: Unit) -> str:
    """The code of the area whose franchisees count as nearby: a municipality's county, a county's voivodeship."""
    return unit.code[:4] if unit.level == Level.MUNICIPALITY else unit.code[:2]


def _franchises(wider_code: str) -> dict[int, list[Franchisee]]:
    found: dict[int, list[Franchisee]] = defaultdict(list)
    rows = (
        Franchisee.objects.filter(within("unit_id", wider_code), state__in=OPEN_FRANCHISE)
        .select_related("unit", "organisation")
        .order_by("unit__sort_name", "id")
    )
    for franchisee in rows:
        found[franchisee.model_id].append(franchisee)
    return found


def recommend_models(unit: Unit, problems=None, *, on: date | None = None) -> list[Recommendation]:
    """The published models ranked for ``unit`` (a municipality or a county), best first, with their reasons."""
    on = on or timezone.localdate()
    stated = [value for value, _label in problem_choices() if value in set(problems or [])]
    labels = dict(problem_choices())
    models = list(models_for_choice().prefetch_related("service_types__current_version"))
    ready = set(readiness.confirmed_providers(unit=unit.code, on=on).values_list("service_type_id", flat=True))
    positions = _open_positions(unit)
    franchises = _franchises(_wider(unit))
    population = territory.unit_figures(unit=unit).population
    wider_name = territory.unit_names(codes=[_wider(unit)]).get(_wider(unit), _wider(unit))
    place = unit.display_name
    results = []
    for model in models:
        result = Recommendation(model=model)
        reasons = result.reasons
        if stated:
            answered = [value for value in stated if value in model.target_groups or value in model.service_areas]
            if answered:
                reasons.append(
                    Reason(
                        _("Answers %(count)s of the %(total)s problems stated: %(names)s.")
                        % {"count": len(answered), "total": len(stated), "names": _names(labels[v] for v in answered)},
                        PROBLEM_POINTS * len(answered),
                    )
                )
            else:
                reasons.append(Reason(_("Answers none of the problems stated.")))
        services = sorted(model.service_types.all(), key=lambda service: service.code)
        missing = [service for service in services if service.pk not in ready]
        covered = [service for service in services if service.pk in ready]
        result.missing_services = [_service_name(service) for service in missing]
        if missing:
            reasons.append(
                Reason(
                    ngettext(
                        "No provider in %(place)s is confirmed ready for %(count)s of its catalogue services: "
                        "%(names)s.",
                        "No provider in %(place)s is confirmed ready for %(count)s of its catalogue services: "
                        "%(names)s.",
                        len(missing),
                    )
                    % {"place": place, "count": len(missing), "names": _names(result.missing_services)},
                    MISSING_SERVICE_POINTS * len(missing),
                )
            )
        if covered:
            reasons.append(
                Reason(
                    _("Already delivered in %(place)s by a confirmed provider: %(names)s.")
                    % {"place": place, "names": _names(_service_name(service) for service in covered)}
                )
            )
        if not services:
            reasons.append(
                Reason(
                    _("Delivers public-utility services outside the catalogue: %(services)s.")
                    % {"services": model.other_services or "—"}
                )
            )
        open_count = sum(positions.get(service.pk, 0) for service in services)
        result.open_positions = open_count
        if open_count:
            reasons.append(
                Reason(
                    ngettext(
                        "%(count)s open position for its services in the staffing needs of %(place)s.",
                        "%(count)s open positions for its services in the staffing needs of %(place)s.",
                        open_count,
                    )
                    % {"count": open_count, "place": place},
                    min(POSITION_POINTS * open_count, MAX_POSITION_POINTS),
                )
            )
        here = [f for f in franchises.get(model.pk, []) if f.unit_id.startswith(unit.code)]
        nearby = [f for f in franchises.get(model.pk, []) if not f.unit_id.startswith(unit.code)]
        if here:
            reasons.append(
                Reason(
                    ngettext(
                        "Already runs in %(place)s (%(count)s franchisee): less need for another.",
                        "Already runs in %(place)s (%(count)s franchisees): less need for another.",
                        len(here),
                    )
                    % {"place": place, "count": len(here)},
                    RUNS_HERE_POINTS,
                )
            )
        if nearby:
            reasons.append(
                Reason(
                    _("Runs nearby in %(area)s (%(names)s): a partner to learn from.")
                    % {"area": wider_name, "names": _names(dict.fromkeys(f.unit.name for f in nearby))},
                    NEARBY_POINTS,
                )
            )
        if (
            unit.level == Level.MUNICIPALITY
            and population is not None
            and population < SMALL_MUNICIPALITY
            and (model.capital_min or 0) >= HIGH_CAPITAL
        ):
            reasons.append(
                Reason(
                    _("A start-up capital from %(capital)s zł is high for a municipality of %(population)s residents.")
                    % {
                        "capital": number_format(model.capital_min, force_grouping=True),
                        "population": number_format(population, force_grouping=True),
                    },
                    CAPITAL_POINTS,
                )
            )
        results.append(result)
    results.sort(key=lambda r: (-r.score, r.model.sort_name, r.model.code))
    return results


def _service_name(service) -> str:
    version = service.current_version
    return version.name if version is not None else service.code
