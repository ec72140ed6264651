"""Edit forms of a service card: the text fields plus one formset per kind of child row.

The forms only collect and clean input; :func:`kooperacja.catalogue.services.service_card_publish`
validates the whole card and publishes it.
"""

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from kooperacja.catalogue.models import DeliveryForm, MetBy, ResourceCategory, ServiceCardVersion
from kooperacja.core.forms import StyledForm, StyledModelForm


class ServiceCardForm(StyledModelForm):
    """The card's own fields. Never saved directly: versions are published by the service."""

    change_note = forms.CharField(
        label=_("What changed?"),
        max_length=500,
        help_text=_("Required. Shown in the version history, e.g. “Updated the legal basis after the 2025 amendment”."),
    )
    base_number = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ServiceCardVersion
        fields = [
            "name",
            "summary",
            "legal_basis",
            "target_groups",
            "service_standard",
            "delivery_form",
            "is_cus_social_service",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "legal_basis": forms.Textarea(attrs={"rows": 5}),
            "target_groups": forms.Textarea(attrs={"rows": 3}),
            "service_standard": forms.Textarea(attrs={"rows": 8}),
        }


class NewServiceCardForm(ServiceCardForm):
    code = forms.SlugField(
        label=_("Code"),
        max_length=80,
        help_text=_("Permanent address of the card: lower-case letters without diacritics, digits and hyphens."),
    )

    field_order = ["code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["base_number"]


class RowForm(StyledForm):
    """A child row of a card."""


class RowFormSet(BaseFormSet):
    """Rows of one section; ticking ``DELETE`` leaves the row out of the new version."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this row")


class QualificationForm(RowForm):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=200)
    requirement = forms.CharField(label=_("Requirement"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    hours = forms.IntegerField(label=_("Training hours"), min_value=1, max_value=2000, required=False)
    mandatory = forms.BooleanField(label=_("Mandatory"), required=False, initial=False)
    met_by = forms.ChoiceField(
        label=_("Met by"),
        choices=MetBy.choices,
        initial=MetBy.EVIDENCE,
        help_text=_("Completing the card's CIS/KIS course counts only where the requirement says so."),
    )


class ModuleForm(RowForm):
    title = forms.CharField(label=_("Module title"), max_length=200)
    hours = forms.IntegerField(label=_("Hours"), min_value=1, max_value=2000)
    learning_outcomes = forms.CharField(
        label=_("Learning outcomes"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One outcome per line."),
    )


class ResourceForm(RowForm):
    category = forms.ChoiceField(label=_("Category"), choices=ResourceCategory.choices, initial=ResourceCategory.STAFF)
    description = forms.CharField(label=_("Description"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class CriterionForm(RowForm):
    description = forms.CharField(label=_("Criterion"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.CharField(label=_("Evidence required"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class IndicatorForm(RowForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=60)
    description = forms.CharField(
        label=_("Description"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def row_formset(form_class, *, extra: int = 1):
    return formset_factory(form_class, formset=RowFormSet, extra=extra, can_delete=True, max_num=100, validate_max=True)


# Child collection key -> (row form, section heading). The order is the order on the page.
ROW_FORMS = {
    "qualifications": (QualificationForm, _("Required qualifications")),
    "cis_modules": (ModuleForm, _("Preparatory course in a CIS")),
    "kis_modules": (ModuleForm, _("Preparatory course in a KIS")),
    "minimum_resources": (ResourceForm, _("Minimum resources of a provider")),
    "readiness_criteria": (CriterionForm, _("Readiness criteria")),
    "indicators": (IndicatorForm, _("Monitoring indicators")),
}


class CatalogueFilterForm(forms.Form):
    """The browse page's search and filters (GET)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    form = forms.ChoiceField(
        label=_("Form of delivery"), required=False, choices=[("", _("all forms"))] + DeliveryForm.choices
    )
    group = forms.CharField(label=_("Target group"), required=False, max_length=60)
    cus = forms.ChoiceField(
        label=_("Social service under the CUS act"),
        required=False,
        choices=[("", _("all")), ("yes", _("yes")), ("no", _("no"))],
    )


