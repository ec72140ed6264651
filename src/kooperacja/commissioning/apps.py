from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "kooperacja.commissioning"
    label = "commissioning"

    def ready(self) -> None:
        from kooperacja.commissioning.waiting import KINDS
        from kooperacja.core import waiting

        for kind in KINDS:
            waiting.register(kind)
