"""The one map of route -> access rule.

Every URL pattern is registered through :func:`route` (web) or :func:`api_rule` (API), which records
the name of the ``rules`` permission that guards it. :class:`~kooperacja.core.middleware.RoutePermissionMiddleware`
checks that permission before any view runs, and refuses a route that has no rule at all, so a new
page cannot be published by accident. Object-level checks (may this user see *this* organisation?)
happen afterwards, in selectors.
"""

from collections.abc import Callable
from typing import Any

from django.urls import URLPattern, path

# "namespace:name" -> permission name, or {HTTP method: permission name} for API routes that
# serve several operations on one path.
ROUTE_RULES: dict[str, str | dict[str, str]] = {}

PUBLIC = "core.public"
SIGNED_IN = "core.signed_in"


def route(pattern: str, view: Callable[..., Any], *, name: str, rule: str, namespace: str) -> URLPattern:
    """A ``path()`` whose access rule is declared next to it."""
    _declare(f"{namespace}:{name}", rule)
    return path(pattern, view, name=name)


def api_rule(url_name: str, rule: str, *, method: str = "GET") -> None:
    """Declare the rule of one API operation (ninja route ``url_name``, HTTP ``method``)."""
    key = f"api:{url_name}"
    current = ROUTE_RULES.get(key)
    if isinstance(current, str):
        raise ValueError(f"{key} already has a single rule")
    rules_by_method = current or {}
    rules_by_method[method.upper()] = rule
    ROUTE_RULES[key] = rules_by_method


def _declare(key: str, rule: str) -> None:
    if key in ROUTE_RULES and ROUTE_RULES[key] != rule:
        raise ValueError(f"route {key} declared twice with different rules")
    ROUTE_RULES[key] = rule


def rule_for(namespaced_name: str, method: str) -> str | None:
    declared = ROUTE_RULES.get(namespaced_name)
    if declared is None:
        namespace = namespaced_name.split(":", 1)[0]
        declared = ROUTE_RULES.get(f"{namespace}:*")
    if isinstance(declared, dict):
        if method == "HEAD":
            method = "GET"
        return declared.get(method)
    return declared
