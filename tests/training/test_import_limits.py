"""Files built to exhaust the worker (decompression bombs, rows of millions of cells, sheets declaring a
size of 16,384 × 1,048,576) are refused with one message, in little memory. Each bomb is built here,
small on disk."""

import io
import struct
import tracemalloc
import zlib
from xml.sax.saxutils import escape

import pytest
from openpyxl.utils import get_column_letter

from kooperacja.training import services
from kooperacja.training.imports import COLUMNS, MAX_ROWS
from kooperacja.training.models import ImportJob, ImportKind, ImportStatus, Participation
from tests.training.factories import make_pesel

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
PEAK_LIMIT_MB = 100
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"


# --- building files ----------------------------------------------------------------------------------


def _participant(pesel: str) -> list[str]:
    values = {
        "pesel": pesel,
        "first_name": "Ewa",
        "last_name": "Limitowana",
        "home_municipality": "0462011",
        "eligibility": "homeless",
        "exclusions": "none",
        "referral_date": "2025-02-10",
        "plan_reference": "IPZS/3",
        "plan_signed_on": "2025-02-28",
        "start_date": "2025-03-03",
        "planned_end_date": "2025-12-31",
    }
    return [values.get(column, "") for column in COLUMNS["participants"]]


def _workbook_parts(*sheets: list[list[str]]) -> dict[str, bytes]:
    """The parts of a workbook as Excel writes it: every text of every sheet in the shared strings."""
    strings: dict[str, int] = {}

    def index(text: str) -> int:
        return strings.setdefault(text, len(strings))

    relationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {}
    for number, rows in enumerate(sheets, start=1):
        xml_rows = []
        for row_number, row in enumerate(rows, start=1):
            cells = "".join(
                f'<c r="{get_column_letter(column)}{row_number}" t="s"><v>{index(text)}</v></c>'
                for column, text in enumerate(row, start=1)
                if text != ""
            )
            xml_rows.append(f'<row r="{row_number}">{cells}</row>')
        parts[f"xl/worksheets/sheet{number}.xml"] = _sheet("".join(xml_rows))
    items = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    parts[STRINGS] = f'<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'.encode()
    sheet_types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    parts["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        f"{sheet_types}</Types>"
    ).encode()
    parts["_rels/.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{relationship}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ).encode()
    parts["xl/workbook.xml"] = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{relationship}"><sheets>'
        + "".join(f'<sheet name="Arkusz{n}" sheetId="{n}" r:id="rId{n}"/>' for n in range(1, len(sheets) + 1))
        + "</sheets></workbook>"
    ).encode()
    parts["xl/_rels/workbook.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{n}" Type="{relationship}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(sheets) + 1)
        )
        + f'<Relationship Id="rIdS" Type="{relationship}/sharedStrings" Target="sharedStrings.xml"/>'
        + "</Relationships>"
    ).encode()
    return parts


