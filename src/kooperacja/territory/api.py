from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from kooperacja.core.api import Pagination
from kooperacja.core.routes import PUBLIC, api_rule
from kooperacja.territory import selectors
from kooperacja.territory.models import Level

router = Router(tags=["territory"])


class UnitOut(Schema):
    code: str
    name: str = Field(..., alias="display_name")
    level: str
    municipality_type: str | None = None
    parent: str | None = Field(None, alias="parent_id")
    population: int | None = None
    area_km2: float | None = None
    latitude: float | None = None
    longitude: float | None = None


class DistanceOut(Schema):
    origin: str
    destination: str
    distance_km: float


api_rule("territory-units", PUBLIC)


@router.get("/units", response=list[UnitOut], url_name="territory-units")
@paginate(Pagination)
def list_units(request, level: Level | None = None, parent: str | None = None, q: str | None = None):
    """Units by level (wojewodztwo, powiat, gmina), parent code prefix and name (accents ignored)."""
    return selectors.unit_list(level=level, parent=parent, q=q)


api_rule("territory-unit", PUBLIC)


@router.get("/units/{code}", response=UnitOut, url_name="territory-unit")
def get_unit(request, code: str):
    return selectors.unit_get(code=code)


api_rule("territory-distance", PUBLIC)


@router.get("/distance", response=DistanceOut, url_name="territory-distance")
def get_distance(request, origin: str, destination: str):
    """Straight-line distance in km between two municipalities' centroids."""
    a = selectors.unit_get(code=origin)
    b = selectors.unit_get(code=destination)
    km = selectors.distance_km(origin=a, destination=b)
    if km is None:
        raise Http404
    return DistanceOut(origin=a.code, destination=b.code, distance_km=round(km, 2))
