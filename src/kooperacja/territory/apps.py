from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "kooperacja.territory"
    label = "territory"
