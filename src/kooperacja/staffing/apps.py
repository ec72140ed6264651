from django.apps import AppConfig


class StaffingConfig(AppConfig):
    name = "kooperacja.staffing"
    label = "staffing"

    def ready(self) -> None:
        from kooperacja.core import waiting
        from kooperacja.staffing.waiting import KINDS

        for kind in KINDS:
            waiting.register(kind)
