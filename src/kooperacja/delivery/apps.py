from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "kooperacja.delivery"
    label = "delivery"

    def ready(self) -> None:
        from kooperacja.core import waiting
        from kooperacja.delivery.waiting import KINDS

        for kind in KINDS:
            waiting.register(kind)
