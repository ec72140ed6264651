from django.db.models import Count, QuerySet, Sum
from django.http import Http404

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
    if not (origin.has_centroid and destination.has_centroid):
        return None
    return haversine_km(origin.latitude, origin.longitude, destination.latitude, destination.longitude)
