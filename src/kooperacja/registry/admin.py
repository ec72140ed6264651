"""Read-only admin views of the registry: records are created and changed through the application's
pages and API, whose services validate identifiers, keep search keys and guard concurrent edits.
Contact persons are not listed here: they are personal data, shown only where each read is logged."""

from django.contrib import admin

from kooperacja.core.admin import ReadOnlyAdmin
from kooperacja.registry.models import Organisation, ReachChange, RegisterEntry, Workshop


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "municipality", "nip", "regon", "krs", "is_active", "version")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "search_text", "nip", "regon", "krs")
    list_select_related = ("municipality",)


@admin.register(RegisterEntry)
class RegisterEntryAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "number", "voivodeship", "entry_date", "valid_until", "status", "confirmed_at")
    list_filter = ("status", "voivodeship")
    list_select_related = ("organisation", "voivodeship")


@admin.register(Workshop)
class WorkshopAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "organisation", "municipality", "capacity")
    list_select_related = ("organisation", "municipality")


@admin.register(ReachChange)
class ReachChangeAdmin(ReadOnlyAdmin):
    list_display = ("at", "organisation", "kind", "changes", "subject_user", "actor", "reason")
    list_filter = ("kind",)
    search_fields = ("organisation__name", "reason")
    list_select_related = ("organisation", "actor", "subject_user")
