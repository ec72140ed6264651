from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kooperacja.core"
    label = "core"

    def ready(self) -> None:
        from kooperacja.core.converters import register_converters

        register_converters()
