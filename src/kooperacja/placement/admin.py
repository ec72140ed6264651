"""Read-only admin: runs, proposals and referrals change only through the services (web, API, worker)."""

from django.contrib import admin

from kooperacja.placement.models import MatchingRun, Referral


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MatchingRun)
class MatchingRunAdmin(ReadOnlyAdmin):
    list_display = ("territory", "status", "progress", "matched_count", "candidates_count", "created_at")
    list_filter = ("status",)
    list_select_related = ("territory",)


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "status", "need", "hired_on", "created_at")
    list_filter = ("status",)
    list_select_related = ("need",)
