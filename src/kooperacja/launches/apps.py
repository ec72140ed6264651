from django.apps import AppConfig


class LaunchesConfig(AppConfig):
    name = "kooperacja.launches"
    label = "launches"
