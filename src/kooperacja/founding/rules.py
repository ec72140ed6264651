"""Who sees a founding group and who records its work.

The launching organisation's coordinators lead the group's paperwork: members, the model, the business plan and
the registration steps. The OWES advisors of the launch's voivodeship advise the group: they comment on the plan
and may record the model and the registration steps with the coordinator. Both see the founders' names, and so
do the launching organisation's social workers. Analysts of the voivodeship read the group's progress without
names. The founders themselves are not users.
"""

import rules

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.predicates import has_role
from kooperacja.accounts.roles import Role
from kooperacja.core.predicates import is_admin
from kooperacja.registry.models import OrganisationKind

LEAD_ROLES = (Role.COORDINATOR,)
STAFF_ROLES = (Role.COORDINATOR, Role.SOCIAL_WORKER)


def _launch(record):
    """The launch of a founding group, or of its business plan (the plan's moves check the same rules)."""
    group = getattr(record, "group", record)
    return group.launch


def advised_voivodeships(user) -> frozenset[str]:
    """Voivodeship codes of the OWES where the user is an advisor."""
    return frozenset(
        item.municipality[:2]
        for item in actor_of(user).held
        if item.role == Role.OWES_ADVISOR and item.kind == OrganisationKind.OWES and item.municipality
    )


def analyst_voivodeships(user) -> frozenset[str]:
    return actor_of(user).voivodeships_with(Role.ANALYST)


def leads_launch(user, launch) -> bool:
    return bool(actor_of(user).roles_in(launch.owner_id) & {str(role) for role in LEAD_ROLES})


def staffs_launch(user, launch) -> bool:
    return bool(actor_of(user).roles_in(launch.owner_id) & {str(role) for role in STAFF_ROLES})


def advises_launch(user, launch) -> bool:
    return launch.municipality_id[:2] in advised_voivodeships(user)


@rules.predicate
def leads(user, group) -> bool:
    return group is not None and leads_launch(user, _launch(group))


@rules.predicate
def advises(user, group) -> bool:
    return group is not None and advises_launch(user, _launch(group))


@rules.predicate
def staffs(user, group) -> bool:
    return group is not None and staffs_launch(user, _launch(group))


def sees_names_of_launch(user, launch) -> bool:
    """Whether ``user`` sees the founders' names of ``launch``'s group."""
    return bool(
        user.is_authenticated and (user.is_superuser or staffs_launch(user, launch) or advises_launch(user, launch))
    )


def sees_group_of_launch(user, launch) -> bool:
    if sees_names_of_launch(user, launch):
        return True
    return bool(
        actor_of(user).is_member_of(launch.owner_id) or launch.municipality_id[:2] in analyst_voivodeships(user)
    )


@rules.predicate
def may_record(user) -> bool:
    return bool(advised_voivodeships(user)) or bool(actor_of(user).organisations_with(*LEAD_ROLES))


# Route level (the selectors decide which group, 404 otherwise).
rules.add_perm("founding.record", is_admin | may_record)
rules.add_perm("founding.comment", is_admin | has_role(Role.OWES_ADVISOR))
# Object level.
rules.add_perm("founding.manage_group", is_admin | leads | advises)
rules.add_perm("founding.manage_members", is_admin | leads)
rules.add_perm("founding.write_plan", is_admin | leads)
rules.add_perm("founding.comment_plan", is_admin | advises)
rules.add_perm("founding.record_steps", is_admin | leads | advises)
