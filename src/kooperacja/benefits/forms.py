from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.core.forms import StyledForm, choice_field

MONTHS = [(number, f"{number:02d}") for number in range(1, 13)]


class ComputeForm(StyledForm):
    organisation = forms.TypedChoiceField(label=_("CIS"), coerce=int)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(label=_("Month"), choices=MONTHS, coerce=int)

    def __init__(self, *args, organisations, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault("initial", {"year": today.year, "month": today.month})
        super().__init__(*args, **kwargs)
        choice_field(self, "organisation").choices = [(o.pk, o.name) for o in organisations]


class BonusForm(StyledForm):
    bonus = forms.DecimalField(label=_("Motivation bonus (zł)"), min_value=0, max_digits=9, decimal_places=2)


class RefundForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("CIS"), coerce=int)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "organisation").choices = [(o.pk, o.name) for o in organisations]
