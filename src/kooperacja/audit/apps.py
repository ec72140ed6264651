from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kooperacja.audit"
    label = "audit"
