from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kooperacja.core"
    label = "core"

    def ready(self) -> None:
        from kooperacja.core import checks  # noqa: F401 - registers the system checks
        from kooperacja.core.choices import speed_up_choice_labels
        from kooperacja.core.converters import register_converters
        from kooperacja.core.help import autodiscover

        register_converters()
        speed_up_choice_labels()
        autodiscover()  # every app's page_help module: the help shown on its pages
