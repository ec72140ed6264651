"""The yearly report as a PDF to sign and file, and as an XLSX workbook (figures, notes and — for the staff of
the CIS/KIS — a sheet "Records" naming the records behind each figure by reference, never by name or PESEL)."""

import io
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook

from kooperacja.core.pdf import PdfDocument
from kooperacja.core.text import short_date
from kooperacja.reporting import figures
from kooperacja.reporting.models import AnnualReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def shown_value(row: figures.Row) -> str:
    if row.figure.unit == figures.COUNT:
        return row.value
    return number_format(row.value, decimal_pos=2 if row.figure.unit == figures.MONEY else 1, use_l10n=True)


def title_of(report: AnnualReport) -> str:
    if report.kind == "cis":
        return _("Report of the social integration centre for %(year)s") % {"year": report.year}
    return _("Report of the social integration club for %(year)s") % {"year": report.year}


def header_pairs(report: AnnualReport, header: dict[str, str]) -> list[tuple[str, str]]:
    term = ""
    if header.get("term_start"):
        term = short_date(date.fromisoformat(header["term_start"]))
        if header.get("term_end"):
            term += " – " + short_date(date.fromisoformat(header["term_end"]))
    pairs = [
        (_("Organisation"), header.get("organisation", "")),
        (_("Address"), header.get("address", "")),
        (_("Register number"), header.get("register_number", "")),
        (_("Entry in force"), term),
        (_("Reporting year"), str(report.year)),
        (_("Version"), str(report.version)),
        (_("Status"), str(report.get_status_display())),
    ]
    if report.frozen_at:
        pairs.append((_("Figures frozen"), date_format(timezone.localtime(report.frozen_at), "SHORT_DATETIME_FORMAT")))
    else:
        pairs.append((_("Figures"), _("computed from the records now (draft)")))
    if report.submitted_on:
        pairs.append((_("Submitted on"), short_date(report.submitted_on)))
    return pairs


def report_pdf(report: AnnualReport, values: dict[str, str], header: dict[str, str]) -> bytes:
    document = PdfDocument(
        title_of(report),
        subtitle=_("Generated from the records of Kooperacja; each row names the key of its figure."),
    )
    document.key_values(header_pairs(report, header))
    for title, rows in figures.blocks_of(report.kind, values):
        document.heading(title)
        document.table(
            [_("Figure"), _("Value"), _("Key")],
            [[row.figure.title, shown_value(row), row.figure.key] for row in rows],
            widths=(110, 25, 45),
            align=("LEFT", "RIGHT", "LEFT"),
        )
    document.heading(_("Notes: what the report assumes"))
    for note in figures.notes_for(report.kind):
        document.paragraph(note, small=True)
    document.signatures([_("Prepared by"), _("Manager of the CIS or KIS")])
    return document.render()


def report_xlsx(report: AnnualReport, values: dict[str, str], header: dict[str, str], *, with_records: bool) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Report"))
    for label, value in header_pairs(report, header):
        sheet.append([label, value])
    sheet.append([])
    sheet.append([str(_("Block")), str(_("Key")), str(_("Figure")), str(_("Value"))])
    for title, rows in figures.blocks_of(report.kind, values):
        for row in rows:
            number = int(row.value) if row.figure.unit == figures.COUNT else float(row.value)
            sheet.append([title, row.figure.key, row.figure.title, number])
    notes = workbook.create_sheet(str(_("Notes")))
    for note in figures.notes_for(report.kind):
        notes.append([note])
    if with_records:
        records = workbook.create_sheet(str(_("Records")))
        records.append([str(_("Key")), str(_("Reference"))])
        for figure in figures.figures_for(report.kind):
            for record in figures.records_of(organisation_id=report.organisation_id, year=report.year, figure=figure):
                records.append([figure.key, figures.reference_of(figure, record)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_name(report: AnnualReport, extension: str) -> str:
    return f"sprawozdanie-{report.kind}-{report.year}-v{report.version}.{extension}"
