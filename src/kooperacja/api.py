"""The REST API: one NinjaAPI under /api/v1/, assembled from each app's router.

Authentication (personal token or session) and the route rules are applied by middleware, exactly
as for web pages; see ``kooperacja.core.routes``.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from kooperacja.core.errors import ConflictError
from kooperacja.core.routes import PUBLIC, api_rule

api = NinjaAPI(
    title="Kooperacja API",
    version="1",
    urls_namespace="api",
    description="Territory, organisations and the catalogue of social services. "
    "Authenticate with a personal token (`Authorization: Bearer …`) or a session.",
    docs_url="/docs",
)

api_rule("openapi-json", PUBLIC)
api_rule("openapi-view", PUBLIC)
api_rule("api-root", PUBLIC)


def error_body(code: str, detail: str, errors: list[dict] | None = None) -> dict:
    """The one error shape of the API."""
    return {"detail": detail, "code": code, "errors": errors or []}


@api.exception_handler(NinjaValidationError)
def on_schema_error(request, exc: NinjaValidationError):
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", []) if part not in ("body", "payload", "query")]
        errors.append({"field": ".".join(location), "message": error.get("msg", "")})
    return api.create_response(request, error_body("invalid", _("The request is not valid."), errors), status=422)


@api.exception_handler(DjangoValidationError)
def on_validation_error(request, exc: DjangoValidationError):
    errors = []
    if hasattr(exc, "error_dict"):
        for field, field_errors in exc.message_dict.items():
            errors.extend({"field": field, "message": message} for message in field_errors)
    else:
        errors.extend({"field": "", "message": message} for message in exc.messages)
    return api.create_response(request, error_body("invalid", _("The data is not valid."), errors), status=422)


@api.exception_handler(ConflictError)
def on_conflict(request, exc: ConflictError):
    return api.create_response(request, error_body("conflict", str(exc)), status=409)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, error_body("not_found", _("Not found.")), status=404)


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return api.create_response(
        request, error_body("forbidden", _("You do not have permission to do this.")), status=403
    )


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return api.create_response(request, error_body("error", str(exc)), status=exc.status_code)


def _register_routers() -> None:
    from kooperacja.accounts.api import router as accounts_router
    from kooperacja.catalogue.api import router as catalogue_router
    from kooperacja.placement.api import router as placement_router
    from kooperacja.registry.api import router as registry_router
    from kooperacja.staffing.api import router as staffing_router
    from kooperacja.territory.api import router as territory_router
    from kooperacja.training.api import router as training_router

    api.add_router("/territory", territory_router)
    api.add_router("/organisations", registry_router)
    api.add_router("/catalogue", catalogue_router)
    api.add_router("/accounts", accounts_router)
    api.add_router("/staffing", staffing_router)
    api.add_router("/training", training_router)
    api.add_router("/placement", placement_router)


_register_routers()
