from django.contrib import admin

from kooperacja.audit.models import PersonalDataAccess
from kooperacja.core.admin import ReadOnlyAdmin


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "content_type", "object_id", "purpose", "channel"]
    list_filter = ["channel", "content_type"]
