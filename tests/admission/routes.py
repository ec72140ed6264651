"""Expected personas per admission rule and sample URL arguments (tests/core/test_route_permissions.py)."""

EXPECTED = {
    "admission.refer": {"admin", "coordinator", "social_worker"},
    "admission.receive": {"admin", "pzs_staff", "social_worker"},
    "admission.view_referrals": {"admin", "coordinator", "social_worker", "pzs_staff"},
}


def shared(world):
    cached = getattr(world, "_admission_shared", None)
    if cached is None:
        from tests.admission.factories import draft, issued

        # The coordinator works for the OPS of Grudziądz (the referrer), pzs_staff and social_worker for the CIS.
        cached = world._admission_shared = {"draft": draft(world, actor=None), "issued": issued(world)}
    return cached


def _draft(world):
    return {"public_id": shared(world)["draft"].public_id}


def _issued(world):
    return {"public_id": shared(world)["issued"].public_id}


SAMPLE_KWARGS = {
    "admission:detail": _issued,
    "admission:pdf": _issued,
    "admission:edit": _draft,
    "admission:issue": _draft,
    "admission:withdraw": _issued,
    "admission:accept": _issued,
    "admission:refuse": _issued,
    "api:admission-referral": _draft,
    "api:admission-referral-issue": _draft,
    "api:admission-referral-withdraw": _issued,
    "api:admission-referral-accept": _issued,
    "api:admission-referral-refuse": _issued,
}
