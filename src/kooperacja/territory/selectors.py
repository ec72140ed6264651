from django.db.models import Count, QuerySet, Sum
from django.http import Http404

from kooperacja.core.text import fold
from kooperacja.territory.models import Level, Unit, haversine_km


def unit_list(*, level: str | None = None, parent: str | None = None, q: str | None = None) -> QuerySet[Unit]:
    units = Unit.objects.select_related("parent", "parent__parent")
    if level:
        units = units.filter(level=level)
    if parent:
        # A county's municipalities, or every unit within a voivodeship/county (by code prefix).
        units = units.filter(code__startswith=parent).exclude(code=parent)
    if q:
        units = units.search(q)
    return units


def unit_get(*, code: str) -> Unit:
    try:
        return Unit.objects.select_related("parent", "parent__parent").get(code=code)
    except Unit.DoesNotExist as exc:
        raise Http404(code) from exc


def unit_children(*, unit: Unit) -> QuerySet[Unit]:
    children = unit.children.all()
    if unit.level == Level.VOIVODESHIP:
        children = children.annotate(municipality_count=Count("children"), population_total=Sum("children__population"))
    return children


def unit_ancestors(*, unit: Unit) -> list[Unit]:
    chain = []
    current = unit.parent
    while current is not None:
        chain.append(current)
        current = current.parent
    return list(reversed(chain))


def unit_population(*, unit: Unit) -> int | None:
    if unit.level == Level.MUNICIPALITY:
        return unit.population
    return Unit.objects.filter(level=Level.MUNICIPALITY, code__startswith=unit.code).aggregate(total=Sum("population"))[
        "total"
    ]


def distance_km(*, origin: Unit, destination: Unit) -> float | None:
    """Straight-line distance between two municipalities' centroids, in km (None if unknown)."""
    if (
        origin.latitude is None
        or origin.longitude is None
        or destination.latitude is None
        or destination.longitude is None
    ):
        return None
    return haversine_km(origin.latitude, origin.longitude, destination.latitude, destination.longitude)


# --- lookups for the other apps (they never query Unit themselves) -------------------------------------------


def unit_find(*, code: str) -> Unit | None:
    """The unit with exactly this TERYT code (with its county and voivodeship), or None."""
    return Unit.objects.select_related("parent", "parent__parent").filter(code=str(code or "").strip()).first()


def unit_resolve(value) -> Unit | None:
    """A Unit given as itself or by its TERYT code; None for an empty or unknown value."""
    if value in (None, ""):
        return None
    return value if isinstance(value, Unit) else unit_find(code=value)


def unit_levels_and_names() -> dict[str, tuple[str, str]]:
    """Every unit's TERYT code with its level and name, in one query: what a bulk import resolves codes
    against instead of asking :func:`unit_find` once per row."""
    return {code: (level, name) for code, level, name in Unit.objects.values_list("code", "level", "name")}


def unit_names(*, codes) -> dict[str, str]:
    """Display names of the units with these codes."""
    return {unit.code: unit.display_name for unit in Unit.objects.filter(code__in=set(codes))}


def unit_by_code_or_name(*, value: str | None, level: str) -> Unit | None:
    """A unit of ``level`` given by its TERYT code or by its exact name (if only one unit has it), or None."""
    value = (value or "").strip()
    if not value:
        return None
    unit = Unit.objects.filter(code=value, level=level).first()
    if unit is None:
        matches = list(Unit.objects.filter(level=level, search_name=fold(value))[:2])
        unit = matches[0] if len(matches) == 1 else None
    return unit


def voivodeships() -> QuerySet[Unit]:
    return Unit.objects.filter(level=Level.VOIVODESHIP)


def counties_of(*, voivodeship: str | None) -> QuerySet[Unit]:
    if not voivodeship:
        return Unit.objects.none()
    return Unit.objects.filter(level=Level.COUNTY, code__startswith=voivodeship)
