"""Loading the TERYT register and the municipality statistics shipped in ``territory/data``."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from kooperacja.territory.models import Level, Unit

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def territory_load(*, data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Create or update every unit of ``teryt_units.csv`` with the statistics of ``gmina_stats.csv``.

    Idempotent: running it again changes nothing. Returns the number of units per level.
    """
    stats = {row["code"]: row for row in _read(data_dir / "gmina_stats.csv")}
    rows = _read(data_dir / "teryt_units.csv")
    units = []
    for row in rows:
        code = row["code"]
        stat = stats.get(code, {})
        unit = Unit(
            code=code,
            name=row["name"],
            level=row["level"],
            municipality_type=row["gmina_type"] or "",
            parent_id=row["parent_code"] or None,
            voivodeship_id=code[:2] if row["level"] != Level.VOIVODESHIP else None,
            population=int(stat["population_total"]) if stat.get("population_total") else None,
            area_km2=Decimal(stat["area_km2"]) if stat.get("area_km2") else None,
            latitude=float(stat["lat"]) if stat.get("lat") else None,
            longitude=float(stat["lon"]) if stat.get("lon") else None,
        )
        unit.fill_derived_names()
        units.append(unit)
    level_order: dict[str, int] = {Level.VOIVODESHIP: 0, Level.COUNTY: 1, Level.MUNICIPALITY: 2}
    units.sort(key=lambda u: level_order[u.level])
    update_fields = [
        "name",
        "level",
        "municipality_type",
        "parent",
        "voivodeship",
        "search_name",
        "sort_name",
        "population",
        "area_km2",
        "latitude",
        "longitude",
    ]
    Unit.objects.bulk_create(
        units, batch_size=500, update_conflicts=True, unique_fields=["code"], update_fields=update_fields
    )
    counts: dict[str, int] = {}
    for unit in units:
        counts[unit.level] = counts.get(unit.level, 0) + 1
    return counts
