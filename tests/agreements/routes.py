"""Expected personas per agreements rule and sample URL arguments (tests/core/test_route_permissions.py)."""

EXPECTED = {
    "agreements.publish": {"admin", "pzs_staff", "pes_manager", "member_b"},
    "agreements.cooperate": {"admin", "coordinator", "social_worker", "pzs_staff", "pes_manager", "member_b"},
}


def shared(world):
    cached = getattr(world, "_agreements_shared", None)
    if cached is None:
        from tests.agreements import factories

        # Org A (the CIS: pzs_staff, pes_manager, social_worker) offers and is a party with the OPS (coordinator);
        # member_b's cooperative sees none of it but the published offer.
        draft_offer = factories.draft_offer(world, title="Szkic")
        request = factories.pending_request(world)
        agreement = factories.draft_agreement(world)
        cached = world._agreements_shared = {
            "draft_offer": draft_offer,
            "request": request,
            "agreement": agreement,
            "obligation": agreement.obligations.first(),
        }
    return cached


def _offer(world):
    return {"public_id": shared(world)["draft_offer"].public_id}


def _request(world):
    return {"public_id": shared(world)["request"].public_id}


def _agreement(world):
    return {"public_id": shared(world)["agreement"].public_id}


def _obligation(world):
    found = shared(world)
    return {"public_id": found["agreement"].public_id, "obligation_id": found["obligation"].pk}


SAMPLE_KWARGS = {
    "agreements:offer-detail": _offer,
    "agreements:offer-edit": _offer,
    "agreements:offer-publish": _offer,
    "agreements:offer-withdraw": _offer,
    "agreements:request-detail": _request,
    "agreements:request-accept": _request,
    "agreements:request-decline": _request,
    "agreements:request-withdraw": _request,
    "agreements:agreement-detail": _agreement,
    "agreements:agreement-pdf": _agreement,
    "agreements:agreement-edit": _agreement,
    "agreements:agreement-amend": _agreement,
    "agreements:agreement-sign": _agreement,
    "agreements:agreement-enforce": _agreement,
    "agreements:agreement-end": _agreement,
    "agreements:agreement-terminate": _agreement,
    "agreements:obligation-add": _agreement,
    "agreements:obligation-done": _obligation,
    "agreements:obligation-cancel": _obligation,
    "agreements:signatory-add": _agreement,
    "api:agreements-offer": _offer,
    "api:agreements-offer-publish": _offer,
    "api:agreements-request": _request,
    "api:agreements-request-accept": _request,
    "api:agreements-request-decline": _request,
    "api:agreements-agreement": _agreement,
    "api:agreements-agreement-sign": _agreement,
    "api:agreements-obligation-done": _obligation,
    "api:agreements-offer-withdraw": _offer,
    "api:agreements-request-withdraw": _request,
    "api:agreements-agreement-enforce": _agreement,
    "api:agreements-agreement-terminate": _agreement,
    "api:agreements-agreement-obligations": _agreement,
}
