from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.accounts import selectors, services, throttle
from kooperacja.accounts.forms import (
    ApiTokenForm,
    MembershipGrantForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    SignInForm,
)
from kooperacja.accounts.rules import REACH_ROLES, grantable_roles
from kooperacja.audit.services import personal_data_read_log


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


MEMBER_FIELDS = ["first_name", "last_name", "username"]


def _members_page(request, organisation, form=None):
    memberships = list(selectors.membership_list_for_organisation(organisation=organisation))
    users = list({membership.user_id: membership.user for membership in memberships}.values())
    if users:
        personal_data_read_log(actor=request.user, records=users, fields=MEMBER_FIELDS, purpose="organisation members")
    can_manage = request.user.has_perm("accounts.change_organisation_members", organisation)
    roles = grantable_roles(request.user, organisation) if can_manage else []
    if form is None and roles:
        form = MembershipGrantForm(roles=roles)
    context = {
        "organisation": organisation,
        "memberships": memberships,
        "people_count": len(users),
        "form": form,
        "revocable_roles": {role.value for role in roles},
        "reach_roles": {role.value for role in REACH_ROLES},
    }
    return render(request, "accounts/organisation_members.html", context)


def organisation_members(request, public_id):
    organisation = selectors.organisation_get_for_members(user=request.user, public_id=public_id)
    return _members_page(request, organisation)


@require_POST
def membership_grant(request, public_id):
    organisation = selectors.organisation_get_for_member_change(user=request.user, public_id=public_id)
    form = MembershipGrantForm(request.POST, roles=grantable_roles(request.user, organisation))
    if form.is_valid():
        user = form.cleaned_data["username"]
        try:
            membership = services.membership_grant(
                actor=request.user,
                organisation=organisation,
                user=user,
                role=form.cleaned_data["role"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("%(user)s holds the role “%(role)s” in this organisation.")
                % {"user": user.get_full_name() or user.username, "role": membership.get_role_display()},
            )
            return redirect("accounts:organisation-members", public_id=organisation.public_id)
    return _members_page(request, organisation, form=form)


@require_POST
def membership_revoke(request, public_id, membership_id: int):
    membership = selectors.membership_get_for_change(
        user=request.user, public_id=public_id, membership_id=membership_id
    )
    try:
        services.membership_revoke(actor=request.user, membership=membership, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The role “%(role)s” of %(user)s was revoked.")
            % {
                "role": membership.get_role_display(),
                "user": membership.user.get_full_name() or membership.user.username,
            },
        )
    return redirect("accounts:organisation-members", public_id=public_id)
