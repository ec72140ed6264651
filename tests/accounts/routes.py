"""Expected personas of the accounts rules and sample URL arguments, for tests/core/test_route_permissions.py.

Object-level access (members of this organisation only, roles a manager may grant) is tested in
tests/accounts/test_members.py.
"""

from kooperacja.accounts.roles import Role

_ALL_ROLES = {role.value for role in Role}

EXPECTED = {
    "accounts.view_members": _ALL_ROLES | {"member_b", "admin"},
    # The register officer grants the coordinator role in the public bodies of its voivodeship.
    "accounts.manage_members": {"admin", "coordinator", "pzs_staff", "pes_manager", "member_b", "register_officer"},
}


def _org(world) -> dict:
    return {"public_id": world.org_a.public_id}


SAMPLE_KWARGS = {
    "accounts:organisation-members": _org,
    "accounts:organisation-member-grant": _org,
    "accounts:organisation-member-revoke": lambda w: {**_org(w), "membership_id": 999999},
    "accounts:password-reset-confirm": lambda w: {"uidb64": "MQ", "token": "no-such-token"},
}
