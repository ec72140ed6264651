from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from kooperacja.accounts.services import api_token_authenticate


class ApiTokenMiddleware:
    """Authenticates ``Authorization: Bearer <token>`` on API requests.

    Done in middleware (not in the API framework) so that the route permission map sees the token's
    user exactly as it sees a session user. Token requests are exempt from CSRF: no cookie is involved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        if request.path.startswith("/api/") and header:
            scheme, _sep, secret = header.partition(" ")
            user = api_token_authenticate(secret.strip()) if scheme.lower() == "bearer" and secret else None
            if user is None:
                body = {"detail": _("Invalid or revoked API token."), "code": "invalid_token", "errors": []}
                return JsonResponse(body, status=401)
            request.user = user
            request.authenticated_by_token = True
        return self.get_response(request)
