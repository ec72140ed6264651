"""Predicates on the user account itself (no roles): signed in, staff, administrator."""

import rules


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(user.is_authenticated)


@rules.predicate
def is_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_staff)


@rules.predicate
def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_superuser)
