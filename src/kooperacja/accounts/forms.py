from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from kooperacja.accounts import services, throttle
from kooperacja.core.forms import StyledForm, mark_invalid_fields, style_fields


class SignInForm(AuthenticationForm):
    """Django's sign-in form with the password checked through the throttle (accounts/throttle.py).

    ``locked_minutes`` is set when the attempt was refused without checking the password;
    ``device_ids`` is what the device cookie names after a successful sign-in.
    """

    locked_minutes = 0
    device_ids: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            assert self.request is not None  # the sign-in view always passes it; the throttle needs it
            result = throttle.sign_in_attempt(
                request=self.request, client=throttle.sign_in_client(self.request, username), password=password
            )
            if result.locked_minutes:
                self.locked_minutes = result.locked_minutes
                raise forms.ValidationError(_("Signing in is paused for a while."), code="locked_out")
            if result.user is None:
                raise self.get_invalid_login_error()
            self.user_cache = result.user
            self.device_ids = result.device_ids
            self.confirm_login_allowed(result.user)
        return self.cleaned_data


class ApiTokenForm(StyledForm):
    name = forms.CharField(
        label=_("Token name"), max_length=100, help_text=_("What the token is for, e.g. “reporting script”.")
    )


class PasswordResetRequestForm(StyledForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The address saved in your Kooperacja account."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class NewPasswordForm(SetPasswordForm):
    """The new password chosen through a reset link, checked by AUTH_PASSWORD_VALIDATORS."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def full_clean(self):
        super().full_clean()
        mark_invalid_fields(self)

    def save(self, commit=True):
        services.user_password_reset(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user


class ChangePasswordForm(PasswordChangeForm):
    """The user's own new password: the current one first, the new one checked by AUTH_PASSWORD_VALIDATORS."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def full_clean(self):
        super().full_clean()
        mark_invalid_fields(self)

    def save(self, commit=True):
        services.user_password_change(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user
