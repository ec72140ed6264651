"""Read-only admin views of the registry: records are created and changed through the application's
pages and API, whose services validate identifiers, keep search keys and guard concurrent edits.
Contact persons are not listed here: they are personal data, shown only where each read is logged."""

from django.contrib import admin

from kooperacja.core.admin import ReadOnlyAdmin
from kooperacja.registry.models import (
    Organisation,
    ReachChange,
    RegisterEvent,
    RegisterTerm,
    SocialEnterpriseStatus,
    Workshop,
)


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "municipality", "nip", "regon", "krs", "is_active", "version")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "search_text", "nip", "regon", "krs")
    list_select_related = ("municipality",)


@admin.register(RegisterTerm)
class RegisterTermAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "register", "number", "decision_number", "term_start", "term_end", "status")
    list_filter = ("register", "status", "voivodeship")
    list_select_related = ("organisation", "voivodeship")


@admin.register(SocialEnterpriseStatus)
class SocialEnterpriseStatusAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "decision_number", "decision_date", "valid_from", "valid_to", "state")
    list_filter = ("state",)
    list_select_related = ("organisation",)


@admin.register(RegisterEvent)
class RegisterEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "organisation", "from_state", "to_state", "actor", "note")
    list_select_related = ("organisation", "actor")


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
