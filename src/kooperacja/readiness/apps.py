from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    name = "kooperacja.readiness"
    label = "readiness"
