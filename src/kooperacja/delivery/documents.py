"""The periodic delivery report of a contract and of a municipality, as PDF (``core.pdf``) and XLSX (openpyxl).

Each names its issuer (the commissioning organisation with its address and identifiers from the registry), the
period it covers and the date it was made; both list the plan against what was delivered."""

import io
from collections.abc import Sequence
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook

from kooperacja.core.pdf import PdfDocument
from kooperacja.core.text import long_date, short_date


def _number(value) -> str:
    if value is None:
        return "—"
    return number_format(value, decimal_pos=2 if Decimal(value) % 1 else 0, force_grouping=True)


def _share(value) -> str:
    return "—" if value is None else f"{number_format(value, decimal_pos=1)} %"


def issuer_pairs(organisation) -> list[tuple[str, str]]:
    """The issuer as the registry knows it: name, address and the identifiers it has."""
    if organisation is None:
        return [(_("Issued by"), "Kooperacja")]
    address = ", ".join(
        part for part in (organisation.street, f"{organisation.postal_code} {organisation.city}".strip()) if part
    )
    pairs = [(_("Issued by"), organisation.name)]
    if address:
        pairs.append((_("Address"), address))
    for label, value in ((_("NIP"), organisation.nip), (_("REGON"), organisation.regon), (_("KRS"), organisation.krs)):
        if value:
            pairs.append((label, value))
    return pairs


PERIOD_COLUMNS = (
    gettext_noop("Period"),
    gettext_noop("Planned units"),
    gettext_noop("Delivered units"),
    gettext_noop("Delivered (%)"),
    gettext_noop("People served"),
    gettext_noop("Staff"),
    gettext_noop("Complaints"),
    gettext_noop("Satisfaction"),
    gettext_noop("Status"),
)


def _period_rows(periods) -> list[list]:
    rows = []
    for row in periods:
        report = row.current
        rows.append(
            [
                f"{short_date(row.period.start)} – {short_date(row.period.end)}",
                row.period.planned_units,
                report.units_delivered if report else None,
                report.delivered_share if report else None,
                report.people_served if report else None,
                report.staff_assigned if report else None,
                report.complaints if report else None,
                report.satisfaction if report else None,
                report.get_status_display() if report else _("not reported"),
            ]
        )
    return rows


def contract_pdf(*, facts, summary, periods, indicators, issuer) -> bytes:
    title = _("Delivery report of contract %(number)s") % {"number": facts.label}
    document = PdfDocument(title, subtitle=facts.service_name, landscape=True)
    document.key_values(
        [
            *issuer_pairs(issuer),
            (_("Provider"), facts.provider_name),
            (_("Place of the service"), facts.municipality_name),
            (_("Contract period"), f"{long_date(facts.start_date)} – {long_date(facts.end_date)}"),
            (_("Unit"), facts.unit),
            (_("Made on"), long_date(timezone.localdate())),
        ]
    )
    document.heading(_("Plan and delivery by period"))
    rows = _period_rows(periods)
    document.table(
        [_(name) for name in PERIOD_COLUMNS],
        [
            [
                row[0],
                _number(row[1]),
                _number(row[2]),
                _share(row[3]),
                _number(row[4]),
                _number(row[5]),
                _number(row[6]),
                _number(row[7]),
                row[8],
            ]
            for row in rows
        ],
        align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "LEFT"),
        footer=_summary_footer(summary),
    )
    if indicators:
        document.heading(_("Quality indicators of the service card"))
        document.table(
            [_("Indicator"), _("Unit"), _("Mean of the reports"), _("Reports")],
            [[name, unit, _number(mean), str(count)] for name, unit, mean, count in indicators],
            align=("LEFT", "LEFT", "RIGHT", "RIGHT"),
        )
    document.paragraph(
        _("Delivered units count the submitted and accepted reports; a correction counts once accepted."), small=True
    )
    return document.render()


def _summary_footer(summary) -> Sequence[str] | None:
    if summary is None:
        return None
    return [
        _("Total"),
        _number(summary.planned_reported),
        _number(summary.units_delivered),
        _share(summary.delivered_share),
        _number(summary.people_served),
        "",
        _number(summary.complaints),
        _number(summary.satisfaction),
        "",
    ]


