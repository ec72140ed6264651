from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "kooperacja.benefits"
    label = "benefits"

    def ready(self) -> None:
        from kooperacja.benefits.waiting import KINDS
        from kooperacja.core import waiting

        for kind in KINDS:
            waiting.register(kind)
