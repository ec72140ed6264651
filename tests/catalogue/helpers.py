"""Shared helpers of the catalogue tests."""

from kooperacja.catalogue import selectors, services

CARE = "uslugi-opiekuncze"


def current_card(code: str = CARE):
    return selectors.service_card_get(code=code)


def card_post_data(source: str = CARE, *, change_note: str = "Doprecyzowano standard.", **changes) -> dict:
    """The edit form's POST data for the current version of ``source``, with ``changes`` applied to the card fields."""
    version = current_card(source)
    card = services.card_data(version)
    data = {
        "name": card["name"],
        "summary": card["summary"],
        "legal_basis": card["legal_basis"],
        "target_groups": card["target_groups"],
        "service_standard": card["service_standard"],
        "delivery_form": card["delivery_form"],
        "change_note": change_note,
        "base_number": str(version.number),
    }
    if card["is_cus_social_service"]:
        data["is_cus_social_service"] = "on"
    for key in services.CHILD_FIELDS:
        rows = card[key]
        data[f"{key}-TOTAL_FORMS"] = str(len(rows))
        data[f"{key}-INITIAL_FORMS"] = str(len(rows))
        data[f"{key}-MIN_NUM_FORMS"] = "0"
        data[f"{key}-MAX_NUM_FORMS"] = "100"
        for index, row in enumerate(rows):
            for field, value in row.items():
                if isinstance(value, bool):
                    if value:
                        data[f"{key}-{index}-{field}"] = "on"
                else:
                    data[f"{key}-{index}-{field}"] = "" if value is None else str(value)
    data.update(changes)
    return data
