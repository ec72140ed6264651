import rules

from kooperacja.core.predicates import is_admin

rules.add_perm("audit.view_log", is_admin)
