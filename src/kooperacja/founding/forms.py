"""Forms of the founding pages. They check the shape of the input; the services decide the rest."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.core.forms import StyledForm
from kooperacja.founding import plan as figures
from kooperacja.founding.models import LegalFounderKind, PlanSection, StepKind
from kooperacja.founding.services import PlanInput, StepInput

STAFF_ROWS = 6
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ModelChoiceForm(StyledForm):
    cooperative_model = forms.ChoiceField(label=_("Cooperative model"))
    reason = forms.CharField(label=_("Why this model"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, models=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.models = {str(model.pk): model for model in models}
        field = self.fields["cooperative_model"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—")] + [
            (str(model.pk), f"{model.name} ({model.get_founders_display()})") for model in models
        ]

    def chosen_model(self):
        return self.models.get(str(self.cleaned_data.get("cooperative_model")))


class MemberAddForm(StyledForm):
    organisation = forms.ChoiceField(label=_("Legal person"))
    legal_kind = forms.ChoiceField(label=_("Kind of legal person"), choices=LegalFounderKind.choices)
    joined_on = forms.DateField(label=_("Joined on"), widget=DATE_WIDGET)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(organisation.pk): organisation for organisation in organisations}
        field = self.fields["organisation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—")] + [
            (key, f"{organisation.name} ({organisation.get_kind_display()})")
            for key, organisation in self.organisations.items()
        ]

    def chosen_organisation(self):
        return self.organisations.get(str(self.cleaned_data.get("organisation")))


class MemberLeaveForm(StyledForm):
    left_on = forms.DateField(label=_("Left on"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Reason for leaving"), max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class VersionForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class CommentForm(StyledForm):
    section = forms.ChoiceField(label=_("Section"), choices=PlanSection.choices)
    text = forms.CharField(label=_("Comment"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))


def _amount_field(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_value=figures.MAX_AMOUNT,
        decimal_places=2,
        max_digits=12,
    )


class PlanForm(StyledForm):
    """The business plan: services, clients, staff rows, costs and revenue per category and year, funding."""

    services = forms.MultipleChoiceField(
        label=_("Catalogue services of the launch"), required=False, widget=forms.CheckboxSelectMultiple
    )
    services_text = forms.CharField(
        label=_("Other services offered"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    clients = forms.CharField(
        label=_("Clients"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who will buy the services: the municipality, its OPS, residents, companies…"),
    )
    labour_fund_workplaces = forms.IntegerField(
        label=_("Workplaces funded by the Labour Fund"), required=False, min_value=0, max_value=100
    )
    average_wage = forms.DecimalField(
        label=_("Average wage (PLN) the Labour Fund grant is calculated from"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal(100000),
        decimal_places=2,
        max_digits=10,
        help_text=_("The grant may be at most 6 × the average wage per workplace."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, service_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["services"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = list(service_choices)
        for row in range(STAFF_ROWS):
            self.fields[f"staff_{row}_position"] = forms.CharField(
                label=_("Position %(row)s") % {"row": row + 1}, required=False, max_length=120
            )
            self.fields[f"staff_{row}_fte"] = forms.DecimalField(
                label=_("FTE, position %(row)s") % {"row": row + 1},
                required=False,
                min_value=Decimal(0),
                max_value=figures.MAX_FTE,
                decimal_places=2,
                max_digits=5,
            )
            self.fields[f"staff_{row}_pay"] = _amount_field(_("Monthly pay (PLN), position %(row)s") % {"row": row + 1})
        for prefix, categories in (("cost", figures.CostCategory), ("revenue", figures.RevenueCategory)):
            for category in categories:
                for year in figures.YEARS:
                    self.fields[f"{prefix}_{category.value}_{year}"] = _amount_field(
                        _("%(category)s, year %(year)s") % {"category": category.label, "year": year}
                    )
        for source in figures.FundingSource:
            self.fields[f"funding_{source.value}"] = _amount_field(source.label)
        for name, form_field in self.fields.items():
            if name.startswith(("cost_", "revenue_", "funding_", "staff_")) and not name.endswith("_position"):
                form_field.widget.attrs.update({"inputmode": "decimal", "class": "form-control form-control-sm"})
            elif name.endswith("_position"):
                form_field.widget.attrs.update({"class": "form-control form-control-sm"})

    @staticmethod
    def initial_of(plan) -> dict:
        initial = {
            "services": plan.services,
            "services_text": plan.services_text,
            "clients": plan.clients,
            "labour_fund_workplaces": plan.labour_fund_workplaces,
            "average_wage": plan.average_wage,
            "version": plan.version,
        }
        for row, staff in enumerate(plan.staff[:STAFF_ROWS]):
            initial[f"staff_{row}_position"] = staff.get("position")
            initial[f"staff_{row}_fte"] = staff.get("fte")
            initial[f"staff_{row}_pay"] = staff.get("monthly_pay")
        for prefix, lines in (("cost", plan.costs), ("revenue", plan.revenue)):
            for category, amounts in lines.items():
                for year, amount in zip(figures.YEARS, amounts, strict=False):
                    initial[f"{prefix}_{category}_{year}"] = amount
        for source, amount in plan.funding.items():
            initial[f"funding_{source}"] = amount
        return initial

    def staff_rows(self) -> list[tuple]:
        return [
            (self[f"staff_{row}_position"], self[f"staff_{row}_fte"], self[f"staff_{row}_pay"])
            for row in range(STAFF_ROWS)
        ]

    def grid(self, prefix: str) -> list[tuple]:
        categories = figures.CostCategory if prefix == "cost" else figures.RevenueCategory
        return [
            (category.label, [self[f"{prefix}_{category.value}_{year}"] for year in figures.YEARS])
            for category in categories
        ]

    def funding_fields(self) -> list:
        return [self[f"funding_{source.value}"] for source in figures.FundingSource]

    def to_input(self) -> PlanInput:
        data = self.cleaned_data
        staff = []
        for row in range(STAFF_ROWS):
            position, fte, pay = (data.get(f"staff_{row}_{name}") for name in ("position", "fte", "pay"))
            if position or fte or pay:
                staff.append({"position": position or "", "fte": fte, "monthly_pay": pay})

        def lines(prefix, categories):
            found = {}
            for category in categories:
                amounts = [data.get(f"{prefix}_{category.value}_{year}") for year in figures.YEARS]
                if any(amount for amount in amounts):
                    found[category.value] = [amount or 0 for amount in amounts]
            return found

        return PlanInput(
            services=data.get("services") or [],
            services_text=data.get("services_text") or "",
            clients=data.get("clients") or "",
            staff=staff,
            costs=lines("cost", figures.CostCategory),
            revenue=lines("revenue", figures.RevenueCategory),
            funding={
                source.value: data[f"funding_{source.value}"]
                for source in figures.FundingSource
                if data.get(f"funding_{source.value}")
            },
            labour_fund_workplaces=data.get("labour_fund_workplaces") or 0,
            average_wage=data.get("average_wage"),
        )


class StepForm(StyledForm):
    """One registration step; which fields apply depends on the step (the service checks them)."""

    kind = forms.ChoiceField(widget=forms.HiddenInput, choices=StepKind.choices)
    done_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    present = forms.MultipleChoiceField(
        label=_("Founders present"), required=False, widget=forms.CheckboxSelectMultiple
    )
    court = forms.CharField(label=_("Registry court"), required=False, max_length=200)
    krs_number = forms.CharField(
        label=_("KRS number"), required=False, max_length=20, help_text=_("10 digits, with leading zeros.")
    )
    name = forms.CharField(
        label=_("Name of the cooperative as entered in the KRS"),
        required=False,
        max_length=255,
        help_text=_("It must contain the words “Spółdzielnia Socjalna”."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    FIELDS_BY_KIND = {
        StepKind.STATUTE: ("done_on", "note"),
        StepKind.MEETING: ("done_on", "present", "note"),
        StepKind.KRS_APPLICATION: ("done_on", "court", "note"),
        StepKind.KRS_ENTRY: ("done_on", "krs_number", "name", "note"),
    }

    def __init__(self, *args, kind: str, members=(), members_labelled=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(member.pk): member for member in members}
        field = self.fields["present"]
        assert isinstance(field, forms.MultipleChoiceField)
        labels = members_labelled or {}
        field.choices = [(key, labels.get(member.pk, str(member))) for key, member in self.members.items()]
        keep = {"kind", "version", *self.FIELDS_BY_KIND.get(StepKind(kind), ())}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]

    def to_input(self) -> StepInput:
        data = self.cleaned_data
        return StepInput(
            kind=data["kind"],
            done_on=data.get("done_on"),
            present=[self.members[key] for key in data.get("present") or [] if key in self.members],
            court=data.get("court") or "",
            krs_number=(data.get("krs_number") or "").replace(" ", ""),
            name=data.get("name") or "",
            note=data.get("note") or "",
        )
