from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.accounts import selectors, services
from kooperacja.accounts.forms import ApiTokenForm
from kooperacja.core.forms import style_fields


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        style_fields(form)
        return form


logout = auth_views.LogoutView.as_view()


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
