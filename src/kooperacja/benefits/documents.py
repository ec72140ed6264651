"""The month's list of integration benefits as a PDF to sign and file, with each participant's calculation."""

from datetime import date
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kooperacja.benefits.models import BenefitLine, BenefitMonth
from kooperacja.benefits.steps import STEP_LABELS, labelled
from kooperacja.core.pdf import PdfDocument
from kooperacja.core.text import month_in_sentence


def _zl(value: Decimal) -> str:
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def month_pdf(benefit_month: BenefitMonth, lines: list[BenefitLine]) -> bytes:
    month = month_in_sentence(date(benefit_month.year, benefit_month.month, 1))
    document = PdfDocument(
        _("List of integration benefits: %(month)s") % {"month": month},
        subtitle=_("%(organisation)s · version %(version)s · %(state)s")
        % {
            "organisation": benefit_month.organisation.name,
            "version": benefit_month.version,
            "state": benefit_month.get_state_display(),
        },
        landscape=True,
    )
    rows = []
    for number, line in enumerate(lines, start=1):
        person = line.participation.person
        rows.append(
            [
                str(number),
                f"{person.last_name} {person.first_name}",
                str(line.days_present),
                _zl(line.full_amount),
                _zl(line.deductions),
                _zl(line.benefit),
                _zl(line.bonus),
                _zl(line.social_contributions),
                _zl(line.health_contribution),
                _zl(line.to_pay),
            ]
        )

    def total(name: str) -> str:
        return _zl(sum((getattr(line, name) for line in lines), Decimal(0)))

    document.table(
        [
            _("No."),
            _("Participant"),
            str(STEP_LABELS["days_present"]),
            str(STEP_LABELS["full"]),
            _("Deductions (zł)"),
            str(STEP_LABELS["benefit"]),
            str(STEP_LABELS["bonus"]),
            _("Social insurance contributions (zł)"),
            str(STEP_LABELS["contribution_health"]),
            str(STEP_LABELS["to_pay"]),
        ],
        rows,
        widths=(10, 55, 22, 25, 25, 25, 25, 30, 25, 25),
        align=("RIGHT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        footer=[
            "",
            _("Total"),
            "",
            total("full_amount"),
            total("deductions"),
            total("benefit"),
            total("bonus"),
            total("social_contributions"),
            total("health_contribution"),
            total("to_pay"),
        ],
    )
    document.heading(_("Calculation"))
    for line in lines:
        person = line.participation.person
        document.paragraph(f"{person.last_name} {person.first_name}")
        document.table(
            [_("Step"), _("Value"), _("Basis and assumptions")],
            [[str(step["label"]), str(step["value"]), step["note"]] for step in labelled(line.steps)],
            widths=(70, 35, 162),
        )
    document.signatures([_("Prepared by"), _("Manager of the CIS")])
    return document.render()
