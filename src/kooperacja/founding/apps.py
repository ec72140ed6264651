from django.apps import AppConfig


class FoundingConfig(AppConfig):
    name = "kooperacja.founding"
    label = "founding"
