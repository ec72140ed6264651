"""Who may start, fill, review and decide readiness assessments.

The provider's side: the CIS/KIS staff and social-economy managers of the provider start its assessments, assess
it themselves, attach evidence, submit and withdraw. The assessor's side, from above the provider: an OWES advisor
of an OWES in the provider's voivodeship, or a coordinator of cooperation (municipality office, OPS, CUS, PCPR) in
the provider's county. The assessor takes a submitted assessment for review, records the visit, returns it for
completion or decides; the provider never decides about itself (an organisation is never in its own assessor's
reach, since assessors work for an OWES or a public body, which are not provider kinds). Nobody else sees an
assessment; confirmed decisions are public (the public list shows no personal data).
"""

import rules

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.predicates import has_role
from kooperacja.accounts.roles import Role
from kooperacja.core.predicates import is_admin
from kooperacja.registry.models import PROVIDER_KINDS, OrganisationKind

PROVIDER_ROLES = (Role.PZS_STAFF, Role.PES_MANAGER)
ASSESSOR_ROLES = (Role.OWES_ADVISOR, Role.COORDINATOR)


def provider_organisation_ids(user) -> frozenset[int]:
    """The providers for which the user assesses readiness themselves."""
    return actor_of(user).organisations_with(*PROVIDER_ROLES, kinds=PROVIDER_KINDS)


def assessor_reach(user) -> tuple[frozenset[str], frozenset[str]]:
    """(voivodeship codes, county codes) whose providers the user assesses."""
    actor = actor_of(user)
    owes = {
        code[:2]
        for item in actor.held
        if item.role == Role.OWES_ADVISOR and item.kind == OrganisationKind.OWES and (code := item.municipality)
    }
    return frozenset(owes), actor.counties_with(Role.COORDINATOR)


def in_reach(user, municipality_code: str) -> bool:
    voivodeships, counties = assessor_reach(user)
    return municipality_code[:2] in voivodeships or municipality_code[:4] in counties


@rules.predicate
def provides(user, record) -> bool:
    return record is not None and record.provider_id in provider_organisation_ids(user)


@rules.predicate
def assesses(user, record) -> bool:
    return (
        record is not None
        and record.provider_id not in actor_of(user).organisation_ids
        and in_reach(user, record.provider.municipality_id)
    )


# Route level (the selectors decide which record; 404 otherwise).
rules.add_perm("readiness.view", is_admin | has_role(*PROVIDER_ROLES, *ASSESSOR_ROLES))
rules.add_perm("readiness.start", is_admin | has_role(*PROVIDER_ROLES))
rules.add_perm("readiness.assess", is_admin | has_role(*ASSESSOR_ROLES))
# Object level (an assessment; a decision for "decide").
rules.add_perm("readiness.self_assess", is_admin | provides)
rules.add_perm("readiness.review", is_admin | assesses)
rules.add_perm("readiness.decide", is_admin | assesses)
rules.add_perm("readiness.see", is_admin | provides | assesses)
