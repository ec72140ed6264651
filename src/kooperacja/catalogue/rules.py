import rules

from kooperacja.accounts.predicates import has_role, is_admin
from kooperacja.accounts.roles import Role

# Browsing the catalogue is public (kooperacja.core.routes.PUBLIC); editing is for its editors.
rules.add_perm("catalogue.edit_cards", is_admin | has_role(Role.CATALOGUE_EDITOR))
