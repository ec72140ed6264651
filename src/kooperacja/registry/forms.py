from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.accounts import selectors as accounts_selectors
from kooperacja.core.forms import StyledForm, StyledModelForm, choice_field
from kooperacja.registry.models import ContactPerson, Organisation, OrganisationKind, Workshop
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


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegisterTermGrantForm(StyledForm):
    """A CIS status granted, or a KIS entered, by the voivode (recorded by the register officer). Dates and
    overlaps with earlier terms are checked by the service, which reports them on these fields."""

    number = forms.CharField(label=_("Register number"), max_length=50)
    decision_number = forms.CharField(label=_("Decision number"), max_length=80, required=False)
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DATE)
    term_start = forms.DateField(label=_("In force from"), widget=DATE)
    term_end = forms.DateField(
        label=_("In force until"),
        required=False,
        widget=DATE,
        help_text=_("Left empty: the statutory term (five years) less one day."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    FIELDS = ("number", "decision_number", "decision_date", "term_start", "term_end", "note")

    def __init__(self, *args, is_cis: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if is_cis:
            self.fields["decision_number"].required = True
            self.fields["decision_date"].required = True
        else:
            # A KIS is entered within 30 days of its notification; the entry has no end.
            del self.fields["term_end"]
            self.fields["term_start"].label = _("Date of entry")
            self.fields["decision_number"].help_text = _("If the voivode issued a written decision or letter.")

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.FIELDS if name in self.fields}


class RegisterTermExtendForm(StyledForm):
    """A CIS status extended by a new decision: a new term from the day after the current one ends."""

    decision_number = forms.CharField(label=_("Decision number"), max_length=80)
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE)
    term_end = forms.DateField(
        label=_("In force until"),
        required=False,
        widget=DATE,
        help_text=_("Left empty: the statutory term (five years) less one day."),
    )
    number = forms.CharField(
        label=_("Register number"),
        max_length=50,
        required=False,
        help_text=_("Left empty: the number of the term extended."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    FIELDS = ("decision_number", "decision_date", "term_end", "number", "note")

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.FIELDS}


class DecisionEndForm(StyledForm):
    """A withdrawal (CIS), a striking off (KIS) or a revocation (social enterprise): from a date, with a reason."""

    ended_on = forms.DateField(label=_("From"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the number and date of the voivode's decision; recorded with your name and the time."),
    )


class SocialEnterpriseRevokeForm(StyledForm):
    revoked_on = forms.DateField(label=_("Revoked from"), widget=DATE)
    reason = DecisionEndForm.base_fields["reason"]


class SocialEnterpriseDecisionForm(StyledForm):
    # Required by the service, which reports every missing or wrong field in one pass.
    decision_number = forms.CharField(label=_("Decision number"), max_length=80, required=False)
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE, required=False)

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("decision_number", "decision_date")}


class SocialEnterpriseGrantForm(StyledForm):
    decision_number = forms.CharField(label=_("Decision number"), max_length=80)
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_to = forms.DateField(
        label=_("Valid until"), required=False, widget=DATE, help_text=_("Empty: until revoked.")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    FIELDS = ("decision_number", "decision_date", "valid_from", "valid_to", "note")

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
    social_enterprise = forms.BooleanField(label=_("Social enterprises only"), required=False)
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
