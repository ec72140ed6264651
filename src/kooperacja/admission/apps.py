from django.apps import AppConfig


class AdmissionConfig(AppConfig):
    name = "kooperacja.admission"
    label = "admission"

    def ready(self) -> None:
        from kooperacja.admission.waiting import KINDS
        from kooperacja.core import waiting

        for kind in KINDS:
            waiting.register(kind)
