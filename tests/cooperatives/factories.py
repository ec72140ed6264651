"""Test data of the cooperatives app, made through its services."""

from kooperacja.cooperatives import services
from kooperacja.cooperatives.models import CooperativeModel, Franchisee
from kooperacja.territory.selectors import unit_find

CARE_MODEL = "uslugi-opiekuncze-osob-prawnych"


def model(code: str = CARE_MODEL) -> CooperativeModel:
    return CooperativeModel.objects.get(code=code)


def with_franchisor(organisation, code: str = CARE_MODEL) -> CooperativeModel:
    return services.model_set_franchisor(actor=None, model=model(code), franchisor=organisation)


def franchisee(
    organisation, municipality: str, *, code: str = CARE_MODEL, state: str = "negotiating", since=None
) -> Franchisee:
    record = services.franchisee_add(
        actor=None, model=model(code), organisation=organisation, unit=unit_find(code=municipality)
    )
    if state in ("active", "ended"):
        record = services.franchisee_activate(actor=None, franchisee=record, since=since)
    if state == "ended":
        record = services.franchisee_end(actor=None, franchisee=record)
    return record


def model_data(**changes) -> dict:
    data = {
        "name": "Spółdzielnia socjalna testowa",
        "name_en": "Test social cooperative",
        "summary": "Streszczenie.",
        "social_problem": "Problem.",
        "target_groups": ["disabilities"],
        "service_areas": ["care"],
        "founders": "natural_persons",
        "legal_founder_kinds": [],
        "service_types": ["uslugi-opiekuncze"],
        "capital_min": 10000,
        "capital_max": 20000,
        "documents": [{"kind": "statute", "title": "Statut", "description": "Wzór statutu."}],
    }
    data.update(changes)
    return data
