from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_htmx.http import HttpResponseClientRedirect

from kooperacja.accounts.predicates import sees_personal_data
from kooperacja.accounts.services import api_token_authenticate

# Session keys: when the user signed in and when they were last active (seconds since the epoch).
SIGNED_IN_AT = "kooperacja_signed_in_at"
LAST_ACTIVITY_AT = "kooperacja_last_activity_at"
# Automatic requests (htmx polling of a progress bar) carry this header and are not activity.
POLL_HEADER = "X-Kooperacja-Poll"
# API paths anyone may read without signing in (readiness' public list of confirmed providers).
PUBLIC_API_PREFIX = "/api/v1/public/"
# The last activity is written at most this often, not on every request.
ACTIVITY_WRITE_SECONDS = 60


class ApiTokenMiddleware:
    """Authenticates ``Authorization: Bearer <token>`` on API requests.

    Done in middleware (not in the API framework) so that the route permission map sees the token's
    user exactly as it sees a session user. Token requests are exempt from CSRF: no cookie is involved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        # The public part of the API answers everyone alike: a token there is neither needed nor read.
        if request.path.startswith("/api/") and header and not request.path.startswith(PUBLIC_API_PREFIX):
            scheme, _sep, secret = header.partition(" ")
            user = api_token_authenticate(secret.strip()) if scheme.lower() == "bearer" and secret else None
            if user is None:
                body = {"detail": _("Invalid or revoked API token."), "code": "invalid_token", "errors": []}
                return JsonResponse(body, status=401)
            request.user = user
            # Read back with getattr by the middleware after this one; HttpRequest declares no such attribute.
            request.authenticated_by_token = True  # type: ignore[attr-defined]
        return self.get_response(request)


def session_sign_in_stamp(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: the session starts its maximum age and its idle time now. Connected to
    the signal so that every way of signing in (the sign-in page, the test client) starts the clock."""
    if request is not None and hasattr(request, "session"):
        now = int(timezone.now().timestamp())
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_ACTIVITY_AT] = now


def _idle_limit_seconds(user, idle_seconds: int) -> int:
    personal = settings.SESSION_IDLE_MINUTES_PERSONAL_DATA * 60
    general = settings.SESSION_IDLE_MINUTES * 60
    if idle_seconds <= min(personal, general):
        return general  # within both limits: no need to look up the user's roles
    return personal if sees_personal_data(user) else general


def session_end_message(*, user, signed_in_at: int, last_activity_at: int, now: int) -> str | None:
    """Why the session must end now (a message for the user), or None while it may go on."""
    if now - signed_in_at > settings.SESSION_COOKIE_AGE:
        hours = settings.SESSION_COOKIE_AGE // 3600
        return ngettext(
            "Your session ended %(hours)d hour after you signed in. Please sign in again.",
            "Your session ended %(hours)d hours after you signed in. Please sign in again.",
            hours,
        ) % {"hours": hours}
    idle = now - last_activity_at
    limit = _idle_limit_seconds(user, idle)
    if idle > limit:
        minutes = limit // 60
        return ngettext(
            "Your session ended after %(minutes)d minute of inactivity. Please sign in again.",
            "Your session ended after %(minutes)d minutes of inactivity. Please sign in again.",
            minutes,
        ) % {"minutes": minutes}
    return None


class SessionTimeoutMiddleware:
    """Signs a session user out after inactivity (SESSION_IDLE_MINUTES_PERSONAL_DATA for users who can see
    personal data, SESSION_IDLE_MINUTES for the rest) and SESSION_COOKIE_AGE after signing in.

    The cookie's own age is renewed whenever the session is saved, so the sign-in time is kept in the
    session. Requests marked with POLL_HEADER do not count as activity; requests authenticated by an API
    token have no session and are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated or getattr(request, "authenticated_by_token", False):
            return self.get_response(request)
        session = request.session
        now = int(timezone.now().timestamp())
        signed_in_at = session.get(SIGNED_IN_AT)
        last_activity_at = session.get(LAST_ACTIVITY_AT)
        if not isinstance(signed_in_at, int) or not isinstance(last_activity_at, int):
            session_sign_in_stamp(None, request, request.user)  # a session from before these limits
            return self.get_response(request)
        message = session_end_message(
            user=request.user, signed_in_at=signed_in_at, last_activity_at=last_activity_at, now=now
        )
        if message is not None:
            return self._sign_out(request, message)
        if now - last_activity_at >= ACTIVITY_WRITE_SECONDS and request.headers.get(POLL_HEADER) != "1":
            session[LAST_ACTIVITY_AT] = now
        return self.get_response(request)

    def _sign_out(self, request: HttpRequest, message: str) -> HttpResponse:
        logout(request)
        if request.path.startswith("/api/"):
            return self.get_response(request)  # the API answers 401 in its own shape
        messages.info(request, message)
        login_url = resolve_url(settings.LOGIN_URL)
        htmx = getattr(request, "htmx", None)  # set by django_htmx's middleware
        if htmx:
            page = htmx.current_url_abs_path
            return HttpResponseClientRedirect(redirect_to_login(page).url if page else login_url)
        if request.method == "GET" and request.path != login_url:
            return redirect_to_login(request.get_full_path())
        return redirect(login_url)
