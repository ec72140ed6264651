from django.contrib import admin

from kooperacja.territory.models import Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """Read-only: the register is loaded from the shipped TERYT files."""

    list_display = ["code", "name", "level", "municipality_type", "population"]
    list_filter = ["level", "municipality_type", "voivodeship"]
    search_fields = ["code", "name", "search_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
