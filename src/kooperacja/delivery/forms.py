from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.core import plausible
from kooperacja.core.forms import StyledForm, choice_field, plausible_fields, style_fields
from kooperacja.delivery.models import AlertStatus, DriftBasis, ReportStatus

REPORT_SORTS = [("newest", _("newest period first")), ("oldest", _("oldest period first")), ("status", _("by status"))]
MONITORING_SORTS = [
    ("contract", _("newest contract first")),
    ("shortfall", _("furthest below plan first")),
    ("alerts", _("most open alerts first")),
    ("delivered", _("most delivered first")),
]


class ReportFilterForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("all")), *ReportStatus.choices])
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=REPORT_SORTS)


class MonitoringFilterForm(StyledForm):
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    service_type = forms.TypedChoiceField(label=_("Service"), required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=MONITORING_SORTS)

    def __init__(self, *args, municipalities=(), services=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "municipality").choices = [("", _("all")), *municipalities]
        choice_field(self, "service_type").choices = [("", _("all")), *services]


class AlertFilterForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("all")), *AlertStatus.choices])


class ReportForm(StyledForm):
    """The figures of one period; the card's quality indicators are added as ``indicator_<id>`` fields."""

    units_delivered = forms.DecimalField(label=_("Units delivered"), max_digits=12, decimal_places=2)
    people_served = forms.IntegerField(label=_("People served"))
    staff_assigned = forms.IntegerField(label=_("Staff assigned"))
    complaints = forms.IntegerField(label=_("Complaints"), required=False)
    satisfaction = forms.DecimalField(
        label=_("Satisfaction (1–5)"),
        max_digits=3,
        decimal_places=2,
        required=False,
        help_text=_("The average rating of the people served, from 1 (poor) to 5 (very good)."),
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, indicators=(), unit: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if unit:
            self.fields["units_delivered"].help_text = _("In the contract's unit: %(unit)s.") % {"unit": unit}
        for indicator in indicators:
            self.fields[f"indicator_{indicator.pk}"] = forms.DecimalField(
                label=f"{indicator.name} ({indicator.unit})" if indicator.unit else indicator.name,
                max_digits=12,
                decimal_places=2,
                required=False,
                help_text=indicator.description[:200],
            )
        plausible_fields(
            self,
            {
                "units_delivered": plausible.DELIVERED_UNITS,
                "people_served": plausible.PEOPLE_SERVED,
                "staff_assigned": plausible.STAFF_ASSIGNED,
                "complaints": plausible.COMPLAINTS,
                "satisfaction": plausible.SATISFACTION,
            },
        )
        style_fields(self)


class ReturnForm(StyledForm):
    reason = forms.CharField(
        label=_("What should be corrected"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(StyledForm):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class RuleForm(StyledForm):
    threshold_percent = forms.DecimalField(
        label=_("Alert when delivery is below plan by more than (%)"), max_digits=5, decimal_places=2
    )
    basis = forms.ChoiceField(label=_("Compared"), choices=DriftBasis.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plausible_fields(self, {"threshold_percent": plausible.DRIFT_THRESHOLD})


class ImportForm(StyledForm):
    provider = forms.TypedChoiceField(label=_("Provider"), coerce=int)
    file = forms.FileField(label=_("File (XLSX or CSV)"))

    def __init__(self, *args, providers=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "provider").choices = [(organisation.pk, organisation.name) for organisation in providers]
