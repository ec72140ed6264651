from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.core import plausible
from kooperacja.core.forms import StyledForm, choice_field, model_choice_field, plausible_fields
from kooperacja.placement.models import ReferralStatus
from kooperacja.placement.scope import coordinator_counties, scope_prefixes, territory_in_scope
from kooperacja.staffing import selectors as staffing
from kooperacja.territory.forms import UnitField


class RunStartForm(StyledForm):
    territory = UnitField(
        level=None,
        label=_("Territory"),
        help_text=_("A municipality, county or voivodeship within your area; type a name or a TERYT code."),
    )
    plan: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Staffing plan (optional)"),
        help_text=_("Limit matching to the needs of one plan's diagnosis round."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.is_superuser:
            plans = staffing.plans_for_matching()
        else:
            plans = staffing.plans_for_matching(
                whole_units=scope_prefixes(user), within_units=coordinator_counties(user)
            )
        model_choice_field(self, "plan").queryset = plans
        counties = sorted(coordinator_counties(user))
        if counties and not self.is_bound:
            self.initial.setdefault("territory", counties[0])

    def clean_territory(self):
        territory = self.cleaned_data["territory"]
        if territory is not None and not territory_in_scope(self.user, territory.code):
            raise forms.ValidationError(_("You may run matching only for your own county or voivodeship."))
        return territory


class DecisionForm(StyledForm):
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class SwapForm(StyledForm):
    """The other proposal of a swap, by its number on the result page (1…n)."""

    number = forms.IntegerField(min_value=1, label=_("Exchange the positions with the person in row no."))


TRANSITION_CHOICES = [
    (ReferralStatus.SENT, _("Send to the provider")),
    (ReferralStatus.INTERVIEW, _("Interview arranged")),
    (ReferralStatus.HIRED, _("Hired")),
    (ReferralStatus.DECLINED, _("Declined")),
    (ReferralStatus.WITHDRAWN, _("Withdraw")),
]


class ReferralTransitionForm(StyledForm):
    to = forms.ChoiceField(choices=TRANSITION_CHOICES, label=_("New state"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    hired_on = forms.DateField(
        label=_("Employed from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only for a hire; today if left empty."),
    )

    def __init__(self, *args, moves=None, **kwargs):
        """``moves``: the (state, label) pairs the referral's state machine allows this user now; only those are
        offered and accepted (the service checks again)."""
        super().__init__(*args, **kwargs)
        plausible_fields(self, {"hired_on": plausible.HIRE_DATE})
        if moves is not None:
            choice_field(self, "to").choices = list(moves)


class FollowUpForm(StyledForm):
    still_employed = forms.TypedChoiceField(
        label=_("Still employed?"),
        choices=[("yes", _("yes")), ("no", _("no"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
