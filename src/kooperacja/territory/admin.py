from django.contrib import admin

from kooperacja.core.admin import ReadOnlyAdmin
from kooperacja.territory.models import Unit


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    """Read-only: the register is loaded from the shipped TERYT files."""

    list_display = ["code", "name", "level", "municipality_type", "population"]
    list_filter = ["level", "municipality_type", "voivodeship"]
    search_fields = ["code", "name", "search_name"]
