"""Who reads and who writes the catalogue of cooperative models and its franchise records.

Every signed-in user reads the published models, their franchisees and the replication map. The catalogue
editor (or an administrator) writes the models. A franchisee record is written by the catalogue editor or by a
PES manager of the model's franchisor — decided from above, never by the franchisee itself."""

import rules

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.predicates import has_role
from kooperacja.accounts.roles import Role
from kooperacja.core.predicates import is_admin

EDITOR = is_admin | has_role(Role.CATALOGUE_EDITOR)


def franchisor_organisation_ids(user) -> frozenset[int]:
    """The organisations for which the user (a PES manager) acts as a franchisor."""
    return actor_of(user).organisations_with(Role.PES_MANAGER)


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rules.predicate
def manages_franchisor(user, record) -> bool:
    """``record`` is a model or a franchisee; the user manages the model's franchisor."""
    if record is None:
        return False
    model = getattr(record, "model", record)
    own = franchisor_organisation_ids(user)
    if model.franchisor_id is None or model.franchisor_id not in own:
        return False
    # Decided from above: a manager of the franchisee itself does not record its own franchise.
    return getattr(record, "organisation_id", None) not in own


# Route level (the selectors decide which record, 404 otherwise).
rules.add_perm("cooperatives.view", is_signed_in)
rules.add_perm("cooperatives.edit_models", EDITOR)
rules.add_perm("cooperatives.record_franchise", EDITOR | has_role(Role.PES_MANAGER))
# Object level: a model (adding a franchisee to it) or a franchisee record.
rules.add_perm("cooperatives.manage_franchise", EDITOR | manages_franchisor)
