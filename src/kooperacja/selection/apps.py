from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "kooperacja.selection"
    label = "selection"
