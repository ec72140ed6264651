"""The REST API: one NinjaAPI under /api/v1/, assembled from each app's router.

Authentication (personal token or session) and the route rules are applied by middleware, exactly
as for web pages; see ``kooperacja.core.routes``.
"""

import copy
import logging
from functools import cached_property

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from kooperacja.accounts.api import router as accounts_router
from kooperacja.admission.api import router as admission_router
from kooperacja.agreements.api import router as agreements_router
from kooperacja.benefits.api import router as benefits_router
from kooperacja.catalogue.api import router as catalogue_router
from kooperacja.commissioning.api import router as commissioning_router
from kooperacja.cooperatives.api import router as cooperatives_router
from kooperacja.core.api import ErrorOut
from kooperacja.core.errors import ConflictError
from kooperacja.core.forms import DUPLICATE_MESSAGE
from kooperacja.core.routes import PUBLIC, api_rule
from kooperacja.delivery.api import router as delivery_router
from kooperacja.founding.api import router as founding_router
from kooperacja.launches.api import router as launches_router
from kooperacja.placement.api import router as placement_router
from kooperacja.readiness.api import public_router as readiness_public_router
from kooperacja.readiness.api import router as readiness_router
from kooperacja.registry.api import router as registry_router
from kooperacja.reporting.api import router as reporting_router
from kooperacja.selection.api import router as selection_router
from kooperacja.staffing.api import router as staffing_router
from kooperacja.territory.api import router as territory_router
from kooperacja.training.api import router as training_router
from kooperacja.training.api_outcomes import router as training_outcomes_router

logger = logging.getLogger(__name__)

# The error answers every operation may give (the body is always ``ErrorOut``), and the one of operations
# that take a body.
ERROR_RESPONSES = {
    "401": "Not signed in, or the token is invalid or revoked (`not_authenticated`, `invalid_token`).",
    "403": "The caller may not do this (`forbidden`, `csrf_failed`).",
    "404": "No such record, or it is not visible to the caller (`not_found`).",
    "409": "The record changed since it was read, or its state does not allow this (`conflict`).",
    "422": "The input is not valid; `errors` names the fields (`invalid`).",
}
BODY_ERROR_RESPONSES = {"413": "The body is larger than the server accepts (`too_large`)."}
SCHEMA_REF = "#/components/schemas/{model}"


class KooperacjaAPI(NinjaAPI):
    """The ninja API whose OpenAPI document also describes the error answers of every operation."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        # Building the document walks every operation (about a quarter of a second) and its content changes only
        # with the code and the language, so each process builds it once per language.
        key = (get_language(), path_prefix, tuple(sorted((path_params or {}).items())))
        schema = self._schemas.get(key)
        if schema is None:
            schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
            document_errors(schema)
            self._schemas[key] = schema
        return copy.deepcopy(schema)

    @cached_property
    def _schemas(self) -> dict:
        return {}


def document_errors(schema: dict) -> None:
    """Adds the ``ErrorOut`` answers to every operation of an OpenAPI document (in place)."""
    error_schema = ErrorOut.model_json_schema(ref_template=SCHEMA_REF)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(error_schema.pop("$defs", {}))
    components[ErrorOut.__name__] = error_schema
    error_content = {"application/json": {"schema": {"$ref": SCHEMA_REF.format(model=ErrorOut.__name__)}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            answers = dict(ERROR_RESPONSES)
            if "requestBody" in operation:
                answers.update(BODY_ERROR_RESPONSES)
            responses = operation.setdefault("responses", {})
            for status, description in answers.items():
                responses.setdefault(status, {"description": description, "content": error_content})


api = KooperacjaAPI(
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
    errors: list[dict] = []
    if hasattr(exc, "error_dict"):
        for field, field_errors in exc.message_dict.items():
            errors.extend({"field": field, "message": message} for message in field_errors)
    else:
        errors.extend({"field": "", "message": message} for message in exc.messages)
    return api.create_response(request, error_body("invalid", _("The data is not valid."), errors), status=422)


@api.exception_handler(ConflictError)
def on_conflict(request, exc: ConflictError):
    return api.create_response(request, error_body("conflict", str(exc)), status=409)


@api.exception_handler(IntegrityError)
def on_integrity_error(request, exc: IntegrityError):
    """A rule of the database a service did not foresee: a conflict with a saved record, never its raw text."""
    logger.warning("API write refused by the database on %s %s: %s", request.method, request.path, exc)
    return api.create_response(request, error_body("conflict", str(DUPLICATE_MESSAGE)), status=409)


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
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        # ninja could not parse the body: the input is not valid, like any other invalid input.
        errors = [{"field": "", "message": _("The body is not valid JSON.")}]
        return api.create_response(request, error_body("invalid", _("The request is not valid."), errors), status=422)
    return api.create_response(request, error_body("error", str(exc)), status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def on_too_large(request, exc: RequestDataTooBig):
    return api.create_response(
        request, error_body("too_large", _("The request body is larger than the server accepts.")), status=413
    )


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def on_out_of_range(request, exc: Exception):
    """A number the schemas let through but the database cannot store: the input is invalid, not the server."""
    logger.warning("API input out of range on %s %s: %s", request.method, request.path, exc)
    return api.create_response(request, error_body("invalid", _("A value is out of range.")), status=422)


api.add_router("/territory", territory_router)
api.add_router("/organisations", registry_router)
api.add_router("/catalogue", catalogue_router)
api.add_router("/accounts", accounts_router)
api.add_router("/staffing", staffing_router)
api.add_router("/training", training_router)
api.add_router("/training", training_outcomes_router)  # the outcome of a stay, in its own module
api.add_router("/placement", placement_router)
api.add_router("/benefits", benefits_router)
api.add_router("/reporting", reporting_router)
api.add_router("/admission", admission_router)
api.add_router("/commissioning", delivery_router)  # delivery reports: /commissioning/delivery-reports
api.add_router("/commissioning", commissioning_router)
api.add_router("/readiness", readiness_router)
api.add_router("/public", readiness_public_router)  # anonymous: no token or session is needed or read
api.add_router("/agreements", agreements_router)
api.add_router("/cooperative-models", cooperatives_router)
api.add_router("/launches", launches_router)
api.add_router("/launches", founding_router)  # the founding progress of a launch: /launches/{id}/founding
api.add_router("/selections", selection_router)
