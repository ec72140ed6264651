from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kooperacja.cooperatives.models import (
    DocumentKind,
    FoundersKind,
    FranchiseState,
    LegalFounderKind,
    ModelStatus,
    ServiceArea,
    TargetGroup,
)
from kooperacja.cooperatives.recommend import problem_choices
from kooperacja.core.forms import StyledForm, choice_field, model_choice_field
from kooperacja.territory import selectors as territory
from kooperacja.territory.forms import UnitField
from kooperacja.territory.models import Level

DATE: dict[str, Any] = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), "required": False}
TEXT = forms.Textarea(attrs={"rows": 3})


def _all(choices) -> list:
    return [("", _("all")), *choices]


class ModelFilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    target_group = forms.ChoiceField(label=_("Target group"), required=False, choices=_all(TargetGroup.choices))
    service_area = forms.ChoiceField(label=_("Service area"), required=False, choices=_all(ServiceArea.choices))
    founders = forms.ChoiceField(label=_("Founders"), required=False, choices=_all(FoundersKind.choices))
    legal_founder = forms.ChoiceField(
        label=_("Legal person founding it"), required=False, choices=_all(LegalFounderKind.choices)
    )
    service = forms.ChoiceField(label=_("Catalogue service"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_all(ModelStatus.choices))

    def __init__(self, *args, services, editor: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "service").choices = _all([(s.code, s.current_version.name) for s in services])
        if not editor:
            del self.fields["status"]


DOCUMENT_HELP = _(
    "One document a line: kind | title | description. Kinds: diagnosis, statute, business_plan, partnership, "
    "training, service_standard, finance, other."
)


class ModelForm(StyledForm):
    code = forms.SlugField(
        label=_("Code"), max_length=60, help_text=_("Letters, digits and hyphens; it cannot be changed later.")
    )
    name = forms.CharField(label=_("Name (Polish)"), max_length=200)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    summary = forms.CharField(label=_("Summary"), max_length=3000, widget=TEXT)
    social_problem = forms.CharField(label=_("Social problem answered"), max_length=3000, widget=TEXT)
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"), choices=TargetGroup.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    service_areas = forms.MultipleChoiceField(
        label=_("Public-utility service areas"),
        choices=ServiceArea.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    founders = forms.ChoiceField(label=_("Founders"), choices=FoundersKind.choices, widget=forms.RadioSelect)
    legal_founder_kinds = forms.MultipleChoiceField(
        label=_("Kinds of legal persons founding it"),
        choices=LegalFounderKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    founders_note = forms.CharField(label=_("About the founders"), max_length=2000, required=False, widget=TEXT)
    municipality_role = forms.CharField(
        label=_("Role of the municipality in the partnership"), max_length=2000, required=False, widget=TEXT
    )
    service_types = forms.MultipleChoiceField(
        label=_("Catalogue services it delivers"), widget=forms.CheckboxSelectMultiple, required=False
    )
    other_services = forms.CharField(
        label=_("Other public-utility services"), max_length=2000, required=False, widget=TEXT
    )
    staff_requirements = forms.CharField(label=_("Staff"), max_length=3000, required=False, widget=TEXT)
    premises_requirements = forms.CharField(
        label=_("Premises and equipment"), max_length=3000, required=False, widget=TEXT
    )
    capital_min = forms.IntegerField(label=_("Start-up capital from (PLN)"), required=False, min_value=0)
    capital_max = forms.IntegerField(label=_("Start-up capital up to (PLN)"), required=False, min_value=0)
    partners_needed = forms.CharField(label=_("Partners needed"), max_length=3000, required=False, widget=TEXT)
    implementation_steps = forms.CharField(
        label=_("Implementation steps"), max_length=4000, required=False, widget=TEXT
    )
    documents = forms.CharField(
        label=_("Replication package"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=DOCUMENT_HELP,
    )
    franchisor: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label=_("Franchisor"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, services, organisations, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "service_types").choices = [(s.code, s.current_version.name) for s in services]
        model_choice_field(self, "franchisor").queryset = organisations
        if not creating:
            del self.fields["code"]

    def clean_documents(self) -> list[dict[str, str]]:
        documents = []
        for number, line in enumerate((self.cleaned_data.get("documents") or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|", 2)]
            if len(parts) != 3 or parts[0] not in DocumentKind.values or not parts[1] or not parts[2]:
                raise ValidationError(
                    _("Line %(number)s: write kind | title | description, with one of the kinds listed."),
                    params={"number": number},
                    code="invalid",
                )
            documents.append({"kind": parts[0], "title": parts[1], "description": parts[2]})
        return documents

    def content(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("code", "franchisor", "version"):
            data.pop(name, None)
        return data


def documents_text(documents) -> str:
    return "\n".join(f"{d.kind} | {d.title} | {d.description}" for d in documents)


class NoteForm(StyledForm):
    note = forms.CharField(label=_("Reason"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FranchiseeForm(StyledForm):
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label=_("Franchisee organisation"))
    unit = UnitField(level=Level.MUNICIPALITY, label=_("Municipality where it runs the model"))
    since = forms.DateField(label=_("Since"), **DATE)
    until = forms.DateField(label=_("Until"), **DATE)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=TEXT)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organisation").queryset = organisations


class FranchiseeEditForm(StyledForm):
    since = forms.DateField(label=_("Since"), **DATE)
    until = forms.DateField(label=_("Until"), **DATE)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=TEXT)
    version = forms.IntegerField(widget=forms.HiddenInput)


class FranchiseMoveForm(StyledForm):
    on = forms.DateField(label=_("On"), **DATE)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class MapFilterForm(StyledForm):
    voivodeship = forms.ChoiceField(label=_("Voivodeship"), required=False)
    state = forms.ChoiceField(
        label=_("Franchise state"),
        required=False,
        choices=[("", _("running or negotiating")), *FranchiseState.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "voivodeship").choices = _all([(v.code, v.name) for v in territory.voivodeships()])


class RecommendForm(StyledForm):
    unit = UnitField(level=None, label=_("Municipality or county"))
    problem = forms.MultipleChoiceField(
        label=_("Problems to answer"),
        choices=problem_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean_unit(self):
        unit = self.cleaned_data["unit"]
        if unit is not None and unit.level == Level.VOIVODESHIP:
            raise ValidationError(_("Choose a municipality or a county, not a voivodeship."), code="wrong_level")
        return unit
