"""Read-only admin: runs, proposals and referrals change only through the services (web, API, worker)."""

from django.contrib import admin

from kooperacja.core.admin import ReadOnlyAdmin
from kooperacja.placement.models import MatchingRun, Referral


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
