from django.apps import AppConfig


class StaffingConfig(AppConfig):
    name = "kooperacja.staffing"
    label = "staffing"

    def ready(self) -> None:
        from kooperacja.core import waiting
        from kooperacja.staffing.unit_panel import staffing_panel
        from kooperacja.staffing.waiting import KINDS
        from kooperacja.territory import panels

        panels.provide("staffing", staffing_panel)

        for kind in KINDS:
            waiting.register(kind)
