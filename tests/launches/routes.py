"""Expected personas per launches rule and sample URL arguments (tests/core/test_route_permissions.py)."""

# The coordinator works for the OPS of Grudziądz (launches); pzs_staff and owes_advisor are partner staff of the
# CIS of Grudziądz (org A, invited to launches of its county); the analyst reads launches of the voivodeship.
EXPECTED = {
    "launches.read": {"admin", "coordinator", "pzs_staff", "owes_advisor", "analyst"},
    "launches.open_launch": {"admin", "coordinator"},
    "launches.answer": {"admin", "pzs_staff", "owes_advisor"},
    "launches.candidates": {"admin", "coordinator", "pzs_staff"},
}


def shared(world):
    """A launch of the OPS in recruitment with one direct application, and the CIS's invitation."""
    cached = getattr(world, "_launches_shared", None)
    if cached is None:
        from tests.launches.factories import apply_direct, partner_of, recruiting

        launch = recruiting(world)
        application, _code = apply_direct(world, launch)
        cached = world._launches_shared = {
            "launch": launch,
            "application": application,
            "partner": partner_of(launch, world.org_a),
        }
    return cached


def _launch(world):
    return {"public_id": shared(world)["launch"].public_id}


def _partner(world):
    return {"public_id": shared(world)["launch"].public_id, "partner_id": shared(world)["partner"].public_id}


def _application(world):
    return {
        "public_id": shared(world)["launch"].public_id,
        "application_id": shared(world)["application"].public_id,
    }


SAMPLE_KWARGS = {
    "launches:detail": _launch,
    "launches:launch-edit": _launch,
    "launches:launch-move": lambda world: {**_launch(world), "target": "training"},
    "launches:launch-cancel": _launch,
    "launches:call-edit": _launch,
    "launches:partner-commit": _partner,
    "launches:partner-decline": _partner,
    "launches:applications": _launch,
    "launches:application-create": _launch,
    "launches:application-propose": _launch,
    "launches:application-confirmation": _application,
    "launches:application-confirmation-pdf": _application,
    "launches:application-withdraw": _application,
    "launches:sessions": _launch,
    "launches:session-results": lambda world: {**_launch(world), "session_id": 999999},
}

SAMPLE_KWARGS |= {
    "api:launches-detail": _launch,
    "api:launches-applications": _launch,
    "api:launches-ranking": _launch,
}
