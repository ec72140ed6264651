from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "kooperacja.agreements"
    label = "agreements"

    def ready(self) -> None:
        from kooperacja.agreements.waiting import KINDS
        from kooperacja.core import waiting

        for kind in KINDS:
            waiting.register(kind)
