"""The checks of a model's content shared by the loader and the editor's services, and its search index."""

from typing import Any

from django.utils.translation import gettext as _

from kooperacja.cooperatives.models import (
    CooperativeModel,
    DocumentKind,
    FoundersKind,
    LegalFounderKind,
    ServiceArea,
    TargetGroup,
)
from kooperacja.core.errors import FieldErrors
from kooperacja.core.text import fold, polish_sort_key

CONTENT_FIELDS = (
    "name",
    "name_en",
    "summary",
    "social_problem",
    "target_groups",
    "service_areas",
    "founders",
    "legal_founder_kinds",
    "founders_note",
    "municipality_role",
    "other_services",
    "staff_requirements",
    "premises_requirements",
    "capital_min",
    "capital_max",
    "partners_needed",
    "implementation_steps",
)
REQUIRED_TEXT = ("name", "summary", "social_problem")


def _text(value: Any) -> str:
    return str(value or "").strip()


def validate_model_data(raw: dict[str, Any], *, service_codes: set[str]) -> dict[str, Any]:
    """Normalised content of a model, or a ValidationError with field keys saying what is wrong."""
    errors = FieldErrors()
    data: dict[str, Any] = {name: _text(raw.get(name)) for name in CONTENT_FIELDS}
    for name in REQUIRED_TEXT:
        if not data[name]:
            errors.add(name, _("This field is required."), code="required")
    for name, choices in (
        ("target_groups", TargetGroup.values),
        ("service_areas", ServiceArea.values),
        ("legal_founder_kinds", LegalFounderKind.values),
    ):
        values = list(dict.fromkeys(str(value) for value in raw.get(name) or []))
        unknown = [value for value in values if value not in choices]
        if unknown:
            errors.add(name, _("Unknown values: %(values)s.") % {"values": ", ".join(unknown)}, code="invalid")
        data[name] = [value for value in values if value in choices]
    if not data["target_groups"]:
        errors.add("target_groups", _("Choose at least one target group."), code="required")
    if not data["service_areas"]:
        errors.add("service_areas", _("Choose at least one service area."), code="required")
    if data["founders"] not in FoundersKind.values:
        errors.add("founders", _("Choose who founds the cooperative."), code="invalid")
    elif data["founders"] == FoundersKind.LEGAL_PERSONS and not data["legal_founder_kinds"]:
        errors.add(
            "legal_founder_kinds",
            _("A cooperative of legal persons needs at least one kind of legal person founding it."),
            code="required",
        )
    elif data["founders"] == FoundersKind.NATURAL_PERSONS and data["legal_founder_kinds"]:
        errors.add(
            "legal_founder_kinds",
            _("A cooperative founded by natural persons has no legal persons among its founders."),
            code="invalid",
        )
    for name in ("capital_min", "capital_max"):
        value = raw.get(name)
        if value in (None, ""):
            data[name] = None
            continue
        try:
            data[name] = int(value)
        except (TypeError, ValueError):
            errors.add(name, _("Enter a whole number of złoty."), code="invalid")
            data[name] = None
            continue
        if data[name] < 0:
            errors.add(name, _("The amount cannot be negative."), code="invalid")
    if (
        data["capital_min"] is not None
        and data["capital_max"] is not None
        and data["capital_min"] > data["capital_max"]
    ):
        errors.add("capital_max", _("The upper amount is lower than the lower one."), code="invalid")
    services = list(dict.fromkeys(str(code) for code in raw.get("service_types") or []))
    unknown = [code for code in services if code not in service_codes]
    if unknown:
        errors.add(
            "service_types",
            _("No such catalogue services: %(codes)s.") % {"codes": ", ".join(unknown)},
            code="invalid",
        )
    data["service_types"] = [code for code in services if code in service_codes]
    documents = []
    for document in raw.get("documents") or []:
        kind, title, description = (_text(document.get(key)) for key in ("kind", "title", "description"))
        if kind not in DocumentKind.values or not title or not description:
            errors.add(
                "documents",
                _("Each document of the replication package needs a kind, a title and a description."),
                code="invalid",
            )
            continue
        documents.append({"kind": kind, "title": title, "description": description})
    data["documents"] = documents
    errors.raise_if_any()
    return data


def index_model(model: CooperativeModel) -> None:
    """Fill the denormalised filter keys, search text and sort key of ``model`` (before saving it)."""
    keys = [f"tg:{value}" for value in model.target_groups]
    keys += [f"sa:{value}" for value in model.service_areas]
    keys += [f"lf:{value}" for value in model.legal_founder_kinds]
    model.filter_keys = " " + " ".join(keys) + " "
    model.sort_name = polish_sort_key(model.name)[:200]
    model.name_search = fold(f"{model.name} {model.name_en}")[:400]
    model.search_text = fold(
        " ".join([model.code, model.name, model.name_en, model.summary, model.social_problem, model.other_services])
    )
