import rules

from kooperacja.accounts.predicates import has_role
from kooperacja.accounts.roles import Role
from kooperacja.core.predicates import is_admin

# Browsing the catalogue is public (kooperacja.core.routes.PUBLIC); editing is for its editors.
rules.add_perm("catalogue.edit_cards", is_admin | has_role(Role.CATALOGUE_EDITOR))
