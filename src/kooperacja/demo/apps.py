from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo region: built on top of every app, through their services; never loaded in production."""

    name = "kooperacja.demo"
    label = "demo"
