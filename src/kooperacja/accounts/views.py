from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kooperacja.accounts import selectors, services, throttle
from kooperacja.accounts.forms import (
    ApiTokenForm,
    ChangePasswordForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    SignInForm,
)


class LoginView(auth_views.LoginView):
    """Sign-in, throttled per device and per address (accounts/throttle.py)."""

    template_name = "accounts/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        throttle.device_cookie_set(response, form.device_ids)
        return response

    def form_invalid(self, form):
        if form.locked_minutes:
            return render(self.request, "accounts/locked_out.html", {"minutes": form.locked_minutes}, status=429)
        return super().form_invalid(form)


logout = auth_views.LogoutView.as_view()


def password_reset(request):
    """Ask for a reset link. The answer is the same whether or not an account uses the address."""
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_reset_request(
            email=form.cleaned_data["email"],
            language=translation.get_language(),
            domain=request.get_host(),
            scheme=request.scheme,
        )
        return redirect("accounts:password-reset-sent")
    return render(request, "accounts/password_reset.html", {"form": form})


def password_reset_sent(request):
    return render(request, "accounts/password_reset_sent.html")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def profile(request):
    form = ApiTokenForm()
    new_secret = None
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            _token, new_secret = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
            form = ApiTokenForm()
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": selectors.membership_list_for_user(user=request.user),
            "events": selectors.account_event_list(user=request.user),
            "tokens": selectors.api_token_list(user=request.user),
            "form": form,
            "new_secret": new_secret,
        },
    )


@require_POST
def token_revoke(request, token_id: int):
    token = selectors.api_token_get_for_owner(user=request.user, token_id=token_id)
    services.api_token_revoke(user=request.user, token=token)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:profile")


def password_change(request):
    """The user's own new password. This browser stays signed in (on a new session key); every other session
    of the user ends, as it was signed with the old password."""
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # keeps this session, under a new key
        messages.success(
            request, _("Your password was changed. You stay signed in here; everywhere else you were signed out.")
        )
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


@require_POST
def sign_out_everywhere(request):
    """End every other session of the user; this one goes on under a new key."""
    ended = services.user_sessions_end_others(user=request.user, keep=request.session.session_key)
    request.session.cycle_key()
    messages.success(
        request,
        ngettext(
            "You were signed out everywhere else: %(count)d other session ended.",
            "You were signed out everywhere else: %(count)d other sessions ended.",
            ended,
        )
        % {"count": ended},
    )
    return redirect("accounts:profile")
