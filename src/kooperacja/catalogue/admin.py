"""Read-only admin views: card versions are immutable and are published through the catalogue pages."""

from django.contrib import admin

from kooperacja.catalogue.models import ServiceCardVersion, ServiceType
from kooperacja.core.admin import ReadOnlyAdmin


@admin.register(ServiceType)
class ServiceTypeAdmin(ReadOnlyAdmin):
    list_display = ["code", "current_version"]
    search_fields = ["code"]
    list_select_related = ["current_version"]


@admin.register(ServiceCardVersion)
class ServiceCardVersionAdmin(ReadOnlyAdmin):
    list_display = ["name", "number", "published_at", "published_by", "change_note"]
    list_filter = ["delivery_form", "is_cus_social_service"]
    search_fields = ["name", "service_type__code"]
    list_select_related = ["published_by"]
    exclude = ["search_text", "name_search", "target_groups_search", "sort_name"]
