"""Who commissions, bids, evaluates and signs.

The commissioner's side: coordinators of a municipality office, OPS or CUS open and manage their organisation's
orders, award and prepare contracts; its coordinators and social workers score offers (the evaluators). The
provider's side: managers of a social-economy entity and the staff of a CIS/KIS bid for orders, withdraw their
offers and sign the contract awarded to them. Analysts read contracts in their voivodeship. Every signed-in user
sees published orders (they are public notices)."""

import rules

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.roles import Role
from kooperacja.commissioning.modes import ANY_PROVIDER_KINDS
from kooperacja.core.predicates import is_admin, is_signed_in
from kooperacja.registry.models import OrganisationKind

COMMISSIONER_KINDS = frozenset({OrganisationKind.MUNICIPALITY_OFFICE, OrganisationKind.OPS, OrganisationKind.CUS})
MANAGER_ROLES = (Role.COORDINATOR,)
EVALUATOR_ROLES = (Role.COORDINATOR, Role.SOCIAL_WORKER)
BIDDER_ROLES = (Role.PES_MANAGER, Role.PZS_STAFF)


def commissioner_organisation_ids(user) -> frozenset[int]:
    """The municipality offices, OPS and CUS whose orders the user manages."""
    return actor_of(user).organisations_with(*MANAGER_ROLES, kinds=COMMISSIONER_KINDS)


def evaluator_organisation_ids(user) -> frozenset[int]:
    """The commissioners whose offers the user scores."""
    return actor_of(user).organisations_with(*EVALUATOR_ROLES, kinds=COMMISSIONER_KINDS)


def bidder_organisation_ids(user) -> frozenset[int]:
    """The providers for which the user bids and signs."""
    return actor_of(user).organisations_with(*BIDDER_ROLES, kinds=ANY_PROVIDER_KINDS)


def analyst_voivodeships(user) -> frozenset[str]:
    return actor_of(user).voivodeships_with(Role.ANALYST)


@rules.predicate
def is_commissioner(user) -> bool:
    return bool(commissioner_organisation_ids(user))


@rules.predicate
def is_evaluator(user) -> bool:
    return bool(evaluator_organisation_ids(user))


@rules.predicate
def is_bidder(user) -> bool:
    return bool(bidder_organisation_ids(user))


@rules.predicate
def is_analyst(user) -> bool:
    return bool(analyst_voivodeships(user))


@rules.predicate
def manages_order(user, order) -> bool:
    return order is not None and order.commissioner_id in commissioner_organisation_ids(user)


@rules.predicate
def evaluates_order(user, order) -> bool:
    return order is not None and order.commissioner_id in evaluator_organisation_ids(user)


@rules.predicate
def bids_with(user, offer) -> bool:
    return offer is not None and offer.bidder_id in bidder_organisation_ids(user)


@rules.predicate
def provides(user, contract) -> bool:
    return contract is not None and contract.provider_id in bidder_organisation_ids(user)


@rules.predicate
def commissions(user, contract) -> bool:
    return contract is not None and contract.commissioner_id in commissioner_organisation_ids(user)


# Route level (the selectors decide which record, 404 otherwise).
rules.add_perm("commissioning.view", is_signed_in)
rules.add_perm("commissioning.commission", is_admin | is_commissioner)
rules.add_perm("commissioning.evaluate", is_admin | is_evaluator)
rules.add_perm("commissioning.bid", is_admin | is_bidder)
rules.add_perm("commissioning.view_contracts", is_admin | is_commissioner | is_bidder | is_analyst)
# Object level: the moves of ORDER_MACHINE, OFFER_MACHINE and CONTRACT_MACHINE.
rules.add_perm("commissioning.manage_order", is_admin | manages_order)
rules.add_perm("commissioning.score_order", is_admin | evaluates_order)
rules.add_perm("commissioning.bid_offer", is_admin | bids_with)
rules.add_perm("commissioning.sign_contract", is_admin | provides)
rules.add_perm("commissioning.manage_contract", is_admin | commissions)
