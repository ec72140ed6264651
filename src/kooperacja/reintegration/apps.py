from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReintegrationConfig(AppConfig):
    name = "kooperacja.reintegration"
    label = "reintegration"

    def ready(self) -> None:
        from kooperacja.core import waiting
        from kooperacja.reintegration.waiting import KINDS
        from kooperacja.training import links

        links.provide("reintegration:programme", _("Individual programme (IPZS or social contract)"))
        for kind in KINDS:
            waiting.register(kind)
