"""Read-mostly admin: records are changed through the services (web, API), so the admin shows them only."""

from django.contrib import admin

from kooperacja.core.admin import ReadOnlyAdmin
from kooperacja.staffing.models import DiagnosisRound, StaffingNeed, StaffingPlan


@admin.register(StaffingNeed)
class StaffingNeedAdmin(ReadOnlyAdmin):
    list_display = ("position", "provider", "headcount", "filled_count", "status", "start_date")
    list_filter = ("status",)
    list_select_related = ("provider",)
    search_fields = ("search_text",)


@admin.register(DiagnosisRound)
class DiagnosisRoundAdmin(ReadOnlyAdmin):
    list_display = ("title", "territory", "period_start", "period_end", "status")
    list_select_related = ("territory",)


@admin.register(StaffingPlan)
class StaffingPlanAdmin(ReadOnlyAdmin):
    list_display = ("round", "number", "status", "created_at")
    list_select_related = ("round",)
