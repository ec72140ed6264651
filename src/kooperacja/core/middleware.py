import logging

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from kooperacja.core.forms import DUPLICATE_MESSAGE
from kooperacja.core.routes import rule_for

logger = logging.getLogger(__name__)

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _no_response(request: HttpRequest) -> HttpResponse:  # pragma: no cover - never called
    raise AssertionError


class RoutePermissionMiddleware:
    """Decides every request from the route -> rule map before the view runs.

    A route without a declared rule is refused (and is an error in development and tests), so
    the map and the URLconf cannot drift apart.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._csrf = CsrfViewMiddleware(_no_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None:
            return None
        name = match.view_name
        is_api = name.startswith("api:")
        rule = rule_for(name, request.method or "GET")
        if rule is None:
            if is_api and name != "api:*":
                # ninja answers an unknown method on a known path with 405 itself.
                from kooperacja.core.routes import ROUTE_RULES

                if name in ROUTE_RULES:
                    return None
            message = f"No access rule is declared for route {name!r} ({request.method})"
            if settings.DEBUG:
                raise ImproperlyConfigured(message)
            logger.error(message)
            return self._deny(request, is_api)
        if is_api and request.method in UNSAFE_METHODS and not getattr(request, "authenticated_by_token", False):
            # Session-authenticated API writes must carry the CSRF token like a form would.
            csrf_failure = self._csrf.process_view(request, _no_response, (), {})
            if csrf_failure is not None:
                return JsonResponse(
                    {"detail": _("CSRF verification failed."), "code": "csrf_failed", "errors": []},
                    status=403,
                )
        if request.user.has_perm(rule):
            return None
        return self._deny(request, is_api)

    @staticmethod
    def _deny(request: HttpRequest, is_api: bool) -> HttpResponse:
        signed_in = request.user.is_authenticated
        if is_api:
            if signed_in:
                body = {
                    "detail": _("You do not have permission to do this."),
                    "code": "forbidden",
                    "errors": [],
                }
                return JsonResponse(body, status=403)
            body = {"detail": _("Authentication required."), "code": "not_authenticated", "errors": []}
            return JsonResponse(body, status=401)
        if not signed_in:
            return redirect_to_login(request.get_full_path())
        from django.template.response import TemplateResponse

        response = TemplateResponse(request, "403.html", status=403)
        return response.render()


class DatabaseRuleMiddleware:
    """A rule of the database that a service did not check first (a unique or check constraint, or a record
    saved by someone else at the same moment) is answered with a page that says nothing was saved, never with a
    server error or the database's own text. Services validate first; this is the net under them. (The API
    answers the same with 409, see ``kooperacja.api``.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, IntegrityError) or request.path.startswith("/api/"):
            return None
        logger.warning("Write refused by the database on %s %s: %s", request.method, request.path, exception)
        context = {"message": DUPLICATE_MESSAGE, "back_url": request.get_full_path()}
        return render(request, "409.html", context, status=409)


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Polish unless the user chose another language with the switch (the language cookie).

    The browser's Accept-Language is deliberately ignored: the product is Polish-first, and an office
    computer set up in English should not turn the interface English by itself.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