def _repeated(head: str, block: str, times: int, tail: str) -> tuple[bytes, int, int]:
    """A raw deflate stream of head + block × times + tail, its unpacked size and CRC, built without ever
    holding the expansion: after a full flush the compressor has forgotten everything, so each block
    compresses to the same bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head_bytes, block_bytes, tail_bytes = head.encode(), block.encode(), tail.encode()
    start = compressor.compress(head_bytes) + compressor.flush(zlib.Z_FULL_FLUSH)
    once = compressor.compress(block_bytes) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(block_bytes) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert once == again
    end = compressor.compress(tail_bytes) + compressor.flush()
    crc = zlib.crc32(head_bytes)
    for _ in range(times):
        crc = zlib.crc32(block_bytes, crc)
    size = len(head_bytes) + len(block_bytes) * times + len(tail_bytes)
    return start + once * times + end, size, zlib.crc32(tail_bytes, crc)


def _zip(parts: dict[str, bytes | tuple[bytes, int, int]]) -> bytes:
    """A zip of plain parts (deflated here) and of ready deflate streams (see :func:`_repeated`), whose
    headers state their sizes honestly."""
    out = io.BytesIO()
    directory = []
    for name, part in parts.items():
        if isinstance(part, bytes):
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            data, size, crc = compressor.compress(part) + compressor.flush(), len(part), zlib.crc32(part)
        else:
            data, size, crc = part
        encoded, offset = name.encode(), out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0))
        out.write(encoded + data)
        entry = (b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0, 0, 0, 0, 0, offset)
        directory.append(struct.pack("<4s6H3L5H2L", *entry) + encoded)
    start = out.tell()
    out.write(b"".join(directory))
    out.write(
        struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(directory), len(directory), out.tell() - start, start, 0)
    )
    return out.getvalue()


def _xlsx(parts: dict[str, bytes | tuple[bytes, int, int]] | None = None, **replace) -> bytes:
    """A participants workbook (a header and one good row) with some of its parts replaced."""
    base = _workbook_parts([list(COLUMNS["participants"]), _participant(make_pesel())])
    return _zip({**base, **(parts or {}), **replace})


def _sheet(rows_xml: str, *, dimension: str = "A1") -> bytes:
    return (
        f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData></worksheet>'
    ).encode()


def _inline_row(number: int, values: list[str]) -> str:
    cells = "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in values if value != "")
    return f'<row r="{number}">{cells}</row>'


# --- running an import ---------------------------------------------------------------------------------


def _process(world, capture, name: str, content: bytes) -> tuple[ImportJob, float]:
    """Upload ``content`` and process it as the worker does; the job and the peak memory (MB) meanwhile."""
    with capture(execute=False):
        job = services.import_job_create(
            actor=world.user("pzs_staff"),
            kind=ImportKind.PARTICIPANTS,
            organisation=world.org_a,
            file_name=name,
            content=content,
            language="en",
        )
    tracemalloc.start()
    try:
        services.import_job_process(job_id=job.pk)
        peak = tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()
    job.refresh_from_db()
    return job, peak


def _refused(job: ImportJob) -> str:
    assert job.status == ImportStatus.REJECTED and job.content_encrypted is None
    assert len(job.errors) == 1 and job.errors[0]["row"] == 1
    return job.errors[0]["message"]


# --- XLSX ----------------------------------------------------------------------------------------------


def test_it_refuses_a_shared_strings_bomb(world, django_capture_on_commit_callbacks):
    strings = _repeated(f'<sst xmlns="{MAIN}">', ("<si><t>" + "x" * 1000 + "</t></si>") * 1000, 1000, "</sst>")
    content = _xlsx({STRINGS: strings})
    assert len(content) < 3 * MB and strings[1] > 10**9  # 1 GB of shared strings in a small file

    job, peak = _process(world, django_capture_on_commit_callbacks, "bomb.xlsx", content)

    assert _refused(job) == "The file expands to more than 64 MB when unpacked; it is not a normal spreadsheet."
    assert peak < PEAK_LIMIT_MB


def test_it_refuses_a_row_of_millions_of_cells(world, django_capture_on_commit_callbacks):
    sheet = _repeated(
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">',
        "<c><v>1</v></c>" * 100_000,
        25,
        "</row></sheetData></worksheet>",
    )
    content = _xlsx({SHEET: sheet})
    assert len(content) < MB and sheet[1] > 35 * MB  # 2.5 million cells

    job, peak = _process(world, django_capture_on_commit_callbacks, "wide.xlsx", content)

    assert _refused(job) == "Row 1 has more than 50 columns."
    assert peak < PEAK_LIMIT_MB


def test_it_refuses_a_value_beyond_column_ax(world, django_capture_on_commit_callbacks):
    header = _inline_row(1, list(COLUMNS["participants"]))
    rows = header + '<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c><c r="AY2"><v>1</v></c></row>'
    job, _peak = _process(world, django_capture_on_commit_callbacks, "ay.xlsx", _xlsx({SHEET: _sheet(rows)}))
    assert _refused(job) == "Row 2 has more than 50 columns."


def test_it_reads_only_the_cells_of_a_sparse_sheet_that_declares_the_largest_size(
    world, django_capture_on_commit_callbacks
):
    """openpyxl would pad every row to 16,384 columns and yield 1,048,576 rows; the declared size is ignored."""
    rows = _inline_row(1, list(COLUMNS["participants"])) + _inline_row(3, _participant(make_pesel()))
    content = _xlsx({SHEET: _sheet(rows, dimension="A1:XFD1048576")})

    job, peak = _process(world, django_capture_on_commit_callbacks, "sparse.xlsx", content)

    assert job.status == ImportStatus.DONE and job.rows_done == 1, job.errors
    assert Participation.objects.filter(person__last_name="Limitowana").count() == 1
    assert peak < PEAK_LIMIT_MB


def test_it_refuses_a_value_far_below_the_last_row_read(world, django_capture_on_commit_callbacks):
    rows = (
        _inline_row(1, list(COLUMNS["participants"]))
        + _inline_row(2, _participant(make_pesel()))
        + '<row r="900000" s="1" customFormat="1"/>'  # a formatted empty row is no reason to refuse
        + _inline_row(1048576, ["x"])
    )
    content = _xlsx({SHEET: _sheet(rows, dimension="A1:XFD1048576")})

    job, peak = _process(world, django_capture_on_commit_callbacks, "far.xlsx", content)

    assert _refused(job) == (
        "Row 1048576 is below row 200001, the last one read; delete the rows below your data or split the file."
    )
    assert peak < PEAK_LIMIT_MB


def test_it_refuses_more_rows_than_an_import_takes(world, django_capture_on_commit_callbacks):
    sheet = _repeated(
        f'<worksheet xmlns="{MAIN}"><sheetData>',
        "<row><c><v>1</v></c></row>",
        MAX_ROWS["participants"] + 2,
        "</sheetData></worksheet>",
    )
    job, peak = _process(world, django_capture_on_commit_callbacks, "long.xlsx", _xlsx({SHEET: sheet}))
    assert _refused(job) == "The file has more than 200000 rows; split it."
    assert peak < PEAK_LIMIT_MB


def test_it_refuses_more_shared_strings_than_the_first_sheet_has_cells(world, django_capture_on_commit_callbacks):
    strings = _repeated(f'<sst xmlns="{MAIN}">', "<si><t>a</t></si>", 20_000, "</sst>")
    job, peak = _process(world, django_capture_on_commit_callbacks, "texts.xlsx", _xlsx({STRINGS: strings}))
    assert _refused(job) == (
        "The workbook holds more texts than its first sheet has cells; it is not a normal spreadsheet."
    )
    assert peak < PEAK_LIMIT_MB


def test_it_refuses_a_long_cell_naming_its_row_but_not_a_long_text_on_another_sheet(
    world, django_capture_on_commit_callbacks
):
    long_text = "Długi opis " * 100  # 1,100 characters
    rows = [list(COLUMNS["participants"])] + [_participant(make_pesel()) for _ in range(5)]
    with_notes = _zip(_workbook_parts(rows, [["Instrukcja"], [long_text]]))
    job, _peak = _process(world, django_capture_on_commit_callbacks, "notes.xlsx", with_notes)
    assert job.status == ImportStatus.DONE and job.rows_done == 5, job.errors

    rows.append(_participant(make_pesel()))
    rows[6][COLUMNS["participants"].index("plan_reference")] = long_text  # row 7
    job, _peak = _process(world, django_capture_on_commit_callbacks, "long.xlsx", _zip(_workbook_parts(rows)))
    assert _refused(job) == "A cell in row 7 is longer than 1,000 characters."


def test_it_refuses_a_part_other_than_the_sheet_beyond_2_mb(world, django_capture_on_commit_callbacks):
    styles = _repeated('<styleSheet xmlns="' + MAIN + '">', "<!-- padding -->" * 1000, 200, "</styleSheet>")
    job, peak = _process(world, django_capture_on_commit_callbacks, "styles.xlsx", _xlsx({"xl/styles.xml": styles}))
    assert _refused(job) == "The file expands to more than 2 MB when unpacked; it is not a normal spreadsheet."
    assert peak < PEAK_LIMIT_MB


def test_it_refuses_a_zip_of_too_many_parts(world, django_capture_on_commit_callbacks):
    content = _xlsx({f"xl/media/image{number}.png": b"" for number in range(600)})
    job, _peak = _process(world, django_capture_on_commit_callbacks, "parts.xlsx", content)
    assert _refused(job) == "The file is made of more than 500 parts; it is not a normal spreadsheet."


def test_it_refuses_a_sheet_with_an_entity_declaration(world, django_capture_on_commit_callbacks):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData><row><c t="inlineStr"><is><t>&b;</t></is></c></row></sheetData>'
        "</worksheet>"
    )
    job, _peak = _process(world, django_capture_on_commit_callbacks, "laughs.xlsx", _xlsx({SHEET: laughs.encode()}))
    assert _refused(job) == "The file has an unusual structure; it is not a normal spreadsheet."


# --- CSV -----------------------------------------------------------------------------------------------


def _csv(*lines: str) -> bytes:
    return "\r\n".join(lines).encode()


HEADER = ";".join(COLUMNS["participants"])


def test_it_refuses_a_csv_line_of_millions_of_separators(world, django_capture_on_commit_callbacks):
    content = _csv(HEADER, ";" * 9_000_000)
    job, peak = _process(world, django_capture_on_commit_callbacks, "wide.csv", content)
    assert job.status == ImportStatus.REJECTED and job.content_encrypted is None
    assert [error["message"] for error in job.errors] == ["Row 2 has more than 50 columns."]
    assert peak < PEAK_LIMIT_MB


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("a" * 1001, "A cell in row 3 is longer than 1,000 characters."),
        ('"' + "a" * 1001 + '"', "A cell in row 3 is longer than 1,000 characters."),
        ('"' + "a\n" * 30_000 + '"', "A cell in row 3 is longer than 1,000 characters."),
        (";".join(f'"{n};"' for n in range(51)), "Row 3 has more than 50 columns."),
    ],
    ids=["long-cell", "long-quoted-cell", "quoted-cell-over-many-lines", "51-quoted-cells"],
)
def test_it_refuses_csv_rows_over_the_limits_naming_the_row(world, django_capture_on_commit_callbacks, line, message):
    content = _csv(HEADER, ";".join(_participant(make_pesel())), line)
    job, _peak = _process(world, django_capture_on_commit_callbacks, "people.csv", content)
    assert job.status == ImportStatus.REJECTED
    assert [error["message"] for error in job.errors] == [message]


def test_it_imports_a_csv_cell_with_separators_inside_quotes(world, django_capture_on_commit_callbacks):
    values = _participant(make_pesel())
    values[COLUMNS["participants"].index("plan_reference")] = '"IPZS' + ";" * 40 + '"'  # 57 separators in the line
    job, _peak = _process(world, django_capture_on_commit_callbacks, "people.csv", _csv(HEADER, ";".join(values)))
    assert job.status == ImportStatus.DONE, job.errors
    assert Participation.objects.get().plan_reference == "IPZS" + ";" * 40
