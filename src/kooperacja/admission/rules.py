"""Who may refer, see and decide admission referrals.

The referring side: coordinators and social workers of an OPS, CUS or PUP create, edit, issue and withdraw their
organisation's referrals and see them with the progress of those admitted. The receiving side: the staff and social
workers of the CIS/KIS a referral is addressed to see it once issued (never a draft) and accept or refuse it. Nobody
else sees a referral. Where someone works is the organisation's kind and membership, which those limited by it do
not change (``registry`` REACH_FIELDS, memberships granted from above)."""

import rules

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.predicates import has_role
from kooperacja.accounts.roles import Role
from kooperacja.admission.models import REFERRING_KINDS, TARGET_KINDS, AdmissionStatus
from kooperacja.core.predicates import is_admin

REFERRER_ROLES = (Role.COORDINATOR, Role.SOCIAL_WORKER)
RECEIVER_ROLES = (Role.PZS_STAFF, Role.SOCIAL_WORKER)


def referring_organisation_ids(user) -> frozenset[int]:
    """The OPS, CUS and PUP where the user refers people."""
    return actor_of(user).organisations_with(*REFERRER_ROLES, kinds=REFERRING_KINDS)


def receiving_organisation_ids(user) -> frozenset[int]:
    """The CIS and KIS where the user receives referrals."""
    return actor_of(user).organisations_with(*RECEIVER_ROLES, kinds=TARGET_KINDS)


@rules.predicate
def refers_with(user, referral) -> bool:
    return referral is not None and referral.referring_organisation_id in referring_organisation_ids(user)


@rules.predicate
def receives(user, referral) -> bool:
    return (
        referral is not None
        and referral.status != AdmissionStatus.DRAFT
        and referral.target_organisation_id in receiving_organisation_ids(user)
    )


# Route level: the pages of each side (the selectors decide which referral, 404 otherwise).
rules.add_perm("admission.refer", is_admin | has_role(*REFERRER_ROLES))
rules.add_perm("admission.receive", is_admin | has_role(*RECEIVER_ROLES))
rules.add_perm("admission.view_referrals", is_admin | has_role(*REFERRER_ROLES, *RECEIVER_ROLES))
# Object level (a referral): the moves of ADMISSION_MACHINE and the edits of a draft.
rules.add_perm("admission.issue_referral", is_admin | refers_with)
rules.add_perm("admission.decide_referral", is_admin | receives)
