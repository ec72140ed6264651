from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "kooperacja.registry"
    label = "registry"
