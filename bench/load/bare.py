"""The load benchmark's URLconf: the product's routes plus a "bare list" of each benchmarked table.

A bare list is the least any page of a table costs: 50 rows of the table through the ORM (``.values()`` of a
few columns, ordered by primary key) rendered as minimal HTML, or as JSON under ``/api/`` (where the product's
token middleware signs the caller in). The routes pass through the product's whole middleware stack and need a
signed-in user like the pages they are compared with. They exist only here, in the bench URLconf.
"""

from django.apps import apps
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import include, path
from django.utils.html import escape

from bench.load.targets import TABLES
from kooperacja.core.routes import SIGNED_IN
from kooperacja.urls import urlpatterns as product_urlpatterns

ROWS = 50
NAMESPACE = "bench-bare"


def _rows(table: str) -> list[dict]:
    if table not in TABLES:
        raise Http404
    label, fields = TABLES[table]
    model = apps.get_model(label)
    return list(model.objects.order_by("pk").values("pk", *fields)[:ROWS])


def bare_page(request, table: str) -> HttpResponse:
    rows = _rows(table)
    lines = ["<!doctype html><title>", escape(table), "</title><table>"]
    for row in rows:
        lines.append("<tr>" + "".join(f"<td>{escape(value)}</td>" for value in row.values()) + "</tr>")
    lines.append("</table>")
    return HttpResponse("".join(lines))


def bare_api(request, table: str) -> JsonResponse:
    return JsonResponse({"items": _rows(table), "count": None})


# The access rules of the bare routes; bench/load/urls.py declares them for the benchmark's server (and the tests
# for the length of a test), so the product's own route map never holds them.
BARE_RULES = {f"{NAMESPACE}:page": SIGNED_IN, f"{NAMESPACE}:api": SIGNED_IN}

bare_patterns = (
    [
        path("bench-bare/<slug:table>/", bare_page, name="page"),
        path("api/bench-bare/<slug:table>", bare_api, name="api"),
    ],
    NAMESPACE,
)

urlpatterns = [path("", include(bare_patterns)), *product_urlpatterns]
