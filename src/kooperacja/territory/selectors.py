from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Substr
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from kooperacja.core.text import fold
from kooperacja.territory.models import Level, Unit, haversine_km, within


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


@dataclass(frozen=True)
class UnitFigures:
    """A unit's population (31 Dec 2023) and area (1 Jan 2024) from the shipped GUS data — a county's and a
    voivodeship's are the sums of their municipalities' — with its density and its place by population among
    the units of its level in its parent (or among all voivodeships)."""

    population: int | None
    area_km2: Decimal | None
    rank: int | None
    siblings: int

    @property
    def density(self) -> float | None:
        if not self.population or not self.area_km2:
            return None
        return self.population / float(self.area_km2)


def _rank(own: int | None, populations) -> int | None:
    if own is None:
        return None
    return 1 + sum(1 for population in populations if population is not None and population > own)


def unit_figures(*, unit: Unit) -> UnitFigures:
    """One query: the unit's siblings' figures (a municipality's stand in its row; a county's and a
    voivodeship's are summed from the municipalities, grouped by code)."""
    if unit.level == Level.MUNICIPALITY:
        rows = list(Unit.objects.filter(parent_id=unit.parent_id).values_list("code", "population", "area_km2"))
    else:
        length = len(unit.code)
        municipalities = Unit.objects.filter(level=Level.MUNICIPALITY)
        if unit.level == Level.COUNTY:
            municipalities = municipalities.filter(within("code", unit.code[:2]))
        rows = list(
            municipalities.annotate(group=Substr("code", 1, length))
            .values("group")
            .annotate(population=Sum("population"), area=Sum("area_km2"))
            .order_by("group")
            .values_list("group", "population", "area")
        )
    own = next((row for row in rows if row[0] == unit.code), (unit.code, None, None))
    return UnitFigures(
        population=own[1],
        area_km2=own[2],
        rank=_rank(own[1], [row[1] for row in rows if row[0] != unit.code]),
        siblings=len(rows),
    )


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


def unit_names(*, codes) -> dict[str, str]:
    """Display names of the units with these codes."""
    return {unit.code: unit.display_name for unit in Unit.objects.filter(code__in=set(codes))}


def units_with_codes(*, codes) -> QuerySet[Unit]:
    """The units with these codes, with their county and voivodeship."""
    return Unit.objects.filter(code__in=set(codes)).select_related("parent", "voivodeship")


def units_matching(*, value, levels=None) -> list[Unit]:
    """The units ``value`` (a Unit, a TERYT code or a name) may mean: the unit with this code, else every unit of
    ``levels`` whose name is ``value`` (case and Polish diacritics ignored), with its county and voivodeship.
    Several units share a name (Grudziądz the city and the rural municipality): the caller asks which one,
    it never takes the first. With no unit of ``levels`` so named, the units of other levels so named are
    returned, so that the caller can say the level is wrong."""
    value = str(value.pk if isinstance(value, Unit) else value or "").strip()  # a Unit is read again with its parents
    if not value:
        return []
    units = Unit.objects.select_related("parent", "parent__parent", "voivodeship")
    if value.isdigit():
        return list(units.filter(code=value))
    named = list(units.filter(search_name=fold(value)).order_by("sort_name", "code"))
    levels = [levels] if isinstance(levels, str) else list(levels or [])
    if levels:
        return [unit for unit in named if unit.level in levels] or named
    return named


UNIT_MESSAGES = {
    "invalid_choice": _("There is no territorial unit with this TERYT code or name."),
    "wrong_level": _("Choose a %(level)s."),
    "ambiguous_codes": _("More than one unit is called “%(name)s” (TERYT %(codes)s); give the TERYT code."),
}


def describe_units(units) -> str:
    """ "0406012 (gmina wiejska, powiat grudziądzki), 0462011 (gmina miejska, miasto na prawach powiatu
    Grudziądz)": the candidates an error about an ambiguous name lists."""
    return ", ".join(f"{unit.code} ({unit.place_label})" for unit in units)


def unit_lookup(value, *, levels) -> Unit:
    """The unit ``value`` (a Unit, a TERYT code or a name) means among ``levels``; a ValidationError (without a
    field) when there is none, when it is of another level, or when several units bear the name: the error
    names their TERYT codes, and none of them is taken."""
    levels = [levels] if isinstance(levels, str) else list(levels)
    candidates = [value] if isinstance(value, Unit) else units_matching(value=value, levels=levels)
    of_level = [unit for unit in candidates if unit.level in levels]
    if len(of_level) == 1:
        return of_level[0]
    if len(of_level) > 1:
        raise ValidationError(
            UNIT_MESSAGES["ambiguous_codes"],
            code="ambiguous",
            params={"name": str(value).strip(), "codes": describe_units(of_level)},
        )
    if not candidates:
        raise ValidationError(UNIT_MESSAGES["invalid_choice"], code="invalid_choice")
    label = " / ".join(str(Level(level).label) for level in levels)
    raise ValidationError(UNIT_MESSAGES["wrong_level"], code="wrong_level", params={"level": label})


class UnitIndex:
    """Every unit read once — code → (level, name), and (level, folded name) → codes — for bulk imports, which
    resolve the code or the name of every row without a query each."""

    def __init__(self):
        self.by_code: dict[str, tuple[str, str]] = {}
        self.by_name: dict[tuple[str, str], list[str]] = {}
        self.described: dict[tuple[str, ...], str] = {}
        for code, level, name, search_name in Unit.objects.values_list("code", "level", "name", "search_name"):
            self.by_code[code] = (level, name)
            self.by_name.setdefault((level, search_name), []).append(code)

    def get(self, code: str) -> tuple[str, str] | None:
        return self.by_code.get(code)

    def codes_named(self, value: str, *, level: str) -> list[str]:
        return self.by_name.get((level, fold(value)), [])

    def municipality(self, value) -> str:
        """The code of the municipality ``value`` (a code or a name) means; a ValidationError as
        :func:`unit_lookup` raises it otherwise."""
        text = str(value or "").strip()
        found = self.by_code.get(text)
        if found is not None:
            if found[0] != Level.MUNICIPALITY:
                raise ValidationError(
                    UNIT_MESSAGES["wrong_level"], code="wrong_level", params={"level": Level.MUNICIPALITY.label}
                )
            return text
        codes = self.codes_named(text, level=Level.MUNICIPALITY) if text and not text.isdigit() else []
        if len(codes) == 1:
            return codes[0]
        if codes:
            raise ValidationError(
                UNIT_MESSAGES["ambiguous_codes"], code="ambiguous", params={"name": text, "codes": self.describe(codes)}
            )
        raise ValidationError(UNIT_MESSAGES["invalid_choice"], code="invalid_choice")

    def describe(self, codes) -> str:
        """As :func:`describe_units`; read once per set of codes (a file may repeat an ambiguous name often)."""
        key = tuple(sorted(codes))
        if key not in self.described:
            units = Unit.objects.select_related("parent", "voivodeship").filter(code__in=key).order_by("code")
            self.described[key] = describe_units(units)
        return self.described[key]


def voivodeships() -> QuerySet[Unit]:
    return Unit.objects.filter(level=Level.VOIVODESHIP)


def counties_of(*, voivodeship: str | None) -> QuerySet[Unit]:
    if not voivodeship:
        return Unit.objects.none()
    return Unit.objects.filter(level=Level.COUNTY, code__startswith=voivodeship)
