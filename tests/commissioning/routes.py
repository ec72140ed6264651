"""Expected personas per commissioning rule and sample URL arguments (tests/core/test_route_permissions.py)."""

from kooperacja.accounts.roles import Role

_ALL_ROLES = {role.value for role in Role}
_SIGNED_IN = _ALL_ROLES | {"member_b", "no_membership", "admin"}
# The coordinator works for the OPS of Grudziądz (a commissioner); pes_manager and pzs_staff for the CIS (org A),
# member_b for the social cooperative (org B): providers who bid.
_BIDDERS = {"admin", "pes_manager", "pzs_staff", "member_b"}

EXPECTED = {
    "commissioning.view": _SIGNED_IN,
    "commissioning.commission": {"admin", "coordinator"},
    "commissioning.evaluate": {"admin", "coordinator"},
    "commissioning.bid": _BIDDERS,
    "commissioning.view_contracts": _BIDDERS | {"coordinator", "analyst"},
}


def shared(world):
    """An order of the OPS awarded to the cooperative (org B), with the contract prepared."""
    cached = getattr(world, "_commissioning_shared", None)
    if cached is None:
        from tests.commissioning.factories import contracted

        contract = contracted(world, number="ZP/R/1")
        cached = world._commissioning_shared = {"contract": contract, "order": contract.order, "offer": contract.offer}
    return cached


def _order(world):
    return {"public_id": shared(world)["order"].public_id}


def _offer(world):
    return {"public_id": shared(world)["offer"].public_id}


def _contract(world):
    return {"public_id": shared(world)["contract"].public_id}


SAMPLE_KWARGS = {
    "commissioning:order": _order,
    "commissioning:order-pdf": _order,
    "commissioning:order-edit": _order,
    "commissioning:order-publish": _order,
    "commissioning:order-close": _order,
    "commissioning:order-cancel": _order,
    "commissioning:order-scores": _order,
    "commissioning:order-evaluate": _order,
    "commissioning:order-award": _order,
    "commissioning:contract-create": _order,
    "commissioning:offer-withdraw": _offer,
    "commissioning:contract": _contract,
    "commissioning:contract-pdf": _contract,
    "commissioning:contract-sign": _contract,
    "commissioning:contract-complete": _contract,
    "commissioning:contract-terminate": _contract,
}

SAMPLE_KWARGS |= {
    "api:commissioning-order": _order,
    "api:commissioning-offer-withdraw": _offer,
    "api:commissioning-contract": _contract,
}
