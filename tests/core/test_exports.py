"""Exported cells are never read as formulas by a spreadsheet program; CSV as Polish Excel opens it."""

from datetime import date
from decimal import Decimal

import pytest

from kooperacja.core.exports import csv_response, spreadsheet_safe


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://x","y")', "+48 600 100 200", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"],
)
def test_it_prefixes_text_that_a_spreadsheet_would_take_for_a_formula(value):
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Nowak", " =1", "a=b", "", None, -5, Decimal("-1.5"), date(2025, 3, 3)])
def test_it_leaves_other_values_as_they_are(value):
    assert spreadsheet_safe(value) == value


def test_it_writes_csv_for_polish_excel():
    response = csv_response(
        file_name="list.csv",
        header=["Imię", "Nazwisko; pełne", "Od"],
        rows=[['=HYPERLINK("http://x","y")', 'Nowak "Junior"', date(2025, 3, 3)], ["Anna", None, None]],
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="list.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.content.decode("utf-8-sig") == (
        'Imię;"Nazwisko; pełne";Od\r\n"\'=HYPERLINK(""http://x"",""y"")";"Nowak ""Junior""";2025-03-03\r\nAnna;;\r\n'
    )
