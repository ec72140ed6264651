from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.agreements.models import AgreementStatus, CapacityUnit, ProgrammeOfferStatus, RequestStatus
from kooperacja.core import plausible
from kooperacja.core.forms import StyledForm, model_choice_field, plausible_fields

DATE: dict[str, Any] = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class OfferFilterForm(StyledForm):
    service = forms.ChoiceField(label=_("Service"), required=False)
    unit = forms.RegexField(
        label=_("Municipality or county (TERYT code)"), regex=r"^\d{2}(\d{2}(\d{3})?)?$", required=False, max_length=7
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    mine = forms.BooleanField(label=_("Only my organisation's offers"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("published")), *ProgrammeOfferStatus.choices]
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("newest", _("newest first")),
            ("service", _("by service")),
            ("organisation", _("by organisation")),
            ("capacity", _("largest capacity first")),
        ],
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("all")), *[(s.code, s.current_version.name) for s in services]]


def _service_label(service) -> str:
    return service.current_version.name


class OfferForm(StyledForm):
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label=_("Offering organisation"))
    service_type: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label=_("Catalogue service"))
    title = forms.CharField(label=_("Title"), max_length=200)
    modules = forms.MultipleChoiceField(
        label=_("Programme modules of the card you teach"), required=False, widget=forms.CheckboxSelectMultiple
    )
    qualifications = forms.MultipleChoiceField(
        label=_("Qualifications of the card you train for"), required=False, widget=forms.CheckboxSelectMultiple
    )
    training = forms.CharField(
        label=_("What you can train for"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    delivery = forms.CharField(
        label=_("What you can deliver"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=100000)
    capacity_unit = forms.ChoiceField(label=_("Capacity in"), choices=CapacityUnit.choices)
    area = forms.CharField(
        label=_("Area served"),
        max_length=2000,
        help_text=_("TERYT codes of municipalities (7 digits) or counties (4 digits), separated by commas."),
    )
    valid_from = forms.DateField(label=_("Valid from"), **DATE)
    valid_to = forms.DateField(label=_("Valid until"), **DATE)
    contact_email = forms.EmailField(label=_("Organisation's contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Organisation's contact phone"), max_length=30, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisations, services, card=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organisation").queryset = organisations
        model_choice_field(self, "service_type").queryset = services
        model_choice_field(self, "service_type").label_from_instance = _service_label  # type: ignore[method-assign,assignment]
        plausible_fields(self, {"valid_from": plausible.VALID_FROM, "valid_to": plausible.VALID_TO})
        modules = self.fields["modules"]
        qualifications = self.fields["qualifications"]
        assert isinstance(modules, forms.ChoiceField) and isinstance(qualifications, forms.ChoiceField)
        if card is None:
            del self.fields["modules"], self.fields["qualifications"]
        else:
            modules.choices = [
                (m.pk, f"{m.get_variant_display()}: {m.title} ({m.hours} h)")
                for m in card.programme_modules.order_by("variant", "order")
            ]
            qualifications.choices = [(q.pk, q.name) for q in card.qualifications.order_by("order")]

    def to_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["area"] = [code.strip() for code in (data.get("area") or "").replace(";", ",").split(",")]
        data.pop("version", None)
        return data


class RequestForm(StyledForm):
    offer = forms.ChoiceField(label=_("Offer"))
    requester: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label=_("Your organisation"))
    interests = forms.CharField(label=_("Interested in"), max_length=300)
    message = forms.CharField(label=_("Message"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, offers, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["offer"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—")] + [(str(o.public_id), f"{o.title} — {o.organisation.name}") for o in offers]
        model_choice_field(self, "requester").queryset = organisations


class RequestFilterForm(StyledForm):
    direction = forms.ChoiceField(
        label=_("Requests"),
        required=False,
        choices=[("", _("all")), ("sent", _("sent by us")), ("received", _("about our offers"))],
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("all")), *RequestStatus.choices])
    sort = forms.ChoiceField(
        label=_("Order"), required=False, choices=[("newest", _("newest first")), ("oldest", _("oldest first"))]
    )


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reasons"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class AnswerForm(StyledForm):
    answer = forms.CharField(label=_("Answer (optional)"), max_length=2000, required=False)


class AgreementFilterForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("all")), *AgreementStatus.choices])
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("newest", _("newest first")), ("review", _("by review date")), ("valid_to", _("by end of validity"))],
    )


class AgreementForm(StyledForm):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    scope = forms.CharField(
        label=_("Scope of cooperation"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    valid_from = forms.DateField(label=_("Valid from"), **DATE)
    valid_to = forms.DateField(label=_("Valid until"), **DATE)
    review_on = forms.DateField(label=_("Review on"), **DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plausible_fields(
            self,
            {"valid_from": plausible.VALID_FROM, "valid_to": plausible.VALID_TO, "review_on": plausible.REVIEW_DATE},
        )


class AmendmentForm(StyledForm):
    summary = forms.CharField(
        label=_("What the amendment changes"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    valid_to = forms.DateField(label=_("Valid until"), required=False, **DATE)
    review_on = forms.DateField(label=_("Review on"), required=False, **DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)


class PartyForm(StyledForm):
    party = forms.TypedChoiceField(label=_("Party"), coerce=int)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["party"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(p.pk, p.organisation.name) for p in parties]


class ObligationForm(PartyForm):
    description = forms.CharField(label=_("What"), max_length=500)
    due_on = forms.DateField(label=_("By when"), **DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plausible_fields(self, {"due_on": plausible.OBLIGATION_DUE})


class SignatoryForm(PartyForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    function = forms.CharField(label=_("Function"), max_length=150)


class NoteForm(StyledForm):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
