"""A host for the selection app's own tests and the attacker's suite: the CIS staff (PZS_STAFF) of the owner
organisation manage a selection, every member of the owner views it, and an entry's label (a person's name) is
shown only to the managers; a user whose username is the entry's subject key is its candidate."""

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.roles import Role
from kooperacja.selection import hosts

CONFIRMED: list = []


def _may_manage(user, selection) -> bool:
    return selection.owner_id in actor_of(user).organisations_with(Role.PZS_STAFF)


def _may_view(user, selection) -> bool:
    return actor_of(user).is_member_of(selection.owner_id)


def _label(entry, user) -> str:
    if user is not None and user.is_authenticated and _may_manage(user, entry.selection):
        return entry.label
    return entry.code


def make_host(kind: str) -> hosts.Host:
    return hosts.Host(
        kind=kind,
        label="Test selection",
        may_manage=_may_manage,
        may_view=_may_view,
        entry_label=_label,
        back_link=lambda selection: "/",
        on_confirmed=lambda selection: CONFIRMED.append(selection.pk),
        is_own=lambda user, entry: user.get_username() == entry.subject_key,
    )
