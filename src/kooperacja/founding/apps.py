from django.apps import AppConfig


class FoundingConfig(AppConfig):
    name = "kooperacja.founding"
    label = "founding"

    def ready(self) -> None:
        from kooperacja.founding.panels import founding_panel
        from kooperacja.founding.services import on_founding_group_confirmed
        from kooperacja.launches import hooks, panels

        if on_founding_group_confirmed not in hooks.FOUNDING_GROUP_CONFIRMED:
            hooks.FOUNDING_GROUP_CONFIRMED.append(on_founding_group_confirmed)
        panels.provide("founding", founding_panel)
