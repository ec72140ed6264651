from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "kooperacja.delivery"
    label = "delivery"
