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
    )
}
