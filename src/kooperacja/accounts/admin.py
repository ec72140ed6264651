from django.contrib import admin

from kooperacja.accounts.models import AccountEvent, ApiToken, Membership
from kooperacja.core.admin import ReadOnlyAdmin


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    """Roles are granted and revoked on the organisation's "Members and roles" page, whose service refuses
    self-grants and records the reason for roles that reach beyond the organisation."""

    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "organisation__name"]
    list_select_related = ["user", "organisation"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "prefix", "key_hash", "created_at", "last_used_at"]
    search_fields = ["user__username", "name"]

    def has_add_permission(self, request):
        return False  # tokens are created by their owners, who alone see the secret


@admin.register(AccountEvent)
class AccountEventAdmin(ReadOnlyAdmin):
    """Password changes and "sign out everywhere else", as their users did them on "My account"."""

    list_display = ["created_at", "user", "kind", "sessions_ended"]
    list_filter = ["kind"]
    search_fields = ["user__username", "user__last_name"]
    list_select_related = ["user"]
