from django.apps import AppConfig


class LawConfig(AppConfig):
    name = "kooperacja.law"
    label = "law"
