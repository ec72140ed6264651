"""The founding group's documents, in Polish by default: its composition ("Skład grupy założycielskiej"), with the
founders' names only for those who may see them, and the business plan with its totals."""

from decimal import Decimal

from django.utils.translation import gettext as _

from kooperacja.core.pdf import PdfDocument
from kooperacja.core.text import long_date, short_date
from kooperacja.founding import plan as figures
from kooperacja.founding.models import BusinessPlan, FoundersKind, FoundingGroup, FoundingMember, RegistrationStep


def _pln(value) -> str:
    amount = Decimal(str(value or 0)).quantize(figures.CENT)
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",")


def member_label(member: FoundingMember, *, names: bool) -> str:
    if member.organisation_id:
        return member.organisation.name if member.organisation else ""
    return member.full_name if names else member.entry_code


def composition_pdf(
    group: FoundingGroup, *, members: list[FoundingMember], names: bool, steps: list[RegistrationStep]
) -> bytes:
    launch = group.launch
    document = PdfDocument(_("Composition of the founding group"), subtitle=str(launch.title))
    document.key_values(
        [
            (_("Launched by"), launch.owner.name),
            (_("Municipality"), launch.municipality.name),
            (_("Founders"), str(FoundersKind(group.founders).label)),
            (_("Cooperative model"), group.cooperative_model.name if group.cooperative_model else "—"),
            (_("State"), str(group.get_state_display())),
            (_("Registered cooperative"), group.organisation.name if group.organisation else "—"),
        ]
    )
    document.heading(_("Founders"))
    active = [member for member in members if member.left_on is None]
    document.table(
        [_("No."), _("Founder"), _("Joined on")],
        [
            [str(number), member_label(member, names=names), short_date(member.joined_on)]
            for number, member in enumerate(active, start=1)
        ],
        widths=(12, 120, 40),
    )
    left = [member for member in members if member.left_on is not None]
    if left:
        document.heading(_("Founders who left"))
        document.table(
            [_("Founder"), _("Left on"), _("Reason")],
            [[member_label(member, names=names), short_date(member.left_on), member.leave_reason] for member in left],
            widths=(60, 30, 90),
        )
    if not names:
        document.paragraph(_("Founders are shown by their codes."), small=True)
    if steps:
        document.heading(_("Registration"))
        document.table(
            [_("Step"), _("Date"), _("Details")],
            [
                [str(step.get_kind_display()), long_date(step.done_on), step.krs_number or step.court or step.note]
                for step in steps
            ],
            widths=(60, 40, 80),
        )
    return document.render()


def plan_pdf(plan: BusinessPlan, *, totals: figures.PlanTotals, service_names: dict[str, str]) -> bytes:
    group = plan.group
    document = PdfDocument(_("Business plan"), subtitle=group.proposed_name or str(group.launch.title))
    document.key_values(
        [
            (_("State"), str(plan.get_state_display())),
            (_("Cooperative model"), group.cooperative_model.name if group.cooperative_model else "—"),
            (_("Version"), str(plan.version)),
        ]
    )
    document.heading(_("Services offered"))
    listed = [service_names.get(code, code) for code in plan.services]
    document.paragraph("; ".join(listed) or "—")
    if plan.services_text:
        document.paragraph(plan.services_text)
    document.heading(_("Clients"))
    document.paragraph(plan.clients or "—")
    document.heading(_("Staff"))
    document.table(
        [_("Position"), _("FTE"), _("Monthly pay (PLN)")],
        [[row["position"], row["fte"].replace(".", ","), _pln(row["monthly_pay"])] for row in plan.staff],
        align=("LEFT", "RIGHT", "RIGHT"),
        footer=[_("Total"), str(totals.staff_fte).replace(".", ","), _pln(totals.staff_yearly_pay) + " " + _("a year")],
    )
    years = [_("Year %(year)s") % {"year": year} for year in figures.YEARS]
    for title, lines, categories, by_year in (
        (_("Costs"), plan.costs, figures.CostCategory, totals.costs_by_year),
        (_("Revenue"), plan.revenue, figures.RevenueCategory, totals.revenue_by_year),
    ):
        document.heading(title)
        document.table(
            [_("Category"), *years],
            [
                [str(categories(category).label), *(_pln(amount) for amount in amounts)]
                for category, amounts in lines.items()
            ],
            align=("LEFT", "RIGHT", "RIGHT", "RIGHT"),
            footer=[_("Total"), *(_pln(by_year[year]) for year in figures.YEARS)],
        )
    document.table(
        [_("Result"), *years],
        [[_("Revenue less costs"), *(_pln(totals.result_by_year[year]) for year in figures.YEARS)]],
        align=("LEFT", "RIGHT", "RIGHT", "RIGHT"),
    )
    document.heading(_("Sources of start-up funding"))
    document.table(
        [_("Source"), _("Amount (PLN)")],
        [[str(figures.FundingSource(source).label), _pln(amount)] for source, amount in plan.funding.items()],
        align=("LEFT", "RIGHT"),
        footer=[_("Total"), _pln(totals.funding_total)],
    )
    if totals.labour_fund_limit is not None:
        document.paragraph(
            _("Labour Fund limit: %(limit)s PLN (6 × %(wage)s PLN × %(workplaces)s workplaces).")
            % {
                "limit": _pln(totals.labour_fund_limit),
                "wage": _pln(plan.average_wage),
                "workplaces": plan.labour_fund_workplaces,
            },
            small=True,
        )
    return document.render()
