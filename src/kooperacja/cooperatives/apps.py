from django.apps import AppConfig


class CooperativesConfig(AppConfig):
    name = "kooperacja.cooperatives"
    label = "cooperatives"
