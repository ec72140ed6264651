"""Demo of the catalogue of social cooperative models (seed 003): the shipped models, and the social franchise
of three of them in the demo region — franchisors, franchisees in every state — made through the services."""

from datetime import timedelta

from django.utils import timezone

from kooperacja.cooperatives import selectors as cooperatives
from kooperacja.cooperatives import services
from kooperacja.cooperatives.loading import models_load
from kooperacja.territory import selectors as territory

GRUDZIADZ_RURAL = "0406012"
LASIN = "0406033"
RADZYN_CHELMINSKI = "0406043"
JANOW = "0605053"
MODLIBORZYCE = "0605063"
BATORZ = "0605012"

# model code, franchisor key, [(franchisee key, municipality, state, months ago)]
FRANCHISES = [
    (
        "uslugi-opiekuncze-osob-prawnych",
        "ss-opiekunka",
        [("ss-janow", JANOW, "active", 14), ("fundacja-horyzont", GRUDZIADZ_RURAL, "negotiating", 0)],
    ),
    (
        "spoldzielnia-przy-wtz",
        "owes-most",
        [("wtz-lasin", LASIN, "active", 20), ("zaz-radzyn", RADZYN_CHELMINSKI, "ended", 30)],
    ),
    (
        "zielen-i-srodowisko",
        "ss-janow",
        [("pes-batorz", BATORZ, "active", 8), ("kis-modliborzyce", MODLIBORZYCE, "negotiating", 0)],
    ),
]


def demo_cooperatives_load(organisations) -> None:
    models_load()
    today = timezone.localdate()
    for code, franchisor_key, franchisees in FRANCHISES:
        model = cooperatives.model_find(code=code)
        if model is None or cooperatives.franchisees_of(model=model).exists():
            continue  # loaded already
        services.model_set_franchisor(actor=None, model=model, franchisor=organisations[franchisor_key])
        for key, municipality, state, months in franchisees:
            since = today - timedelta(days=30 * months) if months else None
            franchisee = services.franchisee_add(
                actor=None,
                model=model,
                organisation=organisations[key],
                unit=territory.unit_find(code=municipality),
                note="Dane demonstracyjne.",
            )
            if state in ("active", "ended"):
                franchisee = services.franchisee_activate(actor=None, franchisee=franchisee, since=since)
            if state == "ended":
                services.franchisee_end(
                    actor=None, franchisee=franchisee, until=today - timedelta(days=60), note="Umowa wygasła."
                )
