from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.catalogue import selectors as catalogue
from kooperacja.core import plausible
from kooperacja.core.forms import StyledForm, choice_field, model_choice_field, model_choices, plausible_fields
from kooperacja.territory.forms import UnitField
from kooperacja.territory.models import Level
from kooperacja.training.models import (
    PARTICIPATION_MACHINE,
    AttendanceKind,
    DisabilityDegree,
    EligibilityCategory,
    EvidenceKind,
    Exclusion,
    ExitReason,
    OutcomeKind,
    ParticipationKind,
    ParticipationStatus,
)
from kooperacja.training.services import HELD_KEEP, HELD_UPDATE, PARTICIPATION_RANGES, OutcomeInput

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE: dict[str, Any] = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
WORKING_TIME_CHOICES = [
    ("full_time", _("full time")),
    ("part_time", _("part time")),
    ("flexible", _("flexible hours")),
]


def current_card_versions():
    return catalogue.current_versions()


class ModuleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} ({obj.hours} h)"


class ProgrammeForm(StyledForm):
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label=_("CIS or KIS"))
    card_version: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label=_("Service card"))
    name = forms.CharField(
        label=_("Name"), max_length=200, required=False, help_text=_("Left empty, the card's name is used.")
    )
    # Offers the modules of the chosen card's course (none until an organisation and a card are chosen).
    modules = ModuleChoiceField(
        queryset=None,
        required=False,
        label=_("Modules"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("All modules of the course are chosen; untick those the programme leaves out."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organisation").queryset = organisations
        model_choice_field(self, "card_version").queryset = current_card_versions()
        model_choice_field(self, "modules").queryset = catalogue.programme_modules_with_ids(ids=[])
        organisation = self._chosen("organisation")
        card = self._chosen("card_version")
        if organisation is not None and card is not None:
            model_choice_field(self, "modules").queryset = catalogue.programme_modules_of(
                card_version=card, variant=organisation.kind
            )

    def _chosen(self, name):
        value = self.data.get(name) if self.is_bound else self.initial.get(name)
        if not value:
            return None
        try:
            return model_choices(self, name).filter(pk=getattr(value, "pk", value)).first()
        except (ValueError, TypeError):
            return None


class CohortForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    start_date = forms.DateField(label=_("Start"), **DATE)
    end_date = forms.DateField(label=_("End"), **DATE)
    seats = forms.IntegerField(label=_("Seats"), min_value=1)
    instructors = forms.CharField(label=_("Instructors"), max_length=500, required=False)
    municipality = UnitField(level=Level.MUNICIPALITY, label=_("Place (municipality)"))
    address = forms.CharField(label=_("Address"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plausible_fields(
            self,
            {
                "seats": plausible.SEATS,
                "start_date": plausible.COHORT_DATE.named(_("Start date")),
                "end_date": plausible.COHORT_DATE.named(_("End date")),
            },
        )


class PlanLineChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return (
            f"{obj.plan.round.title} v{obj.plan.number} — {obj.quarter}, {obj.qualification_name} "
            f"({obj.qualification_code}): {obj.needed}"
        )


class PlanLinesForm(StyledForm):
    plan_lines = PlanLineChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label=_("Staffing plan lines")
    )

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "plan_lines").queryset = lines


EXCLUSIONS_HELP = _(
    "A CIS or KIS refuses a person entitled to one of them; a person entitled to a pension for inability to work "
    "may take part in a KIS (art. 1 ust. 3a)."
)


class EligibilityForm(StyledForm):
    """Who may take part (art. 1): the categories of ust. 2 and the check of the exclusions of ust. 3. Entered
    with an enrolment, or later for a stay recorded without them."""

    categories = forms.MultipleChoiceField(
        label=_("Categories of art. 1 ust. 2 the person belongs to"),
        choices=EligibilityCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One or more, as in the referral."),
    )
    exclusions_none = forms.BooleanField(
        label=_(
            "I checked: the person is entitled to none of the benefits of art. 1 ust. 3 (unemployment benefit, "
            "pre-retirement allowance or benefit, structural pension, pension for inability to work, retirement "
            "pension, teachers' compensation benefit)"
        ),
        required=False,
    )
    exclusions = forms.MultipleChoiceField(
        label=_("Otherwise: the benefits of art. 1 ust. 3 the person is entitled to"),
        choices=Exclusion.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, eligibility_notes: Sequence[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        # The dated rules applied here, with what they assume (never a silent guess).
        self.fields["exclusions"].help_text = notes_text(EXCLUSIONS_HELP, eligibility_notes)


class EligibilityCheckForm(EligibilityForm):
    """The check recorded for an existing stay; the version it was read at guards against a silent overwrite."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class EnrolForm(EligibilityForm):
    field_order = [
        "organisation",
        "pesel",
        "held_person",
        "first_name",
        "last_name",
        "home_municipality",
        "phone",
        "email",
        "categories",
        "exclusions_none",
        "exclusions",
    ]
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label=_("CIS or KIS"))
    pesel = forms.CharField(
        label=_("PESEL"),
        max_length=20,
        help_text=_("If your records already hold this PESEL, you will see the data held before anything is saved."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    held_person = forms.ChoiceField(
        label=_("This PESEL is already in your records"),
        choices=[
            (HELD_KEEP, _("Enrol with the data held")),
            (HELD_UPDATE, _("Correct the data held with the data entered above")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    home_municipality = UnitField(level=Level.MUNICIPALITY, label=_("Home municipality"))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    referral_date = forms.DateField(label=_("Referral date"), **DATE)
    plan_reference = forms.CharField(label=_("IPZS or social contract number"), max_length=60, required=False)
    plan_signed_on = forms.DateField(label=_("IPZS / social contract signed on"), required=False, **DATE)
    start_date = forms.DateField(label=_("Participation from"), **DATE)
    planned_end_date = forms.DateField(label=_("Planned end"), **DATE)
    trial_start = forms.DateField(
        label=_("Trial month from"), required=False, help_text=_("CIS only; by default the first month."), **DATE
    )
    trial_end = forms.DateField(label=_("Trial month to"), required=False, **DATE)
    commute_limit_km = forms.IntegerField(label=_("Longest acceptable commute (km)"), min_value=0, initial=25)
    available_from = forms.DateField(label=_("Available for work from"), required=False, **DATE)
    working_time = forms.ChoiceField(label=_("Working time wanted"), choices=WORKING_TIME_CHOICES)
    consent_to_share = forms.BooleanField(label=_("Consents to share the profile with employers"), required=False)

    def __init__(
        self,
        *args,
        organisations,
        offer_held_choice: bool = False,
        period_notes: Sequence[str] = (),
        eligibility_notes: Sequence[str] = (),
        **kwargs,
    ):
        super().__init__(*args, eligibility_notes=eligibility_notes, **kwargs)
        model_choice_field(self, "organisation").queryset = organisations
        plausible_fields(self, PARTICIPATION_RANGES)
        self.fields["planned_end_date"].help_text = notes_text(
            _(
                "CIS: without an extension decision the planned end cannot pass the base period (12 months, since "
                "15.02.2022 counted from the end of the trial month; before then including it). KIS: the period "
                "is set individually."
            ),
            period_notes,
        )
        # The choice appears once the service has shown the data held for this PESEL.
        if not (offer_held_choice or self.data.get("held_person")):
            del self.fields["held_person"]
        kinds = {organisation.kind for organisation in organisations}
        if kinds == {"kis"}:
            self.fields["plan_reference"].label = _("Social contract number")
            self.fields["plan_signed_on"].label = _("Social contract signed on")
        elif kinds == {"cis"}:
            self.fields["plan_reference"].label = _("IPZS number (individual social employment programme)")
            self.fields["plan_signed_on"].label = _("IPZS signed on")
        else:
            self.fields["plan_reference"].help_text = _(
                "CIS: the individual social employment programme (IPZS); KIS: the social contract."
            )

    PERSON_FIELDS = ("pesel", "first_name", "last_name", "home_municipality", "phone", "email")

    def person_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.PERSON_FIELDS}

    def participation_data(self) -> dict:
        skip = {"organisation", "held_person", *self.PERSON_FIELDS}
        return {name: value for name, value in self.cleaned_data.items() if name not in skip}


class PersonForm(StyledForm):
    """Corrections of the data a CIS/KIS holds of a person."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    home_municipality = UnitField(level=Level.MUNICIPALITY, label=_("Home municipality"))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    pesel = forms.CharField(
        label=_("Corrected PESEL"),
        max_length=20,
        required=False,
        help_text=_("Only if the PESEL recorded is wrong; leave empty to keep it."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class AttendanceForm(StyledForm):
    """One day of attendance (the participant's page); the weekly grid records many at once."""

    day = forms.DateField(label=_("Day"), **DATE)
    kind = forms.ChoiceField(label=_("Attendance"), choices=AttendanceKind.choices, initial=AttendanceKind.PRESENT)
    hours = forms.DecimalField(
        label=_("Hours present"),
        required=False,
        min_value=0,
        max_digits=3,
        decimal_places=1,
        help_text=_("Only on days present."),
    )
    expected_kind = forms.ChoiceField(
        label=_("Recorded so far"),
        required=False,
        choices=[("", "—"), *AttendanceKind.choices],
        help_text=_("To correct a day already recorded, repeat what is recorded (and its hours below)."),
    )
    expected_hours = forms.DecimalField(
        label=_("Hours recorded so far"), required=False, max_digits=3, decimal_places=1
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plausible_fields(self, {"hours": plausible.DAILY_HOURS})


class DisabilityForm(StyledForm):
    disability_degree = forms.ChoiceField(
        label=_("Degree of disability"),
        choices=DisabilityDegree.choices,
        help_text=_("A moderate or significant degree limits the hours to 7 a day and 35 a week."),
    )


class AttendanceWeekForm(forms.Form):
    """Which week of which CIS/KIS the grid shows."""

    organisation = forms.TypedChoiceField(label=_("CIS or KIS"), coerce=int)
    week = forms.DateField(label=_("Week"), required=False, help_text=_("Any day of the week."), **DATE)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "organisation").choices = [(o.pk, o.name) for o in organisations]


def notes_text(rule: "StrOrPromise", notes: Sequence[str]) -> str:
    """A field's help: the rule, then each assumption it rests on ("Assumption: …")."""
    parts = [str(rule)]
    parts += [str(_("Assumption: %(note)s") % {"note": note}) for note in notes]
    return " ".join(parts)


class ExtensionForm(StyledForm):
    """The decision extending a CIS stay beyond its planned end."""

    decided_on = forms.DateField(label=_("Decision dated"), **DATE)
    new_planned_end = forms.DateField(label=_("New planned end"), **DATE)
    justification = forms.CharField(label=_("Justification"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


OUTCOME_KIND_CHOICES = [("", "—"), *OutcomeKind.choices]


class ExitOutcomeFields(StyledForm):
    """The outcome given with an exit (all optional: it may be recorded later from the participant page)."""

    outcome_kind = forms.ChoiceField(choices=OUTCOME_KIND_CHOICES, required=False, label=_("Outcome"))
    outcome_started_on = forms.DateField(label=_("Outcome from"), required=False, **DATE)
    outcome_organisation_name = forms.CharField(
        label=_("Employer, cooperative or school"), max_length=200, required=False
    )
    outcome_note = forms.CharField(label=_("Note on the outcome"), max_length=500, required=False)

    def outcome_input(self) -> OutcomeInput:
        data = self.cleaned_data
        return OutcomeInput(
            kind=data.get("outcome_kind") or "",
            started_on=data.get("outcome_started_on"),
            organisation_name=data.get("outcome_organisation_name") or "",
            note=data.get("outcome_note") or "",
        )


class OutcomeForm(StyledForm):
    """Record or correct the outcome of a stay that has ended."""

    kind = forms.ChoiceField(choices=OUTCOME_KIND_CHOICES, label=_("Outcome"))
    started_on = forms.DateField(
        label=_("From"),
        required=False,
        help_text=_(
            "The day the work, business, cooperative or education began; follow-ups are due 3 and 6 months later."
        ),
        **DATE,
    )
    organisation_name = forms.CharField(label=_("Employer, cooperative or school"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)


class OutcomeFollowUpForm(StyledForm):
    """Whether the person is still in the outcome 3 or 6 months after it began."""

    months = forms.TypedChoiceField(choices=[(3, "3"), (6, "6")], coerce=int, widget=forms.HiddenInput)
    still_there = forms.TypedChoiceField(
        label=_("Still there?"),
        choices=[("yes", _("yes")), ("no", _("no"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class OutcomeFollowUpFilterForm(StyledForm):
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("not recorded yet")),
            ("due", _("due (today or later)")),
            ("overdue", _("overdue")),
            ("recorded", _("recorded")),
        ],
    )
    order = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[("due_on", _("due date, earliest first")), ("-due_on", _("due date, latest first"))],
    )


class TransitionForm(ExitOutcomeFields):
    ACTIONS = [
        ("start_trial", _("Start the trial month")),
        ("activate", _("Start taking part")),
        ("confirm_ready", _("Confirm readiness for work")),
        ("back_to_active", _("Back to taking part")),
        ("exit", _("Exit")),
    ]
    # The state each action leads to; "exit" ends in COMPLETED or TERMINATED depending on the reason.
    TARGETS = {
        "start_trial": {ParticipationStatus.TRIAL},
        "activate": {ParticipationStatus.ACTIVE},
        "confirm_ready": {ParticipationStatus.READY},
        "back_to_active": {ParticipationStatus.ACTIVE},
        "exit": {ParticipationStatus.COMPLETED, ParticipationStatus.TERMINATED},
    }
    action = forms.ChoiceField(choices=ACTIONS, label=_("Action"))
    reason = forms.ChoiceField(choices=[("", "—"), *ExitReason.choices], required=False, label=_("Exit reason"))
    exit_date = forms.DateField(label=_("Exit date"), required=False, **DATE)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, participation=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if participation is not None:
            choice_field(self, "action").choices = self.actions_for(participation, user)

    @classmethod
    def actions_for(cls, participation, user) -> list[tuple[str, "StrOrPromise"]]:
        """Only the actions the participation's state machine allows now, to this user (a trial month only in a
        CIS): the same declaration the services check."""
        allowed = set(PARTICIPATION_MACHINE.allowed_for(user, participation))
        actions: list[tuple[str, StrOrPromise]] = []
        for value, label in cls.ACTIONS:
            if value == "start_trial" and participation.kind != ParticipationKind.CIS:
                continue
            if value == "back_to_active" and participation.status != ParticipationStatus.READY:
                continue
            if value == "activate" and participation.status == ParticipationStatus.READY:
                continue
            if cls.TARGETS[value] & allowed:
                actions.append((value, label))
        return actions


class CohortChoiceForm(StyledForm):
    cohort: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label=_("Cohort"))

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "cohort").queryset = cohorts


class ModuleForm(StyledForm):
    module: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label=_("Module"))
    completed_on = forms.DateField(label=_("Completed on"), **DATE)

    def __init__(self, *args, modules, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "module").queryset = modules


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} — {obj.card_version.name} ({obj.variant.upper()})"


class CourseCompletionForm(StyledForm):
    """The participant completed the CIS/KIS course of one of their programmes (every module of it)."""

    programme: forms.ModelChoiceField = CourseChoiceField(
        queryset=None, label=_("Course"), help_text=_("Every module of the course must be completed first.")
    )
    completed_on = forms.DateField(label=_("Course completed on"), **DATE)

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "programme").queryset = programmes


class QualificationForm(StyledForm):
    """A vocational qualification with its evidence: the document's kind, number, issuer and date."""

    code = forms.CharField(label=_("Qualification code"), max_length=30, help_text=_("A code from the catalogue."))
    evidence = forms.ChoiceField(label=_("Document"), choices=EvidenceKind.choices, initial=EvidenceKind.CERTIFICATE)
    certificate_number = forms.CharField(label=_("Document number"), max_length=60)
    issuer = forms.CharField(
        label=_("Issued by"), max_length=200, help_text=_("E.g. the examination board, school or training body.")
    )
    issued_on = forms.DateField(label=_("Issued on"), **DATE)


class PeselSearchForm(StyledForm):
    pesel = forms.CharField(
        label=_("PESEL"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("The exact number; only participants of your own organisations are found."),
    )


class ParticipantFilterForm(StyledForm):
    q = forms.CharField(label=_("Name"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("any")), *ParticipationStatus.choices]
    )
    organisation = forms.ChoiceField(label=_("CIS or KIS"), required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "organisation").choices = [("", _("all")), *[(str(o.pk), o.name) for o in organisations]]


class ImportForm(StyledForm):
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label=_("Organisation"))
    file = forms.FileField(label=_("File (XLSX or CSV, UTF-8)"))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organisation").queryset = organisations


# Labels of a participation's plan document: an IPZS in a CIS, a social contract in a KIS.


def plan_reference_label(kind: str) -> "StrOrPromise":
    if kind == ParticipationKind.KIS:
        return _("Social contract number")
    return _("IPZS number (individual social employment programme)")


def plan_signed_label(kind: str) -> "StrOrPromise":
    if kind == ParticipationKind.KIS:
        return _("Social contract signed on")
    return _("IPZS signed on")
