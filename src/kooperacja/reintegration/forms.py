"""Forms of the individual programme's pages; the services check the rules and their errors come back here."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.core.forms import StyledForm
from kooperacja.reintegration.models import Area, ChangeRequester
from kooperacja.training.forms import ExitOutcomeFields
from kooperacja.training.models import ExitReason
from kooperacja.training.services import COMPLETED_REASONS, TERMINATED_REASONS

DATE: dict[str, Any] = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ProgrammeForm(StyledForm):
    prefix = "programme"
    situation = forms.CharField(
        label=_("Starting situation and needs"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    agreed_with = forms.CharField(label=_("Agreed with (social assistance centre)"), required=False, max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ChangeFields(StyledForm):
    """What a programme in force asks of every change: who asked and what changes."""

    requested_by = forms.ChoiceField(
        label=_("Change requested by"), required=False, choices=[("", "—"), *ChangeRequester.choices]
    )
    change = forms.CharField(
        label=_("What changes and why"),
        required=False,
        max_length=1000,
        help_text=_("Needed once the programme is in force (art. 13 ust. 3 of the act on social employment)."),
    )

    def __init__(self, *args, in_force: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not in_force:
            del self.fields["requested_by"]
            del self.fields["change"]


class GoalForm(ChangeFields):
    prefix = "goal"
    area = forms.ChoiceField(label=_("Area"), choices=Area.choices)
    description = forms.CharField(label=_("Goal"), max_length=500)
    field_order = ["area", "description", "requested_by", "change"]


class ActionForm(ChangeFields):
    prefix = "action"
    goal = forms.TypedChoiceField(label=_("Goal"), coerce=int, choices=())
    description = forms.CharField(label=_("Action"), max_length=500)
    responsible = forms.CharField(label=_("Responsible (person or institution)"), max_length=200)
    due_on = forms.DateField(label=_("Due by"), **DATE)
    field_order = ["goal", "description", "responsible", "due_on", "requested_by", "change"]

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [(goal.pk, goal.description) for goal in goals]  # type: ignore[attr-defined]


class ActionDoneForm(StyledForm):
    prefix = "done"
    action = forms.IntegerField(widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("Done on"), **DATE)


class SignForm(StyledForm):
    prefix = "sign"
    signed_on = forms.DateField(label=_("Signed on"), **DATE)


def _reasons(reasons) -> list[tuple[str, object]]:
    return [(value, label) for value, label in ExitReason.choices if value in reasons]


class EndForm(ExitOutcomeFields):
    """How the programme ends, and with it the stay; the stay's outcome may be given too (or later, on the
    participant's page)."""

    prefix = "end"
    field_order = [
        "outcome",
        "ended_on",
        "completion_reason",
        "termination_reason",
        "decision_number",
        "decision_reasons",
        "delivered_on",
        "outcome_kind",
        "outcome_started_on",
        "outcome_organisation_name",
        "outcome_note",
    ]
    outcome = forms.ChoiceField(
        label=_("The programme"),
        choices=[("complete", _("is completed")), ("terminate", _("is terminated"))],
        widget=forms.RadioSelect,
    )
    ended_on = forms.DateField(label=_("On"), **DATE)
    completion_reason = forms.ChoiceField(
        label=_("Completed because the person"), required=False, choices=[("", "—"), *_reasons(COMPLETED_REASONS)]
    )
    termination_reason = forms.ChoiceField(
        label=_("Terminated because of"), required=False, choices=[("", "—"), *_reasons(TERMINATED_REASONS)]
    )
    decision_number = forms.CharField(label=_("Decision number"), required=False, max_length=60)
    decision_reasons = forms.CharField(
        label=_("Reasons of the decision"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    delivered_on = forms.DateField(label=_("Decision delivered on"), required=False, **DATE)


class ComplaintForm(StyledForm):
    prefix = "complaint"
    lodged_on = forms.DateField(label=_("Complaint lodged on"), **DATE)
    note = forms.CharField(label=_("Complaint and its outcome"), required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)


class MonthForm(forms.Form):
    """The month a page shows (``?month=2026-11``); a wrong value falls back to the current month."""

    month = forms.DateField(input_formats=["%Y-%m"], required=False)


class PlannedClassForm(StyledForm):
    prefix = "classes"
    kind = forms.ChoiceField(label=_("Kind of classes"), choices=())
    description = forms.CharField(label=_("Classes"), max_length=300)
    instructor = forms.TypedChoiceField(label=_("Instructor"), coerce=int, required=False, empty_value=None, choices=())
    # Typed as people write it: "12,5" in Polish.
    hours = forms.DecimalField(
        label=_("Hours in the month"), max_digits=5, decimal_places=1, min_value=Decimal("0.5"), localize=True
    )
    place = forms.CharField(
        label=_("Place (outside the centre: the employer or institution)"), required=False, max_length=200
    )

    def __init__(self, *args, kinds=(), instructors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]  # type: ignore[attr-defined]
        self.fields["instructor"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *[(instructor.pk, f"{instructor.name} ({instructor.specialty})") for instructor in instructors],
        ]


class InstructorForm(StyledForm):
    prefix = "instructor"
    organisation = forms.TypedChoiceField(label=_("CIS or KIS"), coerce=int, choices=())
    name = forms.CharField(label=_("First name and surname"), max_length=200)
    specialty = forms.CharField(
        label=_("Specialty"), max_length=200, help_text=_("E.g. care worker instructor, psychologist.")
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]  # type: ignore[attr-defined]
