from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.core.forms import StyledForm
from kooperacja.selection.models import TieRule


class TermsForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=10000)
    threshold = forms.DecimalField(
        label=_("Minimum total"),
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        help_text=_("Entries under it are ranked but not selected. Leave empty for none."),
    )
    tie_rule = forms.ChoiceField(label=_("Tie rule"), choices=TieRule.choices)
    appeal_days = forms.IntegerField(label=_("Days for appeals after the ranking"), min_value=0, max_value=90)
    version = forms.IntegerField(widget=forms.HiddenInput)


class CriterionForm(StyledForm):
    name = forms.CharField(label=_("Criterion"), max_length=200)
    description = forms.CharField(
        label=_("What the assessors look at"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    weight = forms.DecimalField(label=_("Weight"), min_value=0, max_digits=6, decimal_places=2)
    max_points = forms.IntegerField(label=_("Maximum points"), min_value=1, max_value=1000)


class AssessorForm(StyledForm):
    user = forms.TypedChoiceField(label=_("A user of the organisation"), required=False, coerce=int, empty_value=None)
    username = forms.CharField(
        label=_("Or another user's login"),
        max_length=150,
        required=False,
        help_text=_("For an assessor from a partner institution: the login they sign in with."),
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *[(user.pk, user.get_full_name() or user.get_username()) for user in candidates]]

    def clean(self):
        data = super().clean() or {}
        if not data.get("user") and not (data.get("username") or "").strip():
            raise forms.ValidationError(_("Choose a user or enter a login."))
        return data


class MoveForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(StyledForm):
    upheld = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Uphold: re-score and rank again")), ("0", _("Dismiss"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason of the decision"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AccessCodeForm(StyledForm):
    access_code = forms.CharField(
        label=_("Access code"),
        max_length=40,
        help_text=_("The code you received when your entry was registered, e.g. ABCDE-FGHJK-LMNPQ-RSTUV."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class AppealForm(AccessCodeForm):
    reason = forms.CharField(label=_("Why you appeal"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))
