from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "kooperacja.registry"
    label = "registry"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kooperacja.registry.models import (
            ContactPerson,
            Organisation,
            RegisterTerm,
            SocialEnterpriseStatus,
            Workshop,
        )
        from kooperacja.registry.unit_panel import organisations_panel
        from kooperacja.territory import panels

        # Every change of a registry record is kept (who, when, which fields from what to what).
        auditlog.register(Organisation, exclude_fields=["sort_name", "search_text", "updated_at", "created_at"])
        auditlog.register(RegisterTerm, exclude_fields=["updated_at"])
        auditlog.register(SocialEnterpriseStatus, exclude_fields=["updated_at"])
        auditlog.register(Workshop)
        auditlog.register(ContactPerson)

        # The organisations within a unit, on the unit's page.
        panels.provide("organisations", organisations_panel)
