from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    name = "kooperacja.readiness"
    label = "readiness"

    def ready(self) -> None:
        from kooperacja.core import waiting
        from kooperacja.readiness.waiting import KINDS

        for kind in KINDS:
            waiting.register(kind)
