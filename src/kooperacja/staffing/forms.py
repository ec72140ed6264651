from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.catalogue.models import ServiceCardVersion
from kooperacja.catalogue.selectors import (
    card_version_find,
    card_versions_current_or,
    service_type_names,
    service_types_published,
)
from kooperacja.core import plausible
from kooperacja.core.forms import StyledForm, choice_field, model_choice_field, plausible_fields
from kooperacja.core.text import short_date
from kooperacja.staffing.models import OPEN_NEEDS, NeedStatus, StaffingNeed, WorkingTime
from kooperacja.territory.forms import UnitField
from kooperacja.territory.models import Level

DATE_WIDGET = {"type": "date"}


class CodesField(forms.MultipleChoiceField):
    """Qualification codes offered for the chosen card; any code is passed on, and the service names
    those the card does not know (the same message as in the API)."""

    def valid_value(self, value) -> bool:
        return True


class CardVersionField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ServiceCardVersion) -> str:
        return f"{obj.name} (v{obj.number})"


class NeedForm(StyledForm):
    provider: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Provider"), queryset=None, empty_label=None)
    card_version = CardVersionField(label=_("Service (catalogue card)"), queryset=None)
    position = forms.CharField(label=_("Position"), max_length=150)
    headcount = forms.IntegerField(label=_("Number of people"))
    required_qualifications = CodesField(
        label=_("Required qualifications"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("From the service card's qualifications."),
    )
    working_time = forms.ChoiceField(label=_("Working time"), choices=WorkingTime.choices)
    hours_per_week = forms.IntegerField(
        label=_("Hours per week"),
        required=False,
        help_text=_("Required for part-time or flexible work when pay is given: the minimum wage is pro rata."),
    )
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"))
    end_date = forms.DateField(
        label=_("Open until"),
        required=False,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        help_text=_("After this date the need expires."),
    )
    municipality = UnitField(level=Level.MUNICIPALITY, label=_("Place of work (municipality)"))
    pay_min = forms.DecimalField(label=_("Pay from (PLN gross/month)"), required=False, decimal_places=2)
    pay_max = forms.DecimalField(label=_("Pay to (PLN gross/month)"), required=False, decimal_places=2)
    conditions = forms.CharField(
        label=_("Conditions"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    SERVICE_FIELDS = (
        "card_version",
        "position",
        "headcount",
        "required_qualifications",
        "working_time",
        "hours_per_week",
        "start_date",
        "end_date",
        "municipality",
        "pay_min",
        "pay_max",
        "conditions",
    )

    def __init__(self, *args, providers=None, instance: StaffingNeed | None = None, **kwargs):
        self.instance = instance
        if instance is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(instance, name) for name in self.SERVICE_FIELDS if name != "required_qualifications"},
                "required_qualifications": [q.code for q in instance.required_qualifications.all()],
                "provider": instance.provider_id,
                "municipality": instance.municipality_id,
                "version": instance.version,
            }
        super().__init__(*args, **kwargs)
        if instance is not None:
            del self.fields["provider"]
        else:
            model_choice_field(self, "provider").queryset = providers
        model_choice_field(self, "card_version").queryset = card_versions_current_or(
            pk=instance.card_version_id if instance is not None else None
        )
        self.fields["card_version"].widget.attrs["data-refreshes"] = "qualifications"
        choice_field(self, "required_qualifications").choices = self._qualification_choices()
        plausible_fields(
            self,
            {
                "headcount": plausible.POSITIONS,
                "hours_per_week": plausible.WEEKLY_HOURS,
                "pay_min": plausible.MONTHLY_PAY.named(_("Pay from")),
                "pay_max": plausible.MONTHLY_PAY.named(_("Pay to")),
                "start_date": plausible.NEED_START,
                "end_date": plausible.NEED_END,
            },
        )

    def _qualification_choices(self) -> list[tuple[str, str]]:
        chosen = self.data.get(self.add_prefix("card_version")) if self.is_bound else self.initial.get("card_version")
        chosen = getattr(chosen, "pk", chosen)
        if not chosen or not str(chosen).isdigit():
            return []
        card = card_version_find(pk=int(chosen))
        if card is None:
            return []
        return [
            (q.code, f"{q.code} — {q.name}{'' if q.mandatory else ' ' + str(_('(optional on the card)'))}")
            for q in card.qualifications.all()
        ]

    def _given(self, name: str):
        """The value of a field as entered (bound form, once valid) or as stored (unbound); None if unknown."""
        if self.is_bound:
            return self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
        return self.initial.get(name)

    def hours_given(self) -> int | None:
        return self._given("hours_per_week")

    def start_given(self):
        return self._given("start_date")

    def service_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.SERVICE_FIELDS}
        if "provider" in self.fields:
            data["provider"] = self.cleaned_data.get("provider")
        return data


