from django.apps import AppConfig


class StaffingConfig(AppConfig):
    name = "kooperacja.staffing"
    label = "staffing"
