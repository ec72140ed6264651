from django.contrib import admin
from django.db import models


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that change only through their services (web, API, worker) are shown, never edited, in the admin:
    an admin edit would skip the validation, the state machine and the event log."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
