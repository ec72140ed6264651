"""Expected personas of the staffing rules and sample URL arguments, used by tests/core/test_route_permissions.py.

Object-level checks are tested in this package; for the route-level test every route points at objects
that every persona admitted by the route's rule may also act on.
"""

from kooperacja.accounts.roles import Role
from kooperacja.registry.models import OrganisationKind
from kooperacja.staffing.models import StaffingPlan
from tests.factories import GRUDZIADZ, MembershipFactory, OrganisationFactory
from tests.staffing.factories import NeedFactory, RoundFactory, invite

_ALL_ROLES = {role.value for role in Role}
_SIGNED_IN = _ALL_ROLES | {"member_b", "no_membership", "admin"}

EXPECTED = {
    "staffing.view_needs": _SIGNED_IN,
    "staffing.manage_needs": {"admin", "pes_manager", "pzs_staff", "member_b"},
    "staffing.view_rounds": _ALL_ROLES | {"member_b", "admin"},
    "staffing.coordinate_rounds": {"admin", "coordinator"},
    "staffing.act_as_partner": {
        "admin",
        "coordinator",
        "pes_manager",
        "pzs_staff",
        "social_worker",
        "partner_worker",
        "owes_advisor",
        "member_b",
    },
}


def _shared(world):
    """A published need of a provider managed by every need-managing persona, and a round (with a plan)
    coordinated by the coordinator persona's MOPS, whose partners are the MOPS, organisations A and B and the
    voivode's office."""
    shared = getattr(world, "_staffing_shared", None)
    if shared is not None:
        return shared
    provider = OrganisationFactory(
        name="Spółdzielnia wspólna", kind=OrganisationKind.SOCIAL_COOPERATIVE, municipality_id=GRUDZIADZ
    )
    for persona, role in (
        ("pes_manager", Role.PES_MANAGER),
        ("pzs_staff", Role.PZS_STAFF),
        ("member_b", Role.PES_MANAGER),
    ):
        MembershipFactory(user=world.user(persona), organisation=provider, role=role)
    need = NeedFactory(provider=provider)
    diagnosis_round = RoundFactory(coordinator_organisation=world.ops)
    invite(diagnosis_round, world.org_a, world.org_b, world.voivode_office, world.ops)
    plan = StaffingPlan.objects.create(round=diagnosis_round, number=1)
    world._staffing_shared = {"need": need, "round": diagnosis_round, "plan": plan}
    return world._staffing_shared


def _need(world) -> dict:
    return {"public_id": _shared(world)["need"].public_id}


def _round(world) -> dict:
    return {"public_id": _shared(world)["round"].public_id}


def _plan(world) -> dict:
    return {"public_id": _shared(world)["plan"].public_id}


SAMPLE_KWARGS = {
    "staffing:need-detail": _need,
    "staffing:need-edit": _need,
    "staffing:need-publish": _need,
    "staffing:need-withdraw": _need,
    "staffing:round-detail": _round,
    "staffing:round-invite": _round,
    "staffing:round-contribute": _round,
    "staffing:direction-create": _round,
    "staffing:plan-generate": _round,
    "staffing:plan-history": _round,
    "staffing:plan-detail": _plan,
    "staffing:plan-sign": _plan,
    "staffing:plan-amend": _plan,
    "api:staffing-need": _need,
    "api:staffing-need-publish": _need,
    "api:staffing-need-withdraw": _need,
    "api:staffing-round": _round,
    "api:staffing-plan": _plan,
}
