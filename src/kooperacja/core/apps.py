from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kooperacja.core"
    label = "core"
