"""Who may read and change individual programmes: the staff and social workers of the participation's CIS/KIS
(the same people who keep the participant's records)."""

import rules

from kooperacja.accounts.predicates import has_role
from kooperacja.core.predicates import is_admin
from kooperacja.training.rules import PARTICIPANT_STAFF_ROLES, works_with_participants_of


@rules.predicate
def works_with_participants_of_programme(user, programme) -> bool:
    return programme is not None and works_with_participants_of(user, programme.participation)


# Route level: the page of a participant's programme; which participant is decided by the selector (404).
rules.add_perm("reintegration.view_programmes", is_admin | has_role(*PARTICIPANT_STAFF_ROLES))
# Object level (a programme): preparing, changing, signing and ending it.
rules.add_perm("reintegration.change_programme", is_admin | works_with_participants_of_programme)
