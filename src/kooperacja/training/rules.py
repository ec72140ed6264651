"""Route-level rules of the training app. Which programme, cohort or participant a user may act on is
decided by the fetch helpers in ``selectors`` (another institution's record answers 404)."""

import rules

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
rules.add_perm("training.import_data", is_admin | has_role(Role.PZS_STAFF, Role.PES_MANAGER))
