"""Expected personas per benefits rule and sample URL arguments (tests/core/test_route_permissions.py)."""

EXPECTED = {
    "benefits.view_benefits": {"admin", "pzs_staff"},
}


def shared(world):
    cached = getattr(world, "_benefits_shared", None)
    if cached is None:
        from tests.benefits.factories import computed_march

        month = computed_march(world)
        cached = world._benefits_shared = {"month": month, "line": month.lines.first()}
    return cached


def _month(world):
    return {"public_id": shared(world)["month"].public_id}


def _line(world):
    return {"public_id": shared(world)["line"].public_id}


SAMPLE_KWARGS = {
    "benefits:month-detail": _month,
    "benefits:month-print": _month,
    "benefits:month-xlsx": _month,
    "benefits:month-pdf": _month,
    "benefits:month-move": _month,
    "benefits:month-correct": _month,
    "benefits:line-bonus": _line,
    "api:benefits-month": _month,
}
