from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.commissioning.models import ContractStatus, CriterionKind, OfferStatus, OrderStatus, ServiceUnit
from kooperacja.commissioning.modes import MODES, Mode
from kooperacja.core import plausible
from kooperacja.core.forms import StyledForm, plausible_fields
from kooperacja.territory.forms import UnitField
from kooperacja.territory.models import Level

DATE: dict[str, Any] = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
DATETIME: dict[str, Any] = {
    "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    "input_formats": ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
}
CRITERIA_ROWS = 5
ORDER_SORTS = [
    ("deadline", _("deadline for offers")),
    ("newest", _("newest first")),
    ("value", _("highest value first")),
    ("start", _("start of the service")),
]


class OrderFilterForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("open for offers")), *OrderStatus.choices]
    )
    mode = forms.ChoiceField(label=_("Mode"), required=False, choices=[("", _("all")), *Mode.choices])
    service = forms.CharField(label=_("Service (catalogue code)"), required=False, max_length=80)
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=ORDER_SORTS)


class MyOrderFilterForm(OrderFilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("all")), *OrderStatus.choices])


class OfferFilterForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("all")), *OfferStatus.choices])
    sort = forms.ChoiceField(
        label=_("Order"), required=False, choices=[("newest", _("newest first")), ("deadline", _("by deadline"))]
    )


class ContractFilterForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("all")), *ContractStatus.choices])
    side = forms.ChoiceField(
        label=_("Side"),
        required=False,
        choices=[("", _("all")), ("provider", _("we deliver")), ("commissioner", _("we commission"))],
    )
    service = forms.CharField(label=_("Service (catalogue code)"), required=False, max_length=80)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("newest", _("newest first")),
            ("oldest", _("oldest first")),
            ("value", _("highest value first")),
            ("end", _("ending first")),
        ],
    )


def _card_name(service_type) -> str:
    return service_type.current_version.name if service_type.current_version else service_type.code


class OrderForm(StyledForm):
    """A draft order: the specification from the catalogue card, the mode, the criteria and the deadline."""

    commissioner: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label=_("Commissioner"))
    number = forms.CharField(label=_("Reference number"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=200)
    mode = forms.ChoiceField(label=_("Mode of commissioning"), choices=Mode.choices)
    service_type: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label=_("Service of the catalogue"))
    expectations = forms.CharField(
        label=_("What you expect of the service"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4})
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=ServiceUnit.choices)
    volume = forms.DecimalField(label=_("Volume in that unit"), max_digits=12, decimal_places=2)
    unit_price = forms.DecimalField(
        label=_("Expected price per unit (PLN)"), max_digits=12, decimal_places=2, required=False
    )
    max_value = forms.DecimalField(label=_("Maximum value (PLN)"), max_digits=14, decimal_places=2)
    period_start = forms.DateField(label=_("Service from"), **DATE)
    period_end = forms.DateField(label=_("Service until"), **DATE)
    place = UnitField(level=Level.MUNICIPALITY, label=_("Place of the service (municipality)"))
    offer_deadline = forms.DateTimeField(label=_("Deadline for offers"), **DATETIME)
    social_share_percent = forms.IntegerField(
        label=_("Required share of staff at risk of exclusion (%)"),
        required=False,
        help_text=_("A reserved contract only (art. 94 ust. 2): from 30 per cent."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, commissioners, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commissioner"].queryset = commissioners  # type: ignore[attr-defined]
        self.fields["service_type"].queryset = services  # type: ignore[attr-defined]
        # Named as the card is, not by its code (the queryset brings the current card along).
        self.fields["service_type"].label_from_instance = _card_name  # type: ignore[attr-defined]
        for index in range(CRITERIA_ROWS):
            self.fields[f"criterion_{index}_kind"] = forms.ChoiceField(
                label=_("Criterion %(n)s: kind") % {"n": index + 1},
                choices=[("", "—"), *CriterionKind.choices],
                required=False,
            )
            self.fields[f"criterion_{index}_name"] = forms.CharField(
                label=_("Criterion %(n)s: name") % {"n": index + 1}, max_length=200, required=False
            )
            self.fields[f"criterion_{index}_weight"] = forms.IntegerField(
                label=_("Criterion %(n)s: weight") % {"n": index + 1}, required=False, min_value=1, max_value=100
            )
        plausible_fields(
            self,
            {
                "volume": plausible.SERVICE_VOLUME,
                "unit_price": plausible.UNIT_PRICE,
                "max_value": plausible.MONEY,
                "period_start": plausible.SERVICE_START,
                "period_end": plausible.SERVICE_END,
            },
        )

    def to_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in self.fields if not name.startswith("criterion_")}
        data["criteria"] = [
            {
                "kind": self.cleaned_data.get(f"criterion_{index}_kind") or "",
                "name": self.cleaned_data.get(f"criterion_{index}_name") or "",
                "weight": self.cleaned_data.get(f"criterion_{index}_weight"),
            }
            for index in range(CRITERIA_ROWS)
        ]
        return data

    @staticmethod
    def criteria_initial(criteria) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for index, criterion in enumerate(criteria[:CRITERIA_ROWS]):
            initial[f"criterion_{index}_kind"] = criterion.kind
            initial[f"criterion_{index}_name"] = criterion.name
            initial[f"criterion_{index}_weight"] = criterion.weight
        return initial


class OfferForm(StyledForm):
    bidder: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label=_("Bidder"))
    unit_price = forms.DecimalField(label=_("Price per unit (PLN)"), max_digits=12, decimal_places=2)
    description = forms.CharField(
        label=_("How you will deliver the service"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )
    documents = forms.MultipleChoiceField(
        label=_("Documents attached"), required=False, widget=forms.CheckboxSelectMultiple
    )
    social_share_percent = forms.IntegerField(
        label=_("Share of your staff at risk of exclusion (%)"), required=False, min_value=0, max_value=100
    )

    def __init__(self, *args, bidders, order, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bidder"].queryset = bidders  # type: ignore[attr-defined]
        rules = MODES[order.mode]
        self.fields["documents"].choices = [  # type: ignore[attr-defined]
            (document.code, document.label) for document in rules.required_documents
        ]
        plausible_fields(self, {"unit_price": plausible.UNIT_PRICE})


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ContractForm(StyledForm):
    number = forms.CharField(label=_("Contract number"), max_length=60)
    start_date = forms.DateField(label=_("From"), **DATE)
    end_date = forms.DateField(label=_("Until"), **DATE)
    planned_people = forms.IntegerField(
        label=_("People to be served per month"), required=False, min_value=0, max_value=100000
    )
