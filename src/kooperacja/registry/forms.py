from django import forms
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from kooperacja.accounts import selectors as accounts_selectors
from kooperacja.core.forms import StyledForm, StyledModelForm, choice_field
from kooperacja.registry.models import ContactPerson, Organisation, OrganisationKind, RegisterEntry, Workshop
from kooperacja.registry.services import REACH_FIELDS, REACH_LOCKED_MESSAGE
from kooperacja.registry.validators import normalise_krs, normalise_nip, normalise_postal_code, normalise_regon
from kooperacja.territory.forms import UnitField
from kooperacja.territory.models import Level


class ServiceValidatedForm(StyledModelForm):
    """A model form whose uniqueness and cross-record checks are left to the service it feeds.

    The form parses and checks each field (types, lengths, formats); the service validates the record
    again as a whole and its errors are put back on the form with ``add_service_errors``.
    """

    def validate_unique(self):
        return None


class OrganisationForm(ServiceValidatedForm):
    municipality = UnitField(level=Level.MUNICIPALITY, label=_("Municipality (TERYT)"))
    website = forms.URLField(label=_("website"), required=False, max_length=200, assume_scheme="https")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "kind",
            "nip",
            "regon",
            "krs",
            "street",
            "postal_code",
            "city",
            "municipality",
            "email",
            "phone",
            "website",
            "description",
            "is_active",
        ]
        help_texts = {
            "nip": _("10 digits; spaces and dashes are allowed."),
            "regon": _("9 or 14 digits."),
            "krs": _("10 digits with leading zeros, if the organisation is in the National Court Register."),
            "postal_code": _("In the form NN-NNN."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, may_register_voivode_office: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = OrganisationKind.choices
        if not may_register_voivode_office:
            kinds = [(value, label) for value, label in kinds if value != OrganisationKind.VOIVODE_OFFICE]
        choice_field(self, "kind").choices = kinds
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            # The territory and kind decide the reach of the members: shown here, changed only from above
            # (registry:reach). A disabled field ignores whatever a tampered form sends.
            for name in REACH_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = REACH_LOCKED_MESSAGE
            choice_field(self, "kind").choices = OrganisationKind.choices
        else:
            del self.fields["is_active"]  # a new organisation is active
        # Identifiers may be typed with separators; the limits apply to the compact value.
        for name in ("nip", "regon", "krs", "postal_code"):
            field = self.fields[name]
            assert isinstance(field, forms.CharField), name
            field.max_length = None
            self.fields[name].widget.attrs.pop("maxlength", None)
            self.fields[name].validators = [
                v for v in self.fields[name].validators if "MaxLength" not in type(v).__name__
            ]
        self.fields["nip"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["regon"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["krs"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["postal_code"].widget.attrs.update({"autocomplete": "postal-code"})

    def clean_nip(self):
        return normalise_nip(self.cleaned_data.get("nip"))

    def clean_regon(self):
        return normalise_regon(self.cleaned_data.get("regon"))

    def clean_krs(self):
        return normalise_krs(self.cleaned_data.get("krs"))

    def clean_postal_code(self):
        return normalise_postal_code(self.cleaned_data.get("postal_code"))

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class ReachForm(StyledForm):
    """The territory and kind of an organisation, changed from above with a reason."""

    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    municipality = UnitField(level=Level.MUNICIPALITY, label=_("Municipality (TERYT)"))
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded with your name and the time; members of the organisation can read it."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def service_data(self) -> dict:
        return {"kind": self.cleaned_data["kind"], "municipality": self.cleaned_data["municipality"]}


def _model_field(model, name: str, **kwargs) -> forms.Field:
    return model._meta.get_field(name).formfield(**kwargs)


class RegisterEntryForm(StyledForm):
    """Not a model form: the (voivodeship, number) uniqueness is checked by the service, which names the
    organisation that already holds the number."""

    number = _model_field(RegisterEntry, "number")
    entry_date = _model_field(
        RegisterEntry, "entry_date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    valid_until = _model_field(
        RegisterEntry,
        "valid_until",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("For a CIS the status lasts five years; left empty, it is filled in from the date of entry."),
    )
    voivodeship = UnitField(
        level=Level.VOIVODESHIP,
        label=_("Voivode (voivodeship)"),
        required=False,
        help_text=_("The voivodeship of the organisation's municipality."),
    )
    status = _model_field(RegisterEntry, "status")
    reason = forms.CharField(
        label=_("Reason for a change of status"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the status changes; recorded with your name and the time."),
    )

    FIELDS = ("number", "entry_date", "valid_until", "voivodeship", "status")

    def __init__(self, *args, entry: RegisterEntry | None = None, may_change_status: bool = False, **kwargs):
        if entry is not None:
            kwargs.setdefault("initial", {}).update(model_to_dict(entry, fields=self.FIELDS))
        super().__init__(*args, **kwargs)
        if not may_change_status:
            # The status is the voivode's decision: shown to the organisation, changed by the register officer.
            self.fields["status"].disabled = True
            self.fields["status"].required = False
            self.fields["status"].help_text = _("Changed only by the register officer of the voivodeship.")
            del self.fields["reason"]

    def status_reason(self) -> str:
        return self.cleaned_data.get("reason", "") if "reason" in self.fields else ""

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.FIELDS}


class WorkshopForm(ServiceValidatedForm):
    municipality = UnitField(level=Level.MUNICIPALITY, label=_("Municipality (TERYT)"))

    class Meta:
        model = Workshop
        fields = ["name", "kind", "capacity", "municipality", "address", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class ContactPersonForm(ServiceValidatedForm):
    class Meta:
        model = ContactPerson
        fields = ["full_name", "position", "email", "phone", "is_public"]

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


SORT_CHOICES = [
    ("name", _("name (A–Z)")),
    ("-name", _("name (Z–A)")),
    ("kind", _("kind")),
    ("municipality", _("municipality")),
]


class OrganisationFilterForm(StyledForm):
    q = forms.CharField(label=_("Name, town or identifier"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    voivodeship = forms.ChoiceField(label=_("Voivodeship"), required=False)
    county = forms.ChoiceField(label=_("County"), required=False)
    municipality = forms.CharField(
        label=_("Municipality"),
        required=False,
        max_length=100,
        help_text=_("A name or a 7-digit TERYT code."),
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, voivodeships=(), counties=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = [("", _("all kinds")), *OrganisationKind.choices]
        choice_field(self, "voivodeship").choices = [("", _("all voivodeships"))] + [
            (unit.code, unit.display_name) for unit in voivodeships
        ]
        choice_field(self, "county").choices = [("", _("all counties"))] + [
            (unit.code, unit.display_name) for unit in counties
        ]
        self.fields["q"].widget.input_type = "search"


class MembershipGrantForm(StyledForm):
    """Grant a role to an existing user. Offers only the roles the acting user may grant here."""

    username = forms.CharField(
        label=_("Username"), max_length=150, help_text=_("The sign-in name of an existing, active user.")
    )
    role = forms.ChoiceField(label=_("Role"))
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        help_text=_(
            "Required for a role whose powers reach beyond this organisation (a coordinator, a register officer, "
            "an analyst, a catalogue editor); recorded with your name and the time."
        ),
    )

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "role").choices = [("", "---------"), *((role.value, role.label) for role in roles)]

    def clean_username(self):
        user = accounts_selectors.user_get_active_by_username(username=self.cleaned_data["username"])
        if user is None:
            raise forms.ValidationError(_("There is no active user with this username."), code="unknown_user")
        return user
