"""Who may manage, view and score a selection. The host of the selection's kind decides who manages and who
views it (``Host.may_manage``/``may_view``); an assessor is whoever the managers named. Administrators manage
every selection. Routes need only a signed-in user; the selectors decide which selection (404 otherwise)."""

import rules

from kooperacja.core.predicates import is_admin, is_signed_in
from kooperacja.selection.hosts import host_of


def _host(selection):
    try:
        return host_of(selection.kind)
    except LookupError:
        return None


def manages(user, selection) -> bool:
    if selection is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    host = _host(selection)
    return bool(host is not None and host.may_manage(user, selection))


def is_assessor(user, selection) -> bool:
    if selection is None or not user.is_authenticated:
        return False
    cached = selection.__dict__.setdefault("_assessor_ids", None)
    if cached is None:
        cached = frozenset(selection.assessors.values_list("user_id", flat=True))
        selection.__dict__["_assessor_ids"] = cached
    return user.pk in cached


def views(user, selection) -> bool:
    if selection is None or not user.is_authenticated:
        return False
    if manages(user, selection) or is_assessor(user, selection):
        return True
    host = _host(selection)
    return bool(host is not None and host.may_view(user, selection))


@rules.predicate
def manages_selection(user, selection) -> bool:
    return manages(user, selection)


@rules.predicate
def views_selection(user, selection) -> bool:
    return views(user, selection)


@rules.predicate
def assesses_selection(user, selection) -> bool:
    return is_assessor(user, selection)


rules.add_perm("selection.use", is_signed_in)
rules.add_perm("selection.manage_selection", is_admin | manages_selection)
rules.add_perm("selection.view_selection", is_admin | views_selection)
rules.add_perm("selection.score", assesses_selection)
