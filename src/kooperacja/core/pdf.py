"""Documents users print, sign and file (an IPZS, a benefit list, a yearly report) as PDF.

A small builder over fpdf2 with the DejaVu Sans fonts shipped in ``core/fonts`` (they have every Polish letter;
PDF's built-in fonts do not), so a document looks the same on every machine and needs nothing from the network.
Callers add blocks in reading order and take the bytes; they pass text already translated.
"""

from collections.abc import Sequence
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
BODY_SIZE = 10
SMALL_SIZE = 8


class _Pages(FPDF):
    """FPDF with the document's title in the footer and "page n of m" on every page."""

    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, size=SMALL_SIZE)
        self.set_text_color(90)
        page = _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(0, 5, self.footer_text, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, page, align="R")
        self.set_text_color(0)


class PdfDocument:
    """One document: a title, then headings, paragraphs, label–value lists, tables and signature lines."""

    def __init__(self, title: str, *, subtitle: str = "", landscape: bool = False) -> None:
        self._pdf = _Pages(orientation="L" if landscape else "P", unit="mm", format="A4")
        self._pdf.footer_text = title
        self._pdf.set_title(title)
        self._pdf.set_creator("Kooperacja")
        self._pdf.set_creation_date(timezone.now())
        self._pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self._pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self._pdf.set_margins(15, 15, 15)
        self._pdf.set_auto_page_break(True, margin=18)
        self._pdf.alias_nb_pages()
        self._pdf.add_page()
        self._pdf.set_font(FAMILY, "B", 15)
        self._pdf.multi_cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
        if subtitle:
            self._pdf.set_font(FAMILY, size=BODY_SIZE)
            self._pdf.multi_cell(0, 5, subtitle, new_x="LMARGIN", new_y="NEXT")
        self._pdf.ln(3)

    def heading(self, text: str) -> "PdfDocument":
        self._pdf.ln(2)
        self._pdf.set_font(FAMILY, "B", 12)
        self._pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        self._pdf.ln(1)
        return self

    def paragraph(self, text: str, *, small: bool = False) -> "PdfDocument":
        self._pdf.set_font(FAMILY, size=SMALL_SIZE if small else BODY_SIZE)
        self._pdf.multi_cell(0, 4 if small else 5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self._pdf.ln(1)
        return self

    def key_values(self, pairs: Sequence[tuple[str, str]]) -> "PdfDocument":
        """Label and value side by side, one pair per row (the head of a form)."""
        self._pdf.set_font(FAMILY, size=BODY_SIZE)
        with self._pdf.table(
            col_widths=(35, 65), first_row_as_headings=False, borders_layout="NONE", line_height=5
        ) as table:
            for label, value in pairs:
                row = table.row()
                row.cell(label, style=FontFace(emphasis="BOLD"))
                row.cell(value or "—")
        self._pdf.ln(2)
        return self

    def table(
        self,
        columns: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        widths: Sequence[float] | None = None,
        align: Sequence[str] | None = None,
        footer: Sequence[str] | None = None,
    ) -> "PdfDocument":
        """A table with a heading row repeated on each page; ``align`` per column ("LEFT", "RIGHT", "CENTER");
        ``footer`` is a totals row set in bold."""
        self._pdf.set_font(FAMILY, size=SMALL_SIZE)
        with self._pdf.table(
            col_widths=tuple(widths) if widths else None,
            text_align=tuple(align) if align else "LEFT",
            headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230)),
            cell_fill_color=(246, 246, 246),
            cell_fill_mode=TableCellFillMode.ROWS,
            line_height=4.5,
            repeat_headings=1,
        ) as table:
            heading = table.row()
            for column in columns:
                heading.cell(column)
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(str(value))
            if footer:
                row = table.row()
                for value in footer:
                    row.cell(str(value), style=FontFace(emphasis="BOLD"))
        self._pdf.ln(2)
        return self

    def signatures(self, labels: Sequence[str]) -> "PdfDocument":
        """Lines to sign on, side by side, each with its label below."""
        self._pdf.ln(14)
        self._pdf.set_font(FAMILY, size=SMALL_SIZE)
        width = (self._pdf.epw - 10 * (len(labels) - 1)) / max(len(labels), 1)
        x, y = self._pdf.l_margin, self._pdf.get_y()
        for label in labels:
            self._pdf.line(x, y, x + width, y)
            self._pdf.set_xy(x, y + 1)
            self._pdf.multi_cell(width, 4, label, align="C")
            x += width + 10
        self._pdf.set_xy(self._pdf.l_margin, y + 10)
        return self

    def render(self) -> bytes:
        return bytes(self._pdf.output())
