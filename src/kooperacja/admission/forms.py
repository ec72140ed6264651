from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.admission.models import AdmissionStatus, Applicant
from kooperacja.core import plausible
from kooperacja.core.forms import StyledForm, model_choice_field, plausible_fields
from kooperacja.territory.forms import UnitField
from kooperacja.territory.models import Level
from kooperacja.training.forms import DATE, EnrolForm
from kooperacja.training.models import EligibilityCategory

SORT_CHOICES = [
    ("newest", _("newest first")),
    ("oldest", _("oldest first")),
    ("issued", _("by date of issue")),
]


class ReferralFilterForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("all")), *AdmissionStatus.choices])
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORT_CHOICES)


class ReferralForm(StyledForm):
    """The draft of a referral: the person, the application and the social worker's opinion."""

    referring_organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label=_("Referring institution")
    )
    target_organisation = forms.TypedChoiceField(label=_("CIS or KIS"), coerce=int)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    pesel = forms.CharField(
        label=_("PESEL"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    home_municipality = UnitField(level=Level.MUNICIPALITY, label=_("Home municipality"))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    applied_on = forms.DateField(label=_("Application submitted on"), **DATE)
    applicant = forms.ChoiceField(label=_("Applied"), choices=Applicant.choices)
    applicant_name = forms.CharField(
        label=_("Name of the applying institution"),
        max_length=200,
        required=False,
        help_text=_("When an institution applied for the person."),
    )
    consent_given = forms.BooleanField(
        label=_("The person consents to the application made by the institution"), required=False
    )
    categories = forms.MultipleChoiceField(
        label=_("Categories of art. 1 ust. 2 proposed"),
        choices=EligibilityCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    interview_date = forms.DateField(label=_("Community interview on"), required=False, **DATE)
    opinion = forms.CharField(
        label=_("Social worker's opinion"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Required before an OPS or CUS issues the referral; recorded by a social worker."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, referring, targets, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "referring_organisation").queryset = referring
        plausible_fields(self, {"applied_on": plausible.APPLICATION_DATE, "interview_date": plausible.INTERVIEW_DATE})
        self.targets = {organisation.pk: organisation for organisation in targets}
        field = self.fields["target_organisation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—")] + [
            (
                organisation.pk,
                f"{organisation.name} ({organisation.get_kind_display()}, {organisation.municipality.display_name})",
            )
            for organisation in targets
        ]
        if editing:
            self.fields["pesel"].help_text = _("Leave empty to keep the PESEL recorded.")
        else:
            self.fields["pesel"].required = True

    def to_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["target_organisation"] = self.targets.get(data.get("target_organisation") or 0)
        data.pop("version", None)
        return data


class IssueForm(StyledForm):
    number = forms.CharField(label=_("Referral number"), max_length=60)
    issued_on = forms.DateField(label=_("Date of issue"), **DATE)


class NoteForm(StyledForm):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class RefuseForm(StyledForm):
    reason = forms.CharField(
        label=_("Reasons for the refusal"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AdmissionEnrolForm(EnrolForm):
    """The training enrolment form prefilled from a referral: the CIS/KIS, the PESEL, the referring institution and
    the date of the referral come from the referral and are not typed again."""

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, organisations=organisations, **kwargs)
        for name in ("organisation", "pesel", "referral_date", "email"):
            self.fields.pop(name, None)

    def person_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("first_name", "last_name", "home_municipality", "phone")}

    def participation_data(self) -> dict:
        skip = {"held_person", "first_name", "last_name", "home_municipality", "phone"}
        return {name: value for name, value in self.cleaned_data.items() if name not in skip}
