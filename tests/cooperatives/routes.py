"""Expected personas per cooperatives rule and sample URL arguments (tests/core/test_route_permissions.py)."""

EXPECTED = {
    "cooperatives.edit_models": {"admin", "catalogue_editor"},
    # Route level: the selectors then admit the franchisor's manager only (404 for another organisation's).
    "cooperatives.record_franchise": {"admin", "catalogue_editor", "pes_manager", "member_b"},
}


def shared(world):
    cached = getattr(world, "_cooperatives_shared", None)
    if cached is None:
        from tests.cooperatives import factories

        # Org A (pes_manager) is the franchisor; org B (member_b's cooperative) negotiates to run the model.
        model = factories.with_franchisor(world.org_a)
        franchisee = factories.franchisee(world.org_b, "0605053")
        cached = world._cooperatives_shared = {"model": model, "franchisee": franchisee}
    return cached


def _model(world):
    return {"code": shared(world)["model"].code}


def _franchisee(world):
    found = shared(world)
    return {"code": found["model"].code, "public_id": found["franchisee"].public_id}


SAMPLE_KWARGS = {
    "cooperatives:model-detail": _model,
    "cooperatives:model-edit": _model,
    "cooperatives:model-publish": _model,
    "cooperatives:model-withdraw": _model,
    "cooperatives:franchisee-create": _model,
    "cooperatives:franchisee-detail": _franchisee,
    "cooperatives:franchisee-edit": _franchisee,
    "cooperatives:franchisee-activate": _franchisee,
    "cooperatives:franchisee-end": _franchisee,
    "api:cooperative-model": _model,
    "api:cooperative-model-franchisees": _model,
}
