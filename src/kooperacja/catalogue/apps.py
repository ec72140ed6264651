from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "kooperacja.catalogue"
    label = "catalogue"
