"""The one answer to "who is acting, and where": a user's memberships, roles and territories.

Every predicate, selector and service asks :func:`actor_of` instead of querying memberships itself. The actor
is read once (one query) and kept on the user object for the rest of the request; any write of a membership in
this process (a grant, a revoke; signalled from ``AccountsConfig.ready``) makes every kept actor stale, so the
next check reads them again.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import count

_changes = count(1)
_generation = next(_changes)


@dataclass(frozen=True)
class Held:
    """One membership: a role in an organisation, with the organisation's municipality and kind."""

    organisation_id: int
    role: str
    municipality: str  # TERYT code of the organisation's municipality (7 digits)
    kind: str  # registry.OrganisationKind value


class Actor:
    """A user with what they hold. Anonymous users hold nothing; superusers are administrators."""

    def __init__(self, user, held: Iterable[Held]):
        self.user = user
        self.held = tuple(held)
        self.generation = _generation

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user is not None and self.user.is_authenticated)

    @property
    def is_admin(self) -> bool:
        return self.is_authenticated and bool(self.user.is_superuser)

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(item.role for item in self.held)

    @property
    def organisation_ids(self) -> frozenset[int]:
        return frozenset(item.organisation_id for item in self.held)

    def has_role(self, *roles: str) -> bool:
        wanted = {str(role) for role in roles}
        return any(item.role in wanted for item in self.held)

    def is_member_of(self, organisation_id: int | None) -> bool:
        return organisation_id in self.organisation_ids

    def roles_in(self, organisation_id: int | None) -> frozenset[str]:
        return frozenset(item.role for item in self.held if item.organisation_id == organisation_id)

    def organisations_with(self, *roles: str, kinds: Iterable[str] | None = None) -> frozenset[int]:
        """Ids of the organisations (of ``kinds``, if given) where the user holds one of ``roles``."""
        wanted = {str(role) for role in roles}
        allowed_kinds = None if kinds is None else {str(kind) for kind in kinds}
        return frozenset(
            item.organisation_id
            for item in self.held
            if item.role in wanted and (allowed_kinds is None or item.kind in allowed_kinds)
        )

    def municipalities_with(self, role: str) -> frozenset[str]:
        """TERYT codes of the municipalities of the organisations where the user holds ``role``."""
        return frozenset(item.municipality for item in self.held if item.role == str(role) and item.municipality)

    def counties_with(self, role: str) -> frozenset[str]:
        """County codes (4 digits) of the organisations where the user holds ``role``: a coordinator's reach."""
        return frozenset(code[:4] for code in self.municipalities_with(role))

    def voivodeships_with(self, role: str) -> frozenset[str]:
        """Voivodeship codes (2 digits) of the organisations where the user holds ``role``."""
        return frozenset(code[:2] for code in self.municipalities_with(role))


def actor_of(user) -> Actor:
    """The actor of ``user``, read once per request (and again after any membership change)."""
    if user is None or not user.is_authenticated:
        return Actor(user, ())
    # request.user is a lazy wrapper, while permission checks receive the user inside it: keep the actor on the
    # user itself, so that both read it once.
    user = getattr(user, "_wrapped", user)
    cached = user.__dict__.get("_actor")
    if cached is not None and cached.generation == _generation:
        return cached
    rows = user.memberships.order_by("id").values_list(
        "organisation_id", "role", "organisation__municipality_id", "organisation__kind"
    )
    actor = Actor(user, (Held(*row) for row in rows))
    user.__dict__["_actor"] = actor
    return actor


def memberships_changed() -> None:
    """Called on every write of a membership: every actor read before is stale from now on."""
    global _generation
    _generation = next(_changes)
