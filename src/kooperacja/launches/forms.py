from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.commissioning.models import ServiceUnit
from kooperacja.core import plausible
from kooperacja.core.forms import StyledForm, plausible_fields
from kooperacja.launches.models import (
    CommitmentKind,
    Eligibility,
    FundingSource,
    LaunchState,
    OrganisationalForm,
    Residence,
    ResultKind,
    SessionKind,
)
from kooperacja.selection.models import TieRule
from kooperacja.territory.forms import UnitField
from kooperacja.territory.models import Level

DATE: dict[str, Any] = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
DATETIME: dict[str, Any] = {
    "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    "input_formats": ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
}
SERVICE_ROWS = 3
BUDGET_ROWS = 3
CRITERIA_ROWS = 5
ITEM_ROWS = 5
SORTS = [("newest", _("newest first")), ("oldest", _("oldest first")), ("title", _("title")), ("state", _("state"))]


class LaunchFilterForm(StyledForm):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("all")), *LaunchState.choices])
    unit = forms.CharField(label=_("TERYT code of the area"), required=False, max_length=7)
    service = forms.CharField(label=_("Service (catalogue code)"), required=False, max_length=80)
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORTS)


def _card_name(service_type) -> str:
    return service_type.current_version.name if service_type.current_version else service_type.code


class LaunchForm(StyledForm):
    """A launch: the institution, title, description, form, services (rows) and budget lines (rows)."""

    owner: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label=_("Launching institution"))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4}))
    form = forms.ChoiceField(label=_("Organisational form needed"), choices=OrganisationalForm.choices)
    form_description = forms.CharField(
        label=_("Description of the other form"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, owners, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        for index in range(SERVICE_ROWS):
            n = {"n": index + 1}
            field = forms.ModelChoiceField(
                queryset=services, required=False, label=_("Service %(n)s of the catalogue") % n
            )
            field.label_from_instance = _card_name  # type: ignore[method-assign,assignment]
            self.fields[f"service_{index}"] = field
            self.fields[f"service_{index}_unit"] = forms.ChoiceField(
                label=_("Service %(n)s: unit") % n, choices=[("", "—"), *ServiceUnit.choices], required=False
            )
            self.fields[f"service_{index}_volume"] = forms.DecimalField(
                label=_("Service %(n)s: planned volume") % n, max_digits=12, decimal_places=2, required=False
            )
            self.fields[f"service_{index}_start"] = forms.DateField(
                label=_("Service %(n)s: from") % n, required=False, **DATE
            )
            self.fields[f"service_{index}_end"] = forms.DateField(
                label=_("Service %(n)s: until") % n, required=False, **DATE
            )
            plausible_fields(self, {f"service_{index}_volume": plausible.SERVICE_VOLUME})
        for index in range(BUDGET_ROWS):
            n = {"n": index + 1}
            self.fields[f"budget_{index}_source"] = forms.ChoiceField(
                label=_("Budget line %(n)s: source") % n, choices=[("", "—"), *FundingSource.choices], required=False
            )
            self.fields[f"budget_{index}_amount"] = forms.DecimalField(
                label=_("Budget line %(n)s: amount (PLN)") % n, max_digits=14, decimal_places=2, required=False
            )
            self.fields[f"budget_{index}_note"] = forms.CharField(
                label=_("Budget line %(n)s: note") % n, max_length=300, required=False
            )

    def to_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data.get(name) for name in ("owner", "title", "description", "form", "form_description")
        }
        data["services"] = [
            {
                "service_type": self.cleaned_data.get(f"service_{index}"),
                "unit": self.cleaned_data.get(f"service_{index}_unit") or "",
                "planned_volume": self.cleaned_data.get(f"service_{index}_volume"),
                "starts_on": self.cleaned_data.get(f"service_{index}_start"),
                "ends_on": self.cleaned_data.get(f"service_{index}_end"),
            }
            for index in range(SERVICE_ROWS)
        ]
        data["budget_lines"] = [
            {
                "source": self.cleaned_data.get(f"budget_{index}_source") or "",
                "amount": self.cleaned_data.get(f"budget_{index}_amount"),
                "note": self.cleaned_data.get(f"budget_{index}_note") or "",
            }
            for index in range(BUDGET_ROWS)
        ]
        return data

    @staticmethod
    def initial_of(launch) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "owner": launch.owner_id,
            "title": launch.title,
            "description": launch.description,
            "form": launch.form,
            "form_description": launch.form_description,
            "version": launch.version,
        }
        for index, service in enumerate(list(launch.services.all())[:SERVICE_ROWS]):
            initial |= {
                f"service_{index}": service.service_type_id,
                f"service_{index}_unit": service.unit,
                f"service_{index}_volume": service.planned_volume,
                f"service_{index}_start": service.starts_on,
                f"service_{index}_end": service.ends_on,
            }
        for index, line in enumerate(list(launch.budget_lines.all())[:BUDGET_ROWS]):
            initial |= {
                f"budget_{index}_source": line.source,
                f"budget_{index}_amount": line.amount,
                f"budget_{index}_note": line.note,
            }
        return initial


