from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.core.forms import StyledForm, choice_field
from kooperacja.reporting.models import ReportKind, ReportStatus
from kooperacja.reporting.selectors import DEFAULT_SORT


class PrepareForm(StyledForm):
    organisation = forms.TypedChoiceField(label=_("CIS or KIS"), coerce=int)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, organisations, default_year: int, **kwargs):
        kwargs.setdefault("initial", {"year": default_year})
        super().__init__(*args, **kwargs)
        choice_field(self, "organisation").choices = [(o.pk, o.name) for o in organisations]


class SubmitForm(StyledForm):
    submitted_on = forms.DateField(label=_("Submitted on"), widget=forms.DateInput(attrs={"type": "date"}))


SORT_CHOICES = [
    ("-year", _("newest year first")),
    ("year", _("oldest year first")),
    ("organisation", _("organisation")),
    ("status", _("status")),
]


class FilterForm(StyledForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("any"))] + ReportStatus.choices, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("any"))] + ReportKind.choices, required=False)
    sort = forms.ChoiceField(label=_("Sort"), choices=SORT_CHOICES, required=False, initial=DEFAULT_SORT)