class CardEditor:
    """The card form and its six row formsets, handled together by the edit and create pages."""

    def __init__(self, form, formsets: dict):
        self.form = form
        self.formsets = formsets
        self.section_errors: dict[str, list[str]] = {}

    @property
    def sections(self) -> list[dict]:
        return [
            {
                "key": key,
                "title": ROW_FORMS[key][1],
                "formset": formset,
                "errors": self.section_errors.get(key, []),
                "is_module": key in ("cis_modules", "kis_modules"),
            }
            for key, formset in self.formsets.items()
        ]

    @property
    def has_errors(self) -> bool:
        if not self.form.is_bound:
            return False
        return bool(
            self.form.errors
            or self.section_errors
            or any(formset.total_error_count() for formset in self.formsets.values())
        )

    @classmethod
    def blank(cls, *, new: bool) -> "CardEditor":
        form_class = NewServiceCardForm if new else ServiceCardForm
        return cls(
            form_class(), {key: row_formset(row_form)(prefix=key) for key, (row_form, _title) in ROW_FORMS.items()}
        )

    @classmethod
    def from_card(cls, card: dict, *, base_number: int) -> "CardEditor":
        initial = {field: card[field] for field in ServiceCardForm.Meta.fields}
        initial["base_number"] = base_number
        formsets = {
            key: row_formset(row_form)(prefix=key, initial=card[key]) for key, (row_form, _title) in ROW_FORMS.items()
        }
        return cls(ServiceCardForm(initial=initial), formsets)

    @classmethod
    def from_post(cls, data, *, new: bool) -> "CardEditor":
        form_class = NewServiceCardForm if new else ServiceCardForm
        formsets = {key: row_formset(row_form)(data, prefix=key) for key, (row_form, _title) in ROW_FORMS.items()}
        return cls(form_class(data), formsets)

    def with_added_row(self, section: str) -> "CardEditor":
        """The same input, unbound (no error messages yet), with one more blank row in ``section``."""
        form = self.form
        initial = {name: form[name].value() for name in form.fields}
        new_form = type(form)(initial=initial)
        formsets = {}
        for key, formset in self.formsets.items():
            rows, blank = [], 0
            for index, row in enumerate(formset.forms):
                values = {name: row[name].value() for name in row.fields if name != "DELETE"}
                if row["DELETE"].value():
                    continue
                if index >= formset.initial_form_count() and not row.has_changed():
                    blank += 1
                    continue
                rows.append(values)
            extra = blank + 1 if key == section else max(blank, 1)
            formsets[key] = row_formset(ROW_FORMS[key][0], extra=extra)(prefix=key, initial=rows)
        return CardEditor(new_form, formsets)

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        for formset in self.formsets.values():
            valid = formset.is_valid() and valid
        return valid

    def _kept_rows(self, key: str) -> list:
        formset = self.formsets[key]
        return [row for row in formset.forms if row.cleaned_data and not row.cleaned_data.get("DELETE")]

    def card_data(self) -> dict:
        data = {field: self.form.cleaned_data[field] for field in ServiceCardForm.Meta.fields}
        for key in self.formsets:
            data[key] = [
                {name: value for name, value in row.cleaned_data.items() if name != "DELETE"}
                for row in self._kept_rows(key)
            ]
        return data

    def add_service_errors(self, error) -> None:
        """Show a ValidationError from the services next to the field or row it is about."""
        for field, messages in error.message_dict.items():
            key, _dot, rest = field.partition(".")
            if key in self.formsets:
                if not rest:
                    self.section_errors.setdefault(key, []).extend(messages)
                    continue
                index, _dot, row_field = rest.partition(".")
                rows = self._kept_rows(key)
                if index.isdigit() and int(index) < len(rows) and row_field in rows[int(index)].fields:
                    for message in messages:
                        rows[int(index)].add_error(row_field, message)
                    continue
                self.section_errors.setdefault(key, []).extend(messages)
            elif field in self.form.fields:
                for message in messages:
                    self.form.add_error(field, message)
            else:
                for message in messages:
                    self.form.add_error(None, message)
