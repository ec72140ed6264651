from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.core.forms import StyledForm


class ApiTokenForm(StyledForm):
    name = forms.CharField(
        label=_("Token name"), max_length=100, help_text=_("What the token is for, e.g. “reporting script”.")
    )
