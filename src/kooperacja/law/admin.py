from django.contrib import admin

from kooperacja.law.models import StatutoryParameter


@admin.register(StatutoryParameter)
class StatutoryParameterAdmin(admin.ModelAdmin):
    list_display = ("code", "value", "unit", "valid_from", "valid_to")
    list_filter = ("code",)
    search_fields = ("code", "name", "legal_basis")
