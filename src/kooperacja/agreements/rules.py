"""Who may publish offers, send and answer contact requests, and act for a party of an agreement.

Every signed-in user reads the published offers. The staff of a CIS/KIS and the managers of a social-economy
entity (PES) write their organisation's offers and answer the requests about them. A municipality's or an
OPS/CUS's coordinator or social worker, or a provider's staff, send contact requests for their organisation. The
same people, in a party organisation, see and work on that party's agreements; only a party's own user signs for
it (``agreement_services``). Where someone works is their memberships (granted from above)."""

import rules

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.predicates import has_role
from kooperacja.accounts.roles import Role
from kooperacja.core.predicates import is_admin
from kooperacja.registry.models import PROVIDER_KINDS, OrganisationKind

PUBLISHER_ROLES = (Role.PZS_STAFF, Role.PES_MANAGER)
PARTY_ROLES = (Role.COORDINATOR, Role.SOCIAL_WORKER, Role.PZS_STAFF, Role.PES_MANAGER)
# Who may sign for a party: its management and staff, not a social worker.
SIGNING_ROLES = (Role.COORDINATOR, Role.PZS_STAFF, Role.PES_MANAGER)
REQUESTER_KINDS = frozenset(
    {
        OrganisationKind.MUNICIPALITY_OFFICE,
        OrganisationKind.OPS,
        OrganisationKind.CUS,
        OrganisationKind.PCPR,
        *PROVIDER_KINDS,
    }
)


def publishing_organisation_ids(user) -> frozenset[int]:
    """The CIS/KIS and PES whose offers the user writes."""
    return actor_of(user).organisations_with(*PUBLISHER_ROLES, kinds=PROVIDER_KINDS)


def requesting_organisation_ids(user) -> frozenset[int]:
    """The organisations for which the user sends contact requests."""
    return actor_of(user).organisations_with(*PARTY_ROLES, kinds=REQUESTER_KINDS)


def party_organisation_ids(user) -> frozenset[int]:
    """The organisations whose agreements the user sees and works on."""
    return actor_of(user).organisations_with(*PARTY_ROLES)


def signing_organisation_ids(user) -> frozenset[int]:
    return actor_of(user).organisations_with(*SIGNING_ROLES)


def party_ids_of(agreement) -> frozenset[int]:
    """The organisations that are parties of ``agreement`` (read once per object)."""
    cached = agreement.__dict__.get("_party_ids")
    if cached is None:
        cached = frozenset(party.organisation_id for party in agreement.parties.all())
        agreement.__dict__["_party_ids"] = cached
    return cached


@rules.predicate
def offers_with(user, offer) -> bool:
    return offer is not None and offer.organisation_id in publishing_organisation_ids(user)


@rules.predicate
def answers(user, request) -> bool:
    return request is not None and request.offer.organisation_id in publishing_organisation_ids(user)


@rules.predicate
def requests_with(user, request) -> bool:
    return request is not None and request.requester_id in requesting_organisation_ids(user)


@rules.predicate
def is_party(user, agreement) -> bool:
    return agreement is not None and bool(party_ids_of(agreement) & party_organisation_ids(user))


# Route level (the selectors decide which record, 404 otherwise).
rules.add_perm("agreements.publish", is_admin | has_role(*PUBLISHER_ROLES))
rules.add_perm("agreements.cooperate", is_admin | has_role(*PARTY_ROLES))
# Object level.
rules.add_perm("agreements.manage_offer", is_admin | offers_with)
rules.add_perm("agreements.answer_request", is_admin | answers)
rules.add_perm("agreements.withdraw_request", is_admin | requests_with)
rules.add_perm("agreements.act_for_agreement", is_admin | is_party)
