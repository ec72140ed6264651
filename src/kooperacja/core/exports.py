"""Data exports that are safe to open in a spreadsheet program.

Text that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is taken by Excel,
LibreOffice and Google Sheets for a formula: a participant's name imported as ``=HYPERLINK(...)`` would
become a link, or worse, in the spreadsheet of whoever downloads the list ("CSV injection"). Such values are
stored as they were typed and shown as text in the pages (templates escape them); every export passes each
cell through :func:`spreadsheet_safe`, which prefixes such text with a single quote, as OWASP recommends.

Dates in exports stay ISO (2026-11-25): an export is a machine file that a spreadsheet reads as a date in any
locale and sorts correctly, while every page shows dates in the user's language (long in sentences, 25.11.2026
in tables; see ``kooperacja/formats/pl/formats.py``).
"""

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """``value`` as a spreadsheet cell that is never read as a formula: text starting like one gets a
    leading single quote. Numbers, dates and None are left as they are (``csv`` writes None as empty)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(*, file_name: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """A CSV download as Polish Excel opens it: UTF-8 with a byte order mark, cells separated by
    semicolons, lines ended by CRLF; every cell made :func:`spreadsheet_safe`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(str(title)) for title in header])
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
