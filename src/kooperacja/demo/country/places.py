"""The country's territory as the generator uses it: municipalities with their population, counties,
voivodeships, subregions, and drawing places in proportion to population."""

import bisect
import itertools
import math
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from kooperacja.territory.models import Level, Unit

# A municipality without a population figure in the data counts as this many people.
DEFAULT_POPULATION = 3000

# Subregions (NUTS 3) per voivodeship: each OWES serves one. The data ship no subregion map, so the counties of
# a voivodeship are grouped around its most populous counties (the subregions' centres), by distance.
SUBREGIONS = {
    "02": 5, "04": 5, "06": 4, "08": 2, "10": 5, "12": 7, "14": 9, "16": 2,
    "18": 4, "20": 3, "22": 6, "24": 8, "26": 2, "28": 3, "30": 6, "32": 4,
}  # fmt: skip


@dataclass(eq=False)  # one instance per code: compared and hashed by identity
class Municipality:
    code: str
    name: str
    population: int
    latitude: float | None
    longitude: float | None
    municipality_type: str

    @property
    def county(self) -> str:
        return self.code[:4]

    @property
    def voivodeship(self) -> str:
        return self.code[:2]


@dataclass
class Territory:
    municipalities: list[Municipality]
    by_code: dict[str, Municipality]
    counties: dict[str, str]  # code -> name
    voivodeships: dict[str, str]  # code -> name (lower case, as people write it)
    in_county: dict[str, list[Municipality]] = field(default_factory=dict)
    in_voivodeship: dict[str, list[Municipality]] = field(default_factory=dict)
    subregions: dict[str, list[str]] = field(default_factory=dict)  # centre county -> its counties
    _weights: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        for municipality in self.municipalities:
            self.in_county.setdefault(municipality.county, []).append(municipality)
            self.in_voivodeship.setdefault(municipality.voivodeship, []).append(municipality)
        self._weights = list(itertools.accumulate(m.population for m in self.municipalities))
        self.subregions = _subregions(self)

    def county_population(self, county: str) -> int:
        return sum(m.population for m in self.in_county.get(county, ()))

    def draw(self, rng: random.Random) -> Municipality:
        """A municipality drawn in proportion to its population."""
        point = rng.random() * self._weights[-1]
        return self.municipalities[bisect.bisect_right(self._weights, point)]

    def near(self, rng: random.Random, home: Municipality, *, same_county: float = 0.75) -> Municipality:
        """Where someone attached to ``home`` lives or works: the same municipality or county mostly, else the
        voivodeship (each drawn by population)."""
        pool = self.in_county[home.county] if rng.random() < same_county else self.in_voivodeship[home.voivodeship]
        return weighted_choice(rng, pool, [m.population for m in pool])


def weighted_choice(rng: random.Random, items: Sequence, weights: Sequence[float]):
    return rng.choices(items, weights=weights, k=1)[0]


def sample_by_population(
    rng: random.Random, items: Sequence, weights: Sequence[float], count: int, *, forced: Sequence = ()
) -> list:
    """``count`` distinct items, the more populous more likely (Efraimidis–Spirakis keys), ``forced`` first."""
    chosen = list(dict.fromkeys(forced))
    if count >= len(items):
        return chosen + [item for item in items if item not in set(chosen)]
    seen = set(chosen)
    keyed = sorted(
        ((rng.random() ** (1.0 / max(weight, 1.0)), index) for index, weight in enumerate(weights)), reverse=True
    )
    for _key, index in keyed:
        if len(chosen) >= count:
            break
        if items[index] not in seen:
            seen.add(items[index])
            chosen.append(items[index])
    return chosen


def territory_load() -> Territory:
    """The loaded TERYT units (``manage.py load_territory``) with their population, in code order."""
    names: dict[str, str] = {}
    counties: dict[str, str] = {}
    voivodeships: dict[str, str] = {}
    municipalities = []
    rows = Unit.objects.order_by("code").values_list(
        "code", "name", "level", "population", "latitude", "longitude", "municipality_type"
    )
    for code, name, level, population, latitude, longitude, municipality_type in rows:
        names[code] = name
        if level == Level.VOIVODESHIP:
            voivodeships[code] = name.lower()
        elif level == Level.COUNTY:
            counties[code] = name
        else:
            municipalities.append(
                Municipality(code, name, population or DEFAULT_POPULATION, latitude, longitude, municipality_type)
            )
    return Territory(municipalities, {m.code: m for m in municipalities}, counties, voivodeships)


def _centroid(municipalities: Sequence[Municipality]) -> tuple[float, float]:
    located = [m for m in municipalities if m.latitude is not None and m.longitude is not None]
    if not located:
        return 0.0, 0.0
    total = sum(m.population for m in located)
    latitude = sum(m.latitude * m.population for m in located if m.latitude is not None) / total
    longitude = sum(m.longitude * m.population for m in located if m.longitude is not None) / total
    return latitude, longitude


def _subregions(territory: Territory) -> dict[str, list[str]]:
    """Centre county -> counties of its subregion, for every voivodeship (see ``SUBREGIONS``)."""
    by_voivodeship: dict[str, list[str]] = defaultdict(list)
    for county in sorted(territory.in_county):
        by_voivodeship[county[:2]].append(county)
    groups: dict[str, list[str]] = {}
    for voivodeship, counties in sorted(by_voivodeship.items()):
        ranked = sorted(counties, key=lambda c: (-territory.county_population(c), c))
        centres = ranked[: max(1, min(SUBREGIONS.get(voivodeship, 3), len(counties)))]
        points = {c: _centroid(territory.in_county[c]) for c in counties}
        for centre in centres:
            groups[centre] = []
        for county in counties:
            latitude, longitude = points[county]

            def distance(centre: str, latitude: float = latitude, longitude: float = longitude, points=points) -> float:
                other = points[centre]
                return math.hypot(latitude - other[0], (longitude - other[1]) * math.cos(math.radians(latitude)))

            groups[min(centres, key=lambda c: (distance(c), c))].append(county)
    return groups
