import math

from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core.text import fold, polish_sort_key


class Level(models.TextChoices):
    VOIVODESHIP = "wojewodztwo", _("voivodeship")
    COUNTY = "powiat", _("county")
    MUNICIPALITY = "gmina", _("municipality")


class MunicipalityType(models.TextChoices):
    URBAN = "1", _("urban municipality")
    RURAL = "2", _("rural municipality")
    URBAN_RURAL = "3", _("urban-rural municipality")


class UnitQuerySet(models.QuerySet):
    def search(self, text: str) -> "UnitQuerySet":
        """Units whose name contains ``text`` (case and Polish diacritics ignored); exact names first,
        then names starting with it, then the rest, each group in Polish alphabetical order."""
        folded = fold(text.strip())
        if not folded:
            return self
        rank = models.Case(
            models.When(search_name=folded, then=models.Value(0)),
            models.When(search_name__startswith=folded, then=models.Value(1)),
            default=models.Value(2),
            output_field=models.IntegerField(),
        )
        return (
            self.filter(search_name__contains=folded)
            .annotate(search_rank=rank)
            .order_by("search_rank", "sort_name", "code")
        )

    def municipalities(self) -> "UnitQuerySet":
        return self.filter(level=Level.MUNICIPALITY)


class Unit(models.Model):
    """A TERYT TERC unit: voivodeship (2 digits), county (4) or municipality (7)."""

    code = models.CharField(_("TERYT code"), max_length=7, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, db_index=True)
    municipality_type = models.CharField(
        _("municipality type"), max_length=1, choices=MunicipalityType.choices, blank=True
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )
    voivodeship = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("voivodeship"),
    )
    search_name = models.CharField(max_length=100, db_index=True, editable=False)
    sort_name = models.CharField(max_length=100, db_index=True, editable=False)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=9, decimal_places=2, null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("territorial unit")
        verbose_name_plural = _("territorial units")
        ordering = ["sort_name", "code"]

    def __str__(self) -> str:
        return self.display_name

    def fill_derived_names(self) -> None:
        """Set the search and sort keys; the loader calls it for every unit it writes."""
        self.search_name = fold(self.display_name)
        self.sort_name = polish_sort_key(self.display_name)

    @property
    def display_name(self) -> str:
        """The register writes voivodeships in capitals; people write "kujawsko-pomorskie"."""
        return self.name.lower() if self.level == Level.VOIVODESHIP else self.name

    @property
    def level_label(self) -> str:
        if self.level == Level.MUNICIPALITY and self.municipality_type:
            return self.get_municipality_type_display()
        if self.is_city_county:
            return str(_("city with county rights"))
        return self.get_level_display()

    @property
    def is_city_county(self) -> bool:
        return self.level == Level.COUNTY and self.code[2:4] >= "61"

    @property
    def county_label(self) -> str:
        """A county as people name it: "powiat grudziądzki", "miasto na prawach powiatu Grudziądz"."""
        if self.is_city_county:
            return _("city with county rights %(name)s") % {"name": self.display_name}
        return _("county %(name)s") % {"name": self.display_name}

    @property
    def place_label(self) -> str:
        """The unit's type, county and voivodeship, which tell apart units of one name:
        "gmina miejska, miasto na prawach powiatu Grudziądz, kujawsko-pomorskie" (reads ``parent`` and
        ``voivodeship``: select them with the unit)."""
        parts = [self.level_label]
        if self.level == Level.MUNICIPALITY and self.parent is not None:
            parts.append(self.parent.county_label)
        if self.voivodeship is not None:
            parts.append(self.voivodeship.display_name)
        return ", ".join(str(part) for part in parts)

    @property
    def has_centroid(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def within(field: str, code: str) -> models.Q:
    """``field`` (a TERYT code, or a foreign key to a unit) lies within the unit ``code``: the codes that start
    with it, written as a range (``code <= field < next code``) so that a plain index on the column answers it
    on every database, where ``LIKE 'code%'`` needs a pattern index (or the C collation) on PostgreSQL."""
    if not (code.isascii() and code.isdigit()):  # no TERYT code holds anything but the digits 0-9
        return models.Q(pk__in=[])
    following = str(int(code) + 1).zfill(len(code))
    if len(following) > len(code):  # "99…": no code follows it in the same length
        return models.Q(**{f"{field}__gte": code})
    return models.Q(**{f"{field}__gte": code, f"{field}__lt": following})


# More ranges than this in one condition cost the database more to plan than to read: their voivodeships are read.
MAX_RANGES = 8


def within_any(field: str, codes, *, widen: bool = False) -> models.Q:
    """``field`` lies within one of the units ``codes`` (a unit inside another one listed adds nothing). With
    ``widen``, many units are widened to their voivodeships: a bound for the database, for callers that narrow
    the rows to each unit themselves (never for a scope of what a user may see)."""

    def outermost(candidates) -> list[str]:
        kept: list[str] = []
        for code in sorted(set(candidates), key=lambda code: (len(code), code)):
            if not any(code.startswith(outer) for outer in kept):
                kept.append(code)
        return kept

    kept = outermost(codes)
    if widen and len(kept) > MAX_RANGES:
        kept = outermost(code[:2] for code in kept)
    condition = models.Q(pk__in=[])
    for code in kept:
        condition |= within(field, code)
    return condition


EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
