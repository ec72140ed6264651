"""PDF documents: Polish text survives into the file, tables break across pages with their heading, and the
page footer counts pages."""

from io import BytesIO

from django.utils import translation
from pypdf import PdfReader

from kooperacja.core.pdf import PdfDocument


def _text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(data)).pages]


def test_polish_letters_are_in_the_document():
    with translation.override("pl"):
        data = (
            PdfDocument("Indywidualny program zatrudnienia socjalnego", subtitle="Zażółć gęślą jaźń")
            .key_values([("Uczestnik", "Łucja Świątek"), ("CIS", "Centrum Integracji Społecznej w Grudziądzu")])
            .paragraph("Źdźbło, ćma i żółw — ŻÓŁW.")
            .signatures(["Kierownik CIS", "Uczestnik"])
            .render()
        )
    assert data.startswith(b"%PDF-")
    (page,) = _text(data)
    for phrase in ("Zażółć gęślą jaźń", "Łucja Świątek", "Źdźbło, ćma i żółw — ŻÓŁW.", "Kierownik CIS", "Strona 1 z 1"):
        assert phrase in page


def test_a_long_table_repeats_its_heading_on_every_page():
    rows = [[str(number), f"Osoba {number}", f"{number},00 zł"] for number in range(1, 201)]
    with translation.override("pl"):
        data = (
            PdfDocument("Lista wypłat")
            .table(["Lp.", "Uczestnik", "Kwota"], rows, widths=(10, 60, 30), footer=["", "Razem", "20 100,00 zł"])
            .render()
        )
    pages = _text(data)
    assert len(pages) > 2
    assert all("Uczestnik" in page for page in pages)
    assert "Osoba 200" in pages[-1] and "Razem" in pages[-1]
    assert f"Strona {len(pages)} z {len(pages)}" in pages[-1]
