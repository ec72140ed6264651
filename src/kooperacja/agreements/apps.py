from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "kooperacja.agreements"
    label = "agreements"
