"""Predicates shared by every app's rules: who holds which role. Territories and organisations are asked of
the actor (:func:`kooperacja.accounts.actor.actor_of`)."""

import rules

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.roles import ROLES_WITHOUT_PERSONAL_DATA, Role


def has_role(*roles: Role) -> rules.Predicate:
    wanted = tuple(sorted(str(r) for r in roles))

    @rules.predicate(name=f"has_role({','.join(wanted)})")
    def predicate(user) -> bool:
        return actor_of(user).has_role(*wanted)

    return predicate


@rules.predicate
def is_member_somewhere(user) -> bool:
    return bool(actor_of(user).organisation_ids)


def sees_personal_data(user) -> bool:
    """Superusers, staff and holders of any role other than those without personal data."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.is_staff or bool(actor_of(user).roles - ROLES_WITHOUT_PERSONAL_DATA)
