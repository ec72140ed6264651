"""Sample URL arguments of the selection routes (tests/core/test_route_permissions.py). Every page needs only a
signed-in user at route level (the selectors answer 404 for a selection the user may not see); the result page
is public. A selection that does not exist is enough here: the object-level checks are tested in
tests/selection and by the attacker's suite."""

import uuid

EXPECTED: dict = {}  # core.signed_in and core.public are declared in tests/core

NOBODY = uuid.UUID("00000000-0000-4000-8000-000000000000")


def _selection(world):
    return {"public_id": NOBODY}


SAMPLE_KWARGS = {
    "selection:overview": _selection,
    "selection:terms": _selection,
    "selection:criterion-add": _selection,
    "selection:criterion-edit": lambda w: {"public_id": NOBODY, "criterion_id": 999999},
    "selection:criterion-remove": lambda w: {"public_id": NOBODY, "criterion_id": 999999},
    "selection:assessor-add": _selection,
    "selection:assessor-remove": lambda w: {"public_id": NOBODY, "user_id": 999999},
    "selection:move": lambda w: {"public_id": NOBODY, "target": "published"},
    "selection:score": _selection,
    "selection:ranking": _selection,
    "selection:ranking-xlsx": _selection,
    "selection:ranking-pdf": _selection,
    "selection:appeals": _selection,
    "selection:appeal-decide": lambda w: {"public_id": NOBODY, "appeal_id": 999999},
    "api:selection-selection": _selection,
    "api:selection-ranking": _selection,
}
