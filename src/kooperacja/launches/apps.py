from django.apps import AppConfig


class LaunchesConfig(AppConfig):
    name = "kooperacja.launches"
    label = "launches"

    def ready(self) -> None:
        from kooperacja.core import waiting
        from kooperacja.launches.host import register_host
        from kooperacja.launches.waiting import KINDS

        register_host()
        for kind in KINDS:
            waiting.register(kind)
