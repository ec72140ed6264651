"""Admin for the institutional records of the training app. Persons and participations are special-category
personal data and are kept out of the admin: they are read through the logged pages and API only."""

from django.contrib import admin

from kooperacja.training.models import Cohort, ImportJob, TrainingProgramme


@admin.register(TrainingProgramme)
class TrainingProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "variant", "card_version")
    list_select_related = ("organisation", "card_version")
    search_fields = ("name",)
    raw_id_fields = ("organisation", "card_version")
    filter_horizontal = ("modules",)


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ("name", "programme", "start_date", "end_date", "seats")
    list_select_related = ("programme",)
    raw_id_fields = ("programme", "municipality")
    exclude = ("plan_lines",)


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("file_name", "kind", "organisation", "status", "rows_total", "rows_done", "created_at")
    list_filter = ("kind", "status")
    list_select_related = ("organisation",)
    readonly_fields = ("kind", "organisation", "file_name", "status", "rows_total", "rows_done", "errors", "started_by")
    exclude = ("content_encrypted",)

    def has_add_permission(self, request):
        return False
