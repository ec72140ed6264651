"""What waits for a user: one registry of kinds of waiting item, filled by the apps that own them.

The home page lists, per kind, how many items wait for the signed-in user and the first few of them (proposals to
decide, referrals to answer, plans to sign, attendance weeks not entered, …); the navigation shows the total.
``core`` imports no domain app, so each app registers its own kinds in its ``AppConfig.ready()`` with
:func:`register` (the pattern of ``staffing.figures``). A kind's provider answers for one user, through its own
app's models and selectors, scoped to what the user may see:

- in a fixed number of queries (a count, then at most ``limit`` rows; never a query per row);
- with no query at all when the user holds no role the kind concerns (most kinds concern one or two roles);
- with labels that carry no personal data (no participant's name or PESEL): numbers, dates, positions,
  organisations' names — the same labels go into the daily e-mail digest.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise

# How long the navigation badge's total is kept per user (see ``badge_total``).
BADGE_SECONDS = 60


@dataclass(frozen=True)
class WaitingItem:
    """One item: what it is (no personal data), where it is handled, and by when."""

    label: str | Promise
    url: str
    due: date | None = None

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()


@dataclass(frozen=True)
class Waiting:
    """A kind's answer for one user: how many items, the first few of them, and (optionally) a list link of
    its own in place of the kind's."""

    count: int = 0
    items: tuple[WaitingItem, ...] = ()
    more_url: str | None = None


NOTHING = Waiting()

# (user, limit) -> Waiting; with limit 0 the provider only counts.
Provider = Callable[[object, int], Waiting]


@dataclass(frozen=True)
class Kind:
    code: str  # "<app>.<what>", e.g. "placement.proposals"
    label: str | Promise  # e.g. "Proposals to decide"
    provider: Provider
    list_url: str  # URL name of the list where all of them are
    order: int = 100  # place on the home page (lower first)
    description: str | Promise = field(default="", compare=False)

    def answer(self, user, limit: int) -> Waiting:
        return self.provider(user, limit)

    def url(self, waiting: Waiting) -> str:
        return waiting.more_url or reverse(self.list_url)


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    """Register ``kind``; the same code twice with another provider is refused."""
    known = _KINDS.get(kind.code)
    if known is not None and known.provider is not kind.provider:
        raise ValueError(f"the waiting kind {kind.code!r} is registered already")
    _KINDS[kind.code] = kind


def kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.code))


def kind(code: str) -> Kind:
    return _KINDS[code]


@dataclass(frozen=True)
class Entry:
    kind: Kind
    waiting: Waiting

    @property
    def url(self) -> str:
        return self.kind.url(self.waiting)

    @property
    def count(self) -> int:
        return self.waiting.count

    @property
    def items(self) -> tuple[WaitingItem, ...]:
        return self.waiting.items

    @property
    def more(self) -> int:
        return max(self.waiting.count - len(self.waiting.items), 0)


def waiting_for(user, *, limit: int = 3, only: set[str] | None = None) -> list[Entry]:
    """Every kind with something waiting for ``user``, with its first ``limit`` items, in the home page's order."""
    if user is None or not user.is_authenticated:
        return []
    entries = []
    for registered in kinds():
        if only is not None and registered.code not in only:
            continue
        waiting = registered.answer(user, limit)
        if waiting.count:
            entries.append(Entry(registered, waiting))
    return entries


def _badge_key(user) -> str:
    return f"waiting-total:{user.pk}"


def badge_total(user) -> int:
    """The total the navigation shows. Every page shows it, and counting every kind costs a query or two per kind
    the user's roles concern: it is kept in the default cache for ``BADGE_SECONDS`` per user, so that clicking
    through pages costs nothing, while a change shows within a minute (and at once where the change is the
    user's own and the app calls :func:`forget`)."""
    if user is None or not user.is_authenticated:
        return 0
    key = _badge_key(user)
    total = cache.get(key)
    if total is None:
        total = sum(registered.answer(user, 0).count for registered in kinds())
        cache.set(key, total, BADGE_SECONDS)
    return total


def remember_total(user, entries: list[Entry]) -> None:
    """The home page has just counted everything: keep its total for the badge instead of counting again."""
    cache.set(_badge_key(user), sum(entry.count for entry in entries), BADGE_SECONDS)


def forget(user) -> None:
    """Drop the kept total of ``user`` (after they read a notification, say)."""
    if user is not None and getattr(user, "pk", None):
        cache.delete(_badge_key(user))
