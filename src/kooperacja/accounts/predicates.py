"""Predicates shared by every app's rules: who holds which role, where."""

import rules

from kooperacja.accounts.roles import ROLES_WITHOUT_PERSONAL_DATA, Role


def user_roles(user) -> frozenset[str]:
    """The set of roles the user holds in any organisation, cached on the user object per request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_kooperacja_roles", None)
    if cached is None:
        cached = frozenset(user.memberships.values_list("role", flat=True))
        user._kooperacja_roles = cached
    return cached


def user_organisation_ids(user) -> frozenset[int]:
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_kooperacja_org_ids", None)
    if cached is None:
        cached = frozenset(user.memberships.values_list("organisation_id", flat=True))
        user._kooperacja_org_ids = cached
    return cached


def has_role(*roles: Role) -> rules.Predicate:
    wanted = frozenset(str(r) for r in roles)

    @rules.predicate(name=f"has_role({','.join(sorted(wanted))})")
    def predicate(user) -> bool:
        return bool(user_roles(user) & wanted)

    return predicate


@rules.predicate
def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(user.is_authenticated)


@rules.predicate
def is_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_staff)


def sees_personal_data(user) -> bool:
    """Superusers, staff and holders of any role other than those without personal data."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.is_staff or bool(user_roles(user) - ROLES_WITHOUT_PERSONAL_DATA)


def user_role_municipalities(user, role: Role) -> frozenset[str]:
    """TERYT codes of the municipalities of the organisations where the user holds ``role``."""
    if not user.is_authenticated:
        return frozenset()
    cache = getattr(user, "_kooperacja_role_places", None)
    if cache is None:
        cache = {}
        for held_role, code in user.memberships.values_list("role", "organisation__municipality_id"):
            cache.setdefault(held_role, set()).add(code)
        user._kooperacja_role_places = cache
    return frozenset(cache.get(str(role), ()))


def user_roles_in(user, organisation_id: int | None) -> frozenset[str]:
    """The roles the user holds in one organisation (all memberships read once per request)."""
    if not user.is_authenticated or organisation_id is None:
        return frozenset()
    cache = getattr(user, "_kooperacja_roles_by_org", None)
    if cache is None:
        cache = {}
        for held_organisation, held_role in user.memberships.values_list("organisation_id", "role"):
            cache.setdefault(held_organisation, set()).add(held_role)
        user._kooperacja_roles_by_org = cache
    return frozenset(cache.get(organisation_id, ()))


def forget_cached_roles(user) -> None:
    """Drop the per-request role caches of ``user`` after their memberships changed."""
    for attribute in (
        "_kooperacja_roles",
        "_kooperacja_org_ids",
        "_kooperacja_role_places",
        "_kooperacja_roles_by_org",
    ):
        user.__dict__.pop(attribute, None)
