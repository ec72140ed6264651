"""The shipped catalogue of social services: one dict per card, in Polish.

Edit the card modules next to this file and run ``manage.py load_catalogue``: a card whose content
changed is published as a new version, the others are left alone. Shared building blocks (modules
common to many courses, general readiness criteria and indicators) are in ``common.py``.

Where the law does not settle a requirement, the text says it is a standard recommended by the model
(«standard rekomendowany w modelu»), not a statutory duty.
"""

from typing import Any

from kooperacja.catalogue.data.cards_care import CARDS as CARE_CARDS
from kooperacja.catalogue.data.cards_community import CARDS as COMMUNITY_CARDS
from kooperacja.catalogue.data.cards_day import CARDS as DAY_CARDS

CARDS: list[dict[str, Any]] = [*CARE_CARDS, *DAY_CARDS, *COMMUNITY_CARDS]
