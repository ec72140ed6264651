"""Expected personas per reintegration rule and sample URL arguments (tests/core/test_route_permissions.py)."""

from tests.training.routes import shared

EXPECTED = {"reintegration.view_programmes": {"admin", "pzs_staff", "social_worker"}}


def _participation(world):
    return {"public_id": shared(world)["participation"].public_id}


SAMPLE_KWARGS = {
    f"reintegration:{name}": _participation
    for name in (
        "programme",
        "programme-start",
        "programme-edit",
        "goal-add",
        "action-add",
        "action-done",
        "programme-sign",
        "programme-end",
        "complaint",
        "programme-pdf",
        "decision-pdf",
        "certificate-pdf",
        "classes",
        "classes-pdf",
    )
}


def _planned_class(world):
    # A POST-only route: the route test's GET answers 405 to those it admits, whatever the id.
    return {"public_id": shared(world)["participation"].public_id, "class_id": 999999}


SAMPLE_KWARGS["reintegration:class-remove"] = _planned_class
