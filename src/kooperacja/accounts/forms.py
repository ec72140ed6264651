from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.accounts import selectors
from kooperacja.core.forms import StyledForm


class ApiTokenForm(StyledForm):
    name = forms.CharField(
        label=_("Token name"), max_length=100, help_text=_("What the token is for, e.g. “reporting script”.")
    )


class MembershipGrantForm(StyledForm):
    """Grant a role to an existing user. Offers only the roles the acting user may grant here."""

    username = forms.CharField(
        label=_("Username"), max_length=150, help_text=_("The sign-in name of an existing, active user.")
    )
    role = forms.ChoiceField(label=_("Role"))
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        help_text=_(
            "Required for a role whose powers reach beyond this organisation (a coordinator, a register officer, "
            "an analyst, a catalogue editor); recorded with your name and the time."
        ),
    )

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "---------"), *((role.value, role.label) for role in roles)]

    def clean_username(self):
        user = selectors.user_get_active_by_username(username=self.cleaned_data["username"])
        if user is None:
            raise forms.ValidationError(_("There is no active user with this username."), code="unknown_user")
        return user
