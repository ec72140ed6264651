import rules

from kooperacja.core.predicates import is_signed_in, is_staff
from kooperacja.core.routes import PUBLIC, SIGNED_IN

rules.add_perm(PUBLIC, rules.always_allow)
rules.add_perm(SIGNED_IN, is_signed_in)
rules.add_perm("core.access_admin", is_staff)
