"""Who may use matching and referrals (route level: by role; object level: in selectors and services)."""

import rules

from kooperacja.accounts.predicates import has_role
from kooperacja.accounts.roles import Role
from kooperacja.core.predicates import is_admin
from kooperacja.placement import scope

# Coordinators (and admins) run matching and decide proposals.
rules.add_perm("placement.match", is_admin | has_role(Role.COORDINATOR))
# Referrals: coordinators send and withdraw them, providers record interviews and hires, CIS/KIS staff
# record the follow-ups of their participants.
rules.add_perm(
    "placement.view_referrals",
    is_admin | has_role(Role.COORDINATOR, Role.PES_MANAGER, Role.PZS_STAFF, Role.SOCIAL_WORKER),
)
# A provider's "my needs and candidates".
rules.add_perm("placement.view_candidates", is_admin | has_role(Role.PES_MANAGER, Role.PZS_STAFF))


@rules.predicate
def coordinates_referral(user, referral) -> bool:
    return scope.coordinates_referral(user, referral)


@rules.predicate
def manages_referral_need(user, referral) -> bool:
    return scope.manages_referral_need(user, referral)


@rules.predicate
def looks_after_participant(user, referral) -> bool:
    return scope.looks_after_participant(user, referral)


# Object level (a referral): send and withdraw; interview, hire and decline; record a follow-up.
rules.add_perm("placement.coordinate_referral", coordinates_referral)
rules.add_perm("placement.record_hiring", coordinates_referral | manages_referral_need)
rules.add_perm("placement.record_follow_up", coordinates_referral | looks_after_participant)