def _xlsx(sheets: list[tuple[str, list[list], list]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, head, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        for row in head:
            sheet.append([str(cell) if cell is not None else "" for cell in row])
        for row in rows:
            sheet.append([float(cell) if isinstance(cell, Decimal) else cell for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def contract_xlsx(*, facts, summary, periods, indicators, issuer) -> bytes:
    head = [
        *[[label, value] for label, value in issuer_pairs(issuer)],
        [_("Contract"), facts.label],
        [_("Service"), facts.service_name],
        [_("Provider"), facts.provider_name],
        [_("Place of the service"), facts.municipality_name],
        [_("Unit"), facts.unit],
        [],
        [_(name) for name in PERIOD_COLUMNS],
    ]
    sheets = [(str(_("Periods")), head, _period_rows(periods))]
    if indicators:
        sheets.append(
            (
                str(_("Indicators")),
                [[_("Indicator"), _("Unit"), _("Mean of the reports"), _("Reports")]],
                [[name, unit, mean, count] for name, unit, mean, count in indicators],
            )
        )
    return _xlsx(sheets)


CONTRACT_COLUMNS = (
    gettext_noop("Contract"),
    gettext_noop("Service"),
    gettext_noop("Provider"),
    gettext_noop("Planned (reported periods)"),
    gettext_noop("Delivered"),
    gettext_noop("Delivered (%)"),
    gettext_noop("People served"),
    gettext_noop("Open alerts"),
)


def _contract_rows(rows) -> list[list]:
    return [
        [
            row.contract.number,
            row.service_type.current_version.name if row.service_type.current_version else row.service_type.code,
            row.provider.name,
            row.planned_reported,
            row.units_delivered,
            row.delivered_share,
            row.people_served,
            row.open_alerts,
        ]
        for row in rows
    ]


def municipality_pdf(*, unit, rows, totals, issuer) -> bytes:
    title = _("Delivery of commissioned services in %(unit)s") % {"unit": unit.name}
    document = PdfDocument(title, subtitle=_("Plan and delivery per contract and per service"), landscape=True)
    document.key_values([*issuer_pairs(issuer), (_("Made on"), long_date(timezone.localdate()))])
    document.heading(_("Per service"))
    document.table(
        [
            _("Service"),
            _("Contracts"),
            _("Planned (reported periods)"),
            _("Delivered"),
            _("Delivered (%)"),
            _("People served"),
            _("Open alerts"),
        ],
        [
            [
                t.label,
                str(t.contracts),
                _number(t.planned_reported),
                _number(t.units_delivered),
                _share(t.delivered_share),
                _number(t.people_served),
                str(t.open_alerts),
            ]
            for t in totals
        ],
        align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
    )
    document.heading(_("Per contract"))
    document.table(
        [_(name) for name in CONTRACT_COLUMNS],
        [
            [r[0], r[1], r[2], _number(r[3]), _number(r[4]), _share(r[5]), _number(r[6]), str(r[7])]
            for r in _contract_rows(rows)
        ],
        align=("LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
    )
    return document.render()


def municipality_xlsx(*, unit, rows, totals, issuer) -> bytes:
    head = [*[[label, value] for label, value in issuer_pairs(issuer)], [_("Municipality"), unit.name], []]
    return _xlsx(
        [
            (
                str(_("Per service")),
                [
                    *head,
                    [
                        _("Service"),
                        _("Contracts"),
                        _("Planned (reported periods)"),
                        _("Delivered"),
                        _("Delivered (%)"),
                        _("People served"),
                        _("Open alerts"),
                    ],
                ],
                [
                    [
                        t.label,
                        t.contracts,
                        t.planned_reported,
                        t.units_delivered,
                        t.delivered_share,
                        t.people_served,
                        t.open_alerts,
                    ]
                    for t in totals
                ],
            ),
            (str(_("Per contract")), [[_(name) for name in CONTRACT_COLUMNS]], _contract_rows(rows)),
        ]
    )
