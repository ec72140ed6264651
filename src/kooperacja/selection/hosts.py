"""The apps that use a selection register a :class:`Host`: what a selection of their kind is called, who manages
and who sees it, how its entries are named for a reader, where it links back to, and what confirming it does.

The selection app knows nothing about its hosts beyond this contract (a launch's founding group, the pilot's
sites); a host registers itself in its ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from kooperacja.selection.models import Entry, Selection


def _never(user, entry) -> bool:
    return False


@dataclass(frozen=True)
class Host:
    kind: str  # "launch", later "pilot_sites"
    label: Promise | str  # "Founding group of a launch"
    # (user, selection): criteria, assessors, publish, rank, appeals, confirm
    may_manage: Callable[[Any, Selection], bool]
    # (user, selection): see it and the ranking
    may_view: Callable[[Any, Selection], bool]
    # (entry, user): a name for those who may see personal data, else entry.code
    entry_label: Callable[[Entry, Any], str]
    # URL of the host's object (e.g. the launch page)
    back_link: Callable[[Selection], str]
    # called inside the confirming transaction
    on_confirmed: Callable[[Selection], None]
    # a signed-in user whose own entry this is (may appeal without the access code)
    is_own: Callable[[Any, Entry], bool] = _never


_HOSTS: dict[str, Host] = {}


def register(host: Host) -> None:
    """Register (or replace, e.g. on a reload) the host of ``host.kind``."""
    _HOSTS[host.kind] = host


def unregister(kind: str) -> None:
    """Forget the host of ``kind`` (tests register a host of their own and remove it afterwards)."""
    _HOSTS.pop(kind, None)


def host_of(kind: str) -> Host:
    try:
        return _HOSTS[kind]
    except KeyError:
        raise LookupError(f"no selection host registered for kind {kind!r}") from None


def kinds() -> list[str]:
    return sorted(_HOSTS)
