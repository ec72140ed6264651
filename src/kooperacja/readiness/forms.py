from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.core import plausible
from kooperacja.core.forms import StyledForm, plausible_fields, style_fields
from kooperacja.readiness.models import Answer, AssessmentStatus, DecisionStatus, Outcome
from kooperacja.territory.forms import UnitField
from kooperacja.training.forms import DATE

ASSESSMENT_SORTS = [("newest", _("newest first")), ("oldest", _("oldest first")), ("updated", _("recently changed"))]
DECISION_SORTS = [
    ("newest", _("newest first")),
    ("oldest", _("oldest first")),
    ("valid_until", _("by end of validity")),
]
PUBLIC_SORTS = [("name", _("by name")), ("valid_until", _("by end of validity"))]


def _service_choices(services) -> list[tuple[str, str]]:
    return [("", _("all services")), *[(str(pk), name) for pk, name in services]]


class AssessmentFilterForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("all")), *AssessmentStatus.choices])
    service = forms.TypedChoiceField(label=_("Service"), required=False, coerce=int, empty_value=None)
    q = forms.CharField(label=_("Provider"), required=False, max_length=100)
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=ASSESSMENT_SORTS)

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = _service_choices(services)  # type: ignore[attr-defined]


class DecisionFilterForm(StyledForm):
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=[("", _("all")), *Outcome.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("all")), *DecisionStatus.choices])
    service = forms.TypedChoiceField(label=_("Service"), required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=DECISION_SORTS)

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = _service_choices(services)  # type: ignore[attr-defined]


class PublicFilterForm(StyledForm):
    service = forms.TypedChoiceField(label=_("Service"), required=False, coerce=int, empty_value=None)
    unit = UnitField(
        level=None,
        label=_("Voivodeship, county or municipality"),
        required=False,
        help_text=_("A TERYT code or a name."),
    )
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=PUBLIC_SORTS)

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = _service_choices(services)  # type: ignore[attr-defined]


class StartForm(StyledForm):
    provider: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label=_("Provider"))
    service_type = forms.TypedChoiceField(label=_("Service"), coerce=int)

    def __init__(self, *args, providers, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]
        self.fields["service_type"].choices = [(str(pk), name) for pk, name in services]  # type: ignore[attr-defined]


class SelfAssessmentForm(StyledForm):
    """One answer and comment per requirement of the pinned card, and the provider's summary."""

    summary = forms.CharField(label=_("Summary"), required=False, max_length=4000, widget=forms.Textarea({"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"answer_{item.pk}"] = forms.ChoiceField(
                label=item.requirement,
                required=False,
                choices=[("", _("not answered yet")), *Answer.choices],
                initial=item.answer,
            )
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                initial=item.comment,
                widget=forms.Textarea({"rows": 2}),
            )
        style_fields(self)

    def rows(self):
        return [(item, self[f"answer_{item.pk}"], self[f"comment_{item.pk}"]) for item in self.items]

    def answers(self) -> dict[int, dict[str, str]]:
        data = self.cleaned_data
        return {
            item.pk: {"answer": data.get(f"answer_{item.pk}") or "", "comment": data.get(f"comment_{item.pk}") or ""}
            for item in self.items
        }

    def add_service_errors(self, error) -> None:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                field = f"answer_{name[5:]}" if name.startswith("item-") else name
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


class EvidenceForm(StyledForm):
    file = forms.FileField(label=_("File (PDF, JPG, PNG, DOCX or XLSX, at most 10 MB)"))
    item = forms.TypedChoiceField(label=_("Requirement"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [  # type: ignore[attr-defined]
            ("", _("the whole assessment")),
            *[(str(item.pk), item.requirement[:100]) for item in items],
        ]


class NoteForm(StyledForm):
    note = forms.CharField(label=_("Note"), required=False, max_length=500, widget=forms.Textarea({"rows": 2}))


class ReturnForm(StyledForm):
    note = forms.CharField(
        label=_("What should the provider complete?"), max_length=500, widget=forms.Textarea({"rows": 3})
    )


class VisitForm(StyledForm):
    visit_date = forms.DateField(label=_("Visit on"), **DATE)
    visit_present = forms.CharField(label=_("Present at the visit"), max_length=500)
    visit_findings = forms.CharField(
        label=_("Findings of the visit"), max_length=4000, widget=forms.Textarea({"rows": 5})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plausible_fields(self, {"visit_date": plausible.VISIT_DATE})


class DecisionForm(StyledForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("Reasons"), max_length=4000, widget=forms.Textarea({"rows": 4}))
    conditions = forms.CharField(
        label=_("Conditions (ready with conditions only)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea({"rows": 3}),
    )
    conditions_due = forms.DateField(label=_("Conditions to be met by"), required=False, **DATE)
    valid_from = forms.DateField(label=_("Valid from"), required=False, **DATE)
    valid_until = forms.DateField(label=_("Valid until"), required=False, **DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plausible_fields(
            self,
            {
                "valid_from": plausible.VALID_FROM,
                "valid_until": plausible.VALID_UNTIL,
                "conditions_due": plausible.CONDITIONS_DUE,
            },
        )


class WithdrawDecisionForm(StyledForm):
    note = forms.CharField(label=_("Reason for the withdrawal"), max_length=500, widget=forms.Textarea({"rows": 3}))


class ConditionsMetForm(StyledForm):
    on = forms.DateField(label=_("Conditions met on"), **DATE)
