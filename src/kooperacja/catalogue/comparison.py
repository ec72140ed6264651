"""What changed between two versions of a card, for the comparison page."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from kooperacja.catalogue.forms import ROW_FORMS
from kooperacja.catalogue.models import DeliveryForm, MetBy, ResourceCategory, ServiceCardVersion
from kooperacja.catalogue.services import CARD_FIELDS
from kooperacja.core.models import model_field


def _field_label(field: str) -> str:
    return str(model_field(ServiceCardVersion, field).verbose_name)


def _display(field: str, value: Any) -> str:
    if field == "delivery_form":
        return str(DeliveryForm(value).label) if value in DeliveryForm.values else str(value)
    if field == "is_cus_social_service":
        return str(_("yes")) if value else str(_("no"))
    return str(value)


def _row_text(key: str, row: dict[str, Any]) -> str:
    if key == "qualifications":
        hours = f" ({row['hours']} h)" if row.get("hours") else ""
        met_by = row.get("met_by") or MetBy.EVIDENCE
        met_by_label = MetBy(met_by).label if met_by in MetBy.values else met_by
        return f"{row['code']} {row['name']}{hours}: {row['requirement']} [{_('met by')}: {met_by_label}]"
    if key in ("cis_modules", "kis_modules"):
        return f"{row['title']} ({row['hours']} h): {row['learning_outcomes']}"
    if key == "minimum_resources":
        category = row["category"]
        label = ResourceCategory(category).label if category in ResourceCategory.values else category
        return f"{label}: {row['description']}"
    if key == "readiness_criteria":
        return f"{row['description']} — {row['evidence']}"
    return f"{row['name']} [{row['unit']}] {row.get('description', '')}".strip()


def compare_cards(older: dict[str, Any], newer: dict[str, Any]) -> list[dict[str, Any]]:
    """Changed fields (old and new text) and changed row sections (rows removed and added)."""
    changes: list[dict[str, Any]] = []
    for field in CARD_FIELDS:
        if older[field] != newer[field]:
            changes.append(
                {
                    "label": _field_label(field),
                    "kind": "text",
                    "old": _display(field, older[field]),
                    "new": _display(field, newer[field]),
                }
            )
    for key, (_form, title) in ROW_FORMS.items():
        old_rows = [_row_text(key, row) for row in older[key]]
        new_rows = [_row_text(key, row) for row in newer[key]]
        if old_rows == new_rows:
            continue
        changes.append(
            {
                "label": title,
                "kind": "rows",
                "removed": [row for row in old_rows if row not in new_rows],
                "added": [row for row in new_rows if row not in old_rows],
                "reordered": sorted(old_rows) == sorted(new_rows),
            }
        )
    return changes
