"""Route-level rules of the training app. Which programme, cohort or participant a user may act on is
decided by the fetch helpers in ``selectors`` (another institution's record answers 404)."""

import rules

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.predicates import has_role
from kooperacja.accounts.roles import Role
from kooperacja.core.predicates import is_admin, is_signed_in

# Members of a CIS/KIS who work with its participants and see their data in full.
PARTICIPANT_STAFF_ROLES = (Role.PZS_STAFF, Role.SOCIAL_WORKER)

rules.add_perm("training.view_parameters", is_signed_in)
rules.add_perm("training.view_programmes", is_signed_in)
rules.add_perm("training.edit_programmes", is_admin | has_role(Role.PZS_STAFF))
rules.add_perm("training.manage_participants", is_admin | has_role(*PARTICIPANT_STAFF_ROLES))
rules.add_perm("training.import_participants", is_admin | has_role(Role.PZS_STAFF))
# Route level of the decision extending a CIS stay: only the CIS's staff decide it (object level below).
rules.add_perm("training.extend_participations", is_admin | has_role(Role.PZS_STAFF))
rules.add_perm("training.import_data", is_admin | has_role(Role.PZS_STAFF, Role.PES_MANAGER))


@rules.predicate
def works_with_participants_of(user, participation) -> bool:
    """Staff or a social worker of the CIS/KIS where the participation is."""
    return participation is not None and participation.organisation_id in actor_of(user).organisations_with(
        *PARTICIPANT_STAFF_ROLES
    )


@rules.predicate
def is_staff_of(user, participation) -> bool:
    return participation is not None and participation.organisation_id in actor_of(user).organisations_with(
        Role.PZS_STAFF
    )


# Object level (a participation): the moves of its state machine (training.models.PARTICIPATION_MACHINE).
rules.add_perm("training.move_participation", is_admin | works_with_participants_of)
rules.add_perm("training.confirm_readiness", is_admin | is_staff_of)
# A decision extending a CIS stay beyond its base period is the CIS's (its staff), not a social worker's.
rules.add_perm("training.extend_participation", is_admin | is_staff_of)
