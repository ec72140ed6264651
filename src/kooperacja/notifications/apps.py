from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "kooperacja.notifications"
    label = "notifications"

    def ready(self) -> None:
        from kooperacja.core import waiting
        from kooperacja.notifications.waiting import KINDS

        for kind in KINDS:
            waiting.register(kind)
