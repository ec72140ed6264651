from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "kooperacja.reporting"
    label = "reporting"

    def ready(self) -> None:
        from kooperacja.core import waiting
        from kooperacja.reporting.waiting import KINDS

        for kind in KINDS:
            waiting.register(kind)
