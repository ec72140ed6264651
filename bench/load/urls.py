"""The benchmark server's URLconf: the product's routes and the bare lists, with the bare lists' access rules."""

from bench.load.bare import BARE_RULES, urlpatterns
from kooperacja.core.routes import ROUTE_RULES

ROUTE_RULES.update(BARE_RULES)

__all__ = ["urlpatterns"]