class NeedFilterForm(StyledForm):
    q = forms.CharField(label=_("Position, provider or place"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    service_type = forms.ChoiceField(label=_("Service"), required=False)
    territory = UnitField(level=None, label=_("Territory"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("start", _("start date")),
            ("-start", _("start date, latest first")),
            ("position", _("position")),
            ("headcount", _("number of people")),
            ("municipality", _("place of work")),
            ("-created", _("newest first")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "status").choices = [
            ("", _("any status")),
            (OPEN_NEEDS, _("open or partly filled")),
            *NeedStatus.choices,
        ]
        choice_field(self, "service_type").choices = [
            ("", _("all services")),
            *((str(pk), name) for pk, name in service_type_names()),
        ]
        self.fields["q"].widget.input_type = "search"


class WithdrawForm(StyledForm):
    note = forms.CharField(label=_("Reason (optional)"), required=False, max_length=500)


class TerritoryForm(StyledForm):
    territory = UnitField(
        level=None,
        label=_("Territory"),
        help_text=_("A voivodeship, county or municipality: type its name or TERYT code."),
    )


class RoundForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    territory = UnitField(
        level=None,
        label=_("Municipality or county"),
        help_text=_("The municipality or county the diagnosis covers."),
    )
    period_start = forms.DateField(label=_("Period from"), widget=forms.DateInput(attrs=DATE_WIDGET))
    period_end = forms.DateField(label=_("Period to"), widget=forms.DateInput(attrs=DATE_WIDGET))
    coordinator_organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Coordinating organisation"), queryset=None, empty_label=None
    )
    partners: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Invited partners"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Providers, CIS/KIS, OPS/CUS, PUP, OWES of the voivodeship. More can be invited later."),
    )

    def __init__(self, *args, coordinators=None, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "coordinator_organisation").queryset = coordinators
        model_choice_field(self, "partners").queryset = partners
        plausible_fields(self, {"period_start": plausible.ROUND_START, "period_end": plausible.ROUND_END})

    def _given(self, name: str):
        """The value of a field as entered (bound form, once valid) or as stored (unbound); None if unknown."""
        if self.is_bound:
            return self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
        return self.initial.get(name)

    def hours_given(self) -> int | None:
        return self._given("hours_per_week")

    def start_given(self):
        return self._given("start_date")

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class InvitePartnerForm(StyledForm):
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Organisation to invite"), queryset=None)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organisation").queryset = organisations


class NeedChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: StaffingNeed) -> str:
        return f"{obj.provider.name}: {obj.position} ({obj.open_positions}, {short_date(obj.start_date)})"


class ContributeForm(StyledForm):
    needs = NeedChoiceField(label=_("Needs to contribute"), queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, needs=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "needs").queryset = needs


class ServiceTypeField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.current_version.name if obj.current_version else obj.code


class DirectionForm(StyledForm):
    service_type = ServiceTypeField(label=_("Service"), queryset=None)
    description = forms.CharField(
        label=_("Direction of development"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    additional_staff = forms.IntegerField(label=_("Additional staff expected"), min_value=0, initial=0)
    quarter = forms.CharField(label=_("Quarter"), max_length=7, help_text=_("e.g. 2027-Q1"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "service_type").queryset = service_types_published()
        plausible_fields(self, {"additional_staff": plausible.ADDITIONAL_STAFF})

    def _given(self, name: str):
        """The value of a field as entered (bound form, once valid) or as stored (unbound); None if unknown."""
        if self.is_bound:
            return self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
        return self.initial.get(name)

    def hours_given(self) -> int | None:
        return self._given("hours_per_week")

    def start_given(self):
        return self._given("start_date")

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class AmendForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason for the amendment"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    regenerate = forms.BooleanField(
        label=_("Recalculate the lines from the round's current needs and directions"),
        required=False,
        initial=True,
        help_text=_("Otherwise the lines of the signed version are copied."),
    )
