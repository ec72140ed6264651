from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "kooperacja.delivery"
    label = "delivery"

    def ready(self) -> None:
        from kooperacja.commissioning import contracts
        from kooperacja.core import waiting
        from kooperacja.delivery import services
        from kooperacja.delivery.waiting import KINDS

        for kind in KINDS:
            waiting.register(kind)
        # A contract signed is listed for monitoring and reports at once, before its first report.
        contracts.CONTRACT_SIGNED.append(lambda contract_id: services.summary_refresh(contract_ids=[contract_id]))
