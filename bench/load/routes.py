"""The product's list routes, read from its URLconf and its OpenAPI document (needs Django set up).

A list route is a web route whose name ends in ``list`` or a GET API operation whose answer is a page
(``Paged…``) or an array. ``run.py`` refuses to start, and ``tests/bench/test_load_targets.py`` fails, when one
of them is not among the benchmark's targets.
"""

import re

from django.urls import URLPattern, URLResolver, get_resolver, resolve

from kooperacja.api import api


def web_route_names() -> list[str]:
    """Every named web route of the product's URLconf, as ``namespace:name``."""
    from kooperacja import urls

    names: list[str] = []

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver(urls).url_patterns, "")
    return names


def web_list_routes() -> set[str]:
    return {
        name
        for name in web_route_names()
        if name.split(":")[-1].endswith("list") and not name.startswith(("api:", "admin:"))
    }


def api_list_routes() -> set[str]:
    """GET operations answering a page or an array, as ``api:<url_name>`` (the name the path resolves to)."""
    schema = api.get_openapi_schema()
    found = set()
    for api_path, operations in schema["paths"].items():
        operation = operations.get("get")
        if operation is None:
            continue
        answer = operation["responses"].get(200) or operation["responses"].get("200") or {}
        body = answer.get("content", {}).get("application/json", {}).get("schema", {})
        if body.get("type") == "array" or body.get("$ref", "").rsplit("/", 1)[-1].startswith("Paged"):
            found.add(resolve(re.sub(r"\{[^}]+\}", "1", api_path), urlconf="kooperacja.urls").view_name)
    return found


def list_routes() -> set[str]:
    return web_list_routes() | api_list_routes()
