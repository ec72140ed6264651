"""The ranking as a PDF (Polish by default: the criteria with their weights, the tie rule, the rows) and as an
XLSX workbook. Entry names follow the host's ``entry_label`` for the reader: the code for those who may not see
personal data."""

import io

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook

from kooperacja.core.exports import spreadsheet_safe
from kooperacja.core.pdf import PdfDocument

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _when(value) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else ""


def _decimal(value) -> str:
    return f"{value:.2f}".replace(".", ",")


def ranking_pdf(*, selection, ranking, rows, criteria, labels, tie_rule_text, host_label) -> bytes:
    document = PdfDocument(
        _("Ranking: %(title)s") % {"title": selection.title},
        subtitle=f"{host_label}. {selection.owner.name}" if host_label else selection.owner.name,
        landscape=len(criteria) > 3,
    )
    pairs = [
        (_("Ranking version"), str(ranking.number)),
        (_("Computed at"), _when(ranking.computed_at)),
        (_("Places"), str(ranking.places)),
        (_("Minimum total"), _decimal(ranking.threshold) if ranking.threshold is not None else _("none")),
        (_("Tie rule"), f"{ranking.get_tie_rule_display()}. {tie_rule_text}"),
        (_("Appeals until"), _when(selection.appeal_deadline)),
        (_("Digest of the inputs (SHA-256)"), ranking.inputs_digest),
    ]
    if selection.lot_seed and ranking.tie_rule == "lot":
        pairs.append((_("Seed of the lot"), selection.lot_seed))
    document.key_values(pairs)
    document.heading(_("Criteria"))
    document.table(
        [_("No."), _("Criterion"), _("Weight"), _("Maximum points")],
        [
            [str(number), criterion.name, _decimal(criterion.weight), str(criterion.max_points)]
            for number, criterion in enumerate(criteria, start=1)
        ],
        widths=(12, 110, 25, 30),
    )
    document.paragraph(
        _("Total = the sum over the criteria of weight × the mean of the assessors' points, rounded to 2 places."),
        small=True,
    )
    document.heading(_("Ranking"))
    document.table(
        [_("Position"), _("Entry"), *[criterion.name for criterion in criteria], _("Total"), _("Selected"), _("Tie")],
        [
            [
                str(row.position),
                labels[row.entry_id],
                *[_decimal(mean) for _criterion, mean in row.shown_means],
                _decimal(row.total),
                _("yes") if row.selected else (_("no (below the minimum)") if row.below_threshold else _("no")),
                row.tie_text,
            ]
            for row in rows
        ],
    )
    return document.render()


def ranking_xlsx(*, selection, ranking, rows, criteria, labels) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Ranking")[:31]
    sheet.append([spreadsheet_safe(selection.title)])
    sheet.append([_("Ranking version"), ranking.number, _("Digest of the inputs (SHA-256)"), ranking.inputs_digest])
    sheet.append([])
    sheet.append(
        [
            _("Position"),
            _("Code"),
            _("Entry"),
            *[spreadsheet_safe(c.name) for c in criteria],
            _("Total"),
            _("Selected"),
            _("Tie"),
        ]
    )
    for row in rows:
        sheet.append(
            [
                row.position,
                row.entry.code,
                spreadsheet_safe(labels[row.entry_id]),
                *[float(mean) for _criterion, mean in row.shown_means],
                float(row.total),
                _("yes") if row.selected else _("no"),
                spreadsheet_safe(row.tie_text),
            ]
        )
    criteria_sheet = workbook.create_sheet(_("Criteria")[:31])
    criteria_sheet.append([_("No."), _("Criterion"), _("Weight"), _("Maximum points")])
    for number, criterion in enumerate(criteria, start=1):
        criteria_sheet.append([number, spreadsheet_safe(criterion.name), float(criterion.weight), criterion.max_points])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