class CallForm(StyledForm):
    opens_at = forms.DateTimeField(label=_("Applications from"), **DATETIME)
    deadline = forms.DateTimeField(label=_("Deadline for applications"), **DATETIME)
    places = forms.IntegerField(label=_("Places in the founding group"), min_value=1, max_value=100)
    categories = forms.MultipleChoiceField(
        label=_("Eligible categories"), choices=Eligibility.choices, widget=forms.CheckboxSelectMultiple
    )
    min_age = forms.IntegerField(label=_("Minimum age"), initial=18, min_value=18, max_value=99)
    residence = forms.ChoiceField(label=_("Residence required"), choices=Residence.choices)
    information = forms.CharField(
        label=_("Information for candidates"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    tie_rule = forms.ChoiceField(label=_("Rule that breaks ties"), choices=TieRule.choices)
    appeal_days = forms.IntegerField(label=_("Days for appeals"), initial=7, min_value=1, max_value=60)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(CRITERIA_ROWS):
            n = {"n": index + 1}
            self.fields[f"criterion_{index}_name"] = forms.CharField(
                label=_("Criterion %(n)s: name") % n, max_length=200, required=False
            )
            self.fields[f"criterion_{index}_weight"] = forms.DecimalField(
                label=_("Criterion %(n)s: weight") % n, required=False, max_digits=6, decimal_places=2
            )
            self.fields[f"criterion_{index}_max_points"] = forms.IntegerField(
                label=_("Criterion %(n)s: maximum points") % n, required=False
            )

    def to_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in self.fields if not name.startswith("criterion_")}
        data["criteria"] = [
            {
                "name": self.cleaned_data.get(f"criterion_{index}_name") or "",
                "weight": self.cleaned_data.get(f"criterion_{index}_weight"),
                "max_points": self.cleaned_data.get(f"criterion_{index}_max_points"),
            }
            for index in range(CRITERIA_ROWS)
        ]
        return data

    @staticmethod
    def initial_of(call) -> dict[str, Any]:
        initial = {
            name: getattr(call, name)
            for name in ("opens_at", "deadline", "places", "categories", "min_age", "residence", "information")
        }
        initial |= {"tie_rule": call.tie_rule, "appeal_days": call.appeal_days}
        for index, row in enumerate(call.criteria[:CRITERIA_ROWS]):
            initial |= {
                f"criterion_{index}_name": row["name"],
                f"criterion_{index}_weight": row["weight"],
                f"criterion_{index}_max_points": row["max_points"],
            }
        return initial


class CommitForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, modules, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *((module.pk, f"{module.title} ({module.hours} h)") for module in modules)]
        for index in range(ITEM_ROWS):
            n = {"n": index + 1}
            self.fields[f"item_{index}_kind"] = forms.ChoiceField(
                label=_("Item %(n)s: kind") % n, choices=[("", "—"), *CommitmentKind.choices], required=False
            )
            self.fields[f"item_{index}_description"] = forms.CharField(
                label=_("Item %(n)s: what") % n, max_length=500, required=False
            )
            self.fields[f"item_{index}_candidates"] = forms.IntegerField(
                label=_("Item %(n)s: number of candidates (recruitment)") % n, required=False
            )
            self.fields[f"item_{index}_module"] = forms.ChoiceField(
                label=_("Item %(n)s: programme module (training)") % n, choices=choices, required=False
            )
            self.fields[f"item_{index}_due_on"] = forms.DateField(
                label=_("Item %(n)s: by when") % n, required=False, **DATE
            )

    def items(self) -> list[dict[str, Any]]:
        return [
            {
                "kind": self.cleaned_data.get(f"item_{index}_kind") or "",
                "description": self.cleaned_data.get(f"item_{index}_description") or "",
                "candidates": self.cleaned_data.get(f"item_{index}_candidates"),
                "module": self.cleaned_data.get(f"item_{index}_module") or None,
                "due_on": self.cleaned_data.get(f"item_{index}_due_on"),
            }
            for index in range(ITEM_ROWS)
        ]


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class DeclineForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason (optional)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class _ApplicationBase(StyledForm):
    categories = forms.MultipleChoiceField(
        label=_("Categories the candidate belongs to"), choices=Eligibility.choices, widget=forms.CheckboxSelectMultiple
    )
    evidence_note = forms.CharField(
        label=_("Evidence of the categories (what was shown)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    other_justification = forms.CharField(
        label=_("Justification of the other category"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    consent = forms.BooleanField(
        label=_(
            "The candidate consents to the processing of their data for the call (the consent text is shown above)"
        ),
        required=False,
    )


class DirectApplicationForm(_ApplicationBase):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    pesel = forms.CharField(label=_("PESEL"), max_length=11)
    birth_date = forms.DateField(label=_("Date of birth"), **DATE)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    residence = UnitField(level=Level.MUNICIPALITY, label=_("Municipality of residence"))

    field_order = ["first_name", "last_name", "pesel", "birth_date", "phone", "email", "residence"]


class ParticipantApplicationForm(_ApplicationBase):
    participation = forms.ChoiceField(label=_("Participant of your CIS/KIS"))

    field_order = ["participation"]

    def __init__(self, *args, participations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participation"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((str(item.public_id), item.label) for item in participations),
        ]


class SessionForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    module = forms.ChoiceField(label=_("Programme module (training)"), required=False)
    title = forms.CharField(label=_("Title (workshop)"), max_length=200, required=False)
    hours = forms.IntegerField(label=_("Hours (workshop)"), required=False)
    led_by = forms.ChoiceField(label=_("Led by"), required=False)
    starts_on = forms.DateField(label=_("From"), **DATE)
    ends_on = forms.DateField(label=_("Until"), **DATE)

    def __init__(self, *args, modules, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((module.pk, f"{module.title} ({module.hours} h)") for module in modules),
        ]
        self.fields["led_by"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((partner.pk, partner.organisation.name) for partner in partners),
        ]


class ResultForm(StyledForm):
    hours_attended = forms.IntegerField(label=_("Hours attended"), min_value=0, initial=0)
    result = forms.ChoiceField(label=_("Result"), choices=[("", "—"), *ResultKind.choices], required=False)
    score = forms.DecimalField(label=_("Score (0–100)"), required=False, max_digits=5, decimal_places=2)
