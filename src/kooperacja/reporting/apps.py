from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "kooperacja.reporting"
    label = "reporting"
