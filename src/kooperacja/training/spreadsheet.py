"""Reading uploaded XLSX and CSV files within fixed limits, in little memory whatever the file holds.

An XLSX file is a zip of XML parts: a few kilobytes can unpack to gigabytes, hold one row of millions of
cells, or declare a sheet of 16,384 columns by 1,048,576 rows that openpyxl pads with empty cells. So
before openpyxl reads anything, the zip is checked part by part by unpacking it as a stream and counting
the bytes really produced (the sizes written in the zip are not trusted), and the worksheets and the
shared strings are scanned with expat in constant memory. Only then does openpyxl read the first
worksheet, with its declared size ignored and at most ``MAX_COLUMNS`` columns. A CSV file is read line
by line under the same row limits before ``csv`` builds a row.

Every refusal is a :class:`SpreadsheetRefused` carrying one message for the uploader.
"""

import csv
import io
import operator
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any
from xml.parsers import expat

from django.utils.formats import number_format
from django.utils.translation import gettext as _

MB = 1024 * 1024
MAX_COLUMNS = 50  # A..AX
MAX_CELL_CHARS = 1_000
# The parts of an XLSX file and how far each may unpack.
MAX_PARTS = 500
# A sheet of a million attendance rows unpacks to about 150 MB (parts are unpacked as streams, never whole).
MAX_SHEET_BYTES = 256 * MB
MAX_STRINGS_BYTES = 64 * MB
MAX_PART_BYTES = 2 * MB
MAX_MEDIA_BYTES = 10 * MB  # pictures and embedded files, which openpyxl does not read
MAX_UNPACKED_BYTES = 320 * MB
# Shared strings beyond the cells of the first sheet: other sheets of a normal workbook (lists of values).
EXTRA_SHARED_STRINGS = 10_000
# Elements of a worksheet outside its rows (column widths, merged cells, links, ...), elements of one row
# or of one shared string (its cells and what they hold), and characters of one text outside the cells.
MAX_SHEET_ELEMENTS = 50_000
MAX_ROW_ELEMENTS = 20 * MAX_COLUMNS
MAX_TEXT_RUN = 64 * 1024
# A CSV row: its cells, their separators and quotes.
MAX_CSV_ROW_CHARS = MAX_COLUMNS * (MAX_CELL_CHARS + 3)

_CHUNK = 64 * 1024
_BLOCK_CHARS = 1024 * 1024
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _SHEET_DATA, _SI, _T, _V, _IS = (_MAIN + name for name in ("row", "sheetData", "si", "t", "v", "is"))
_CELL_REFERENCE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


class SpreadsheetRefused(Exception):
    """The file is not read; the message says why, for the uploader."""


class _StopScan(Exception):
    """The scan has seen what it needed."""


# --- messages ----------------------------------------------------------------------------------------


def _unreadable() -> SpreadsheetRefused:
    return SpreadsheetRefused(_("The file is not a readable XLSX workbook."))


def _unusual() -> SpreadsheetRefused:
    return SpreadsheetRefused(_("The file has an unusual structure; it is not a normal spreadsheet."))


def _too_big(limit: int) -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _("The file expands to more than %(size)s MB when unpacked; it is not a normal spreadsheet.")
        % {"size": limit // MB}
    )


def _too_many_parts() -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _("The file is made of more than %(max)s parts; it is not a normal spreadsheet.") % {"max": MAX_PARTS}
    )


def _too_many_strings() -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _("The workbook holds more texts than its first sheet has cells; it is not a normal spreadsheet.")
    )


def _too_many_rows(max_rows: int) -> SpreadsheetRefused:
    return SpreadsheetRefused(_("The file has more than %(max)s rows; split it.") % {"max": max_rows})


def _row_beyond(row: int, last: int) -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _("Row %(row)s is below row %(last)s, the last one read; delete the rows below your data or split the file.")
        % {"row": row, "last": last}
    )


def _too_many_columns(row: int) -> SpreadsheetRefused:
    return SpreadsheetRefused(_("Row %(row)s has more than %(max)s columns.") % {"row": row, "max": MAX_COLUMNS})


def _cell_too_long(row: int) -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _("A cell in row %(row)s is longer than %(max)s characters.")
        % {"row": row, "max": number_format(MAX_CELL_CHARS, force_grouping=True)}
    )


# --- XLSX --------------------------------------------------------------------------------------------


def xlsx_rows(content: bytes, *, max_rows: int, counted: dict[str, int] | None = None) -> Iterator[list[Any]]:
    """The rows of the first worksheet (row 1 first), each as a list of at most ``MAX_COLUMNS`` values.

    Refuses the file at once when it breaks a limit; ``max_rows`` is the number of rows read, the header
    included. ``counted["rows"]`` is set to the number of rows that hold a value."""
    _check_zip_directory(content)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError):
        raise _unreadable() from None
    with archive:
        if len(archive.infolist()) > MAX_PARTS:
            raise _too_many_parts()
        _check_unpacked_sizes(archive)
        sheets, strings_path = _workbook_parts(content)
        strings = _StringsScan(limit=max_rows * MAX_COLUMNS + EXTRA_SHARED_STRINGS)
        if strings_path is not None:
            _scan(archive, strings_path, strings)
        for path in sheets[1:]:
            # openpyxl reads the start of every sheet (up to its rows) to learn its size.
            _scan(archive, path, _SheetScan(max_rows=max_rows, strings=strings, head_only=True))
        first = _SheetScan(max_rows=max_rows, strings=strings, head_only=False)
        _scan(archive, sheets[0], first)
        if strings.count > max(first.value_rows, 1) * max(first.widest, 1) + EXTRA_SHARED_STRINGS:
            raise _too_many_strings()
        if counted is not None:
            counted["rows"] = first.value_rows
    return _openpyxl_rows(content, max_rows=max_rows)


def _check_zip_directory(content: bytes) -> None:
    """Refuse a zip whose directory lists too many parts before ``zipfile`` builds an entry for each."""
    end = content.rfind(b"PK\x05\x06", max(0, len(content) - 22 - 0xFFFF))
    if end < 0 or len(content) - end < 22:
        raise _unreadable()
    _sig, _disk, _start_disk, _here, parts, directory_size, _offset, _comment = struct.unpack(
        "<4s4H2LH", content[end : end + 22]
    )
    zip64 = end >= 20 and content[end - 20 : end - 16] == b"PK\x06\x07"
    if zip64 or parts > MAX_PARTS or directory_size > MAX_PARTS * 1024:
        raise _too_many_parts()


def _part_limit(name: str) -> int:
    if name.startswith("xl/worksheets/") and name.endswith(".xml") and "/_rels/" not in name:
        return MAX_SHEET_BYTES
    if name == "xl/sharedStrings.xml":
        return MAX_STRINGS_BYTES
    if name.startswith(("xl/media/", "xl/embeddings/")):
        return MAX_MEDIA_BYTES
    return MAX_PART_BYTES


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo | str, limit: int) -> Iterator[bytes]:
    """A part unpacked as a stream, refused as soon as it grows beyond ``limit`` bytes."""
    size = 0
    try:
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise _too_big(limit)
                yield chunk
    except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError, OSError, KeyError, ValueError):
        raise _unreadable() from None


def _check_unpacked_sizes(archive: zipfile.ZipFile) -> None:
    total = 0
    for info in archive.infolist():
        for chunk in _chunks(archive, info, _part_limit(info.filename)):
            total += len(chunk)
            if total > MAX_UNPACKED_BYTES:
                raise _too_big(MAX_UNPACKED_BYTES)


def _workbook_parts(content: bytes) -> tuple[list[str], str | None]:
    """The paths of the worksheets in the order openpyxl gives them, and of the shared strings: found the
    way ``openpyxl.load_workbook`` finds them, from parts whose size is already checked."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.xml.constants import SHARED_STRINGS

    try:
        reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
        try:
            reader.read_manifest()
            reader.read_workbook()
            sheets = [
                rel.target
                for _sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            ]
            strings = reader.package.find(SHARED_STRINGS)
        finally:
            reader.archive.close()
    except Exception:  # noqa: BLE001 - any unreadable workbook is one user error
        raise _unreadable() from None
    if not sheets:
        raise _unreadable()
    return sheets, strings.PartName[1:] if strings is not None else None


def _scan(archive: zipfile.ZipFile, path: str, handler: "_Scan") -> None:
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = handler.refuse_doctype
    parser.EntityDeclHandler = handler.refuse_doctype
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.text
    try:
        for chunk in _chunks(archive, path, MAX_SHEET_BYTES):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _StopScan:
        return
    except (expat.ExpatError, ValueError):
        raise _unreadable() from None


class _Scan:
    """expat handlers that count what openpyxl would build in memory from one part."""

    def __init__(self):
        self.depth = 0
        self.run = 0  # characters since the last tag, outside what the subclass counts itself

    def refuse_doctype(self, *args) -> None:
        raise _unusual()

    # The element and text handlers, one set per part scanned.
    def start(self, name: str, attributes: dict) -> None:
        raise NotImplementedError

    def end(self, name: str) -> None:
        raise NotImplementedError

    def text(self, data: str) -> None:
        raise NotImplementedError

    def _opened(self, attributes: dict) -> None:
        self.depth += 1
        self.run = 0
        if any(len(value) > MAX_TEXT_RUN for value in attributes.values()):
            raise _unusual()

    def _text_run(self, data: str) -> None:
        self.run += len(data)
        if self.run > MAX_TEXT_RUN:
            raise _unusual()


class _StringsScan(_Scan):
    """The shared strings: how many, and which are longer than a cell may be (other sheets may hold
    long texts; a cell of the first sheet that uses one is refused with its row)."""

    def __init__(self, *, limit: int):
        super().__init__()
        self.limit = limit
        self.count = 0
        self.long: set[int] = set()
        self.other_elements = 0
        self._string_depth: int | None = None
        self._elements = 0
        self._chars = 0
        self._in_text = 0

    def start(self, name: str, attributes: dict) -> None:
        self._opened(attributes)
        if self._string_depth is not None:
            self._elements += 1
            if self._elements > MAX_ROW_ELEMENTS:
                raise _unusual()
            if name == _T:
                self._in_text += 1
        elif name == _SI:
            self.count += 1
            if self.count > self.limit:
                raise _too_many_strings()
            self._string_depth, self._elements, self._chars = self.depth, 0, 0
        else:
            self.other_elements += 1
            if self.other_elements > MAX_SHEET_ELEMENTS:
                raise _unusual()

    def end(self, name: str) -> None:
        if self._string_depth == self.depth:
            if self._chars > MAX_CELL_CHARS:
                self.long.add(self.count - 1)
            self._string_depth = None
        elif self._string_depth is not None and name == _T:
            self._in_text -= 1
        self.depth -= 1
        self.run = 0

    def text(self, data: str) -> None:
        if self._in_text:
            self._chars += len(data)
        else:
            self._text_run(data)


class _SheetScan(_Scan):
    """A worksheet as openpyxl's reader walks it: rows (``r`` or the next number), the cells of each
    row (``r`` or the next column), what each cell holds. ``head_only`` stops at the rows: openpyxl
    reads only that far of the sheets it does not import."""

    def __init__(self, *, max_rows: int, strings: _StringsScan, head_only: bool):
        super().__init__()
        self.max_rows = max_rows
        self.strings = strings
        self.head_only = head_only
        self.other_elements = 0
        self.value_rows = 0
        self.widest = 0
        self.row = 0
        self._row_depth: int | None = None
        self._row_elements = 0
        self._row_has_value = False
        self._column = 0
        self._cell_depth: int | None = None
        self._cell_type = "n"
        self._cell_chars = 0
        self._cell_has_value = False
        self._in_value = 0
        self._index = ""

    def start(self, name: str, attributes: dict) -> None:
        self._opened(attributes)
        if self._row_depth is not None:
            self._row_elements += 1
            if self._row_elements > MAX_ROW_ELEMENTS:
                raise _too_many_columns(self.row)
            if self._cell_depth is None and self.depth == self._row_depth + 1:
                self._start_cell(attributes)
            elif name in (_V, _T):
                self._in_value += 1
            elif name == _IS:
                self._cell_has_value = True
        elif name == _ROW:
            self._start_row(attributes)
        else:
            if name == _SHEET_DATA and self.head_only:
                raise _StopScan
            self.other_elements += 1
            if self.other_elements > MAX_SHEET_ELEMENTS:
                raise _unusual()

    def _start_row(self, attributes: dict) -> None:
        number = attributes.get("r")
        if number is None:
            self.row += 1
        else:
            value = float(number)  # ValueError: unreadable, as for openpyxl
            if not value.is_integer():
                raise _unreadable()
            self.row = int(value)
        self._row_depth, self._row_elements, self._row_has_value, self._column = self.depth, 0, False, 0

    def _start_cell(self, attributes: dict) -> None:
        reference = attributes.get("r")
        if reference:
            match = _CELL_REFERENCE.match(reference)
            if match is None:
                raise _unreadable()
            column = 0
            for letter in match.group(1).upper():
                column = column * 26 + ord(letter) - ord("A") + 1
            self._column = column
        else:
            self._column += 1
        self._cell_depth, self._cell_type = self.depth, attributes.get("t", "n")
        self._cell_chars, self._cell_has_value, self._index = 0, False, ""

    def end(self, name: str) -> None:
        if self._cell_depth == self.depth:
            self._end_cell()
        elif self._row_depth == self.depth:
            self._end_row()
        elif self._cell_depth is not None and name in (_V, _T):
            self._in_value -= 1
        self.depth -= 1
        self.run = 0

    def _end_cell(self) -> None:
        self._cell_depth = None
        self._in_value = 0
        if not self._cell_has_value:
            return
        if self._column > MAX_COLUMNS:
            raise _too_many_columns(self.row)
        if self._cell_type == "s":
            if not self._index.strip().isdigit():
                raise _unreadable()
            index = int(self._index)
            if index >= self.strings.count:
                raise _unreadable()
            if index in self.strings.long:
                raise _cell_too_long(self.row)
        self._row_has_value = True
        self.widest = max(self.widest, self._column)

    def _end_row(self) -> None:
        self._row_depth = None
        if not self._row_has_value:
            return  # an empty (formatted) row: openpyxl reads no further than max_rows
        self.value_rows += 1
        if self.value_rows > self.max_rows:
            raise _too_many_rows(self.max_rows - 1)
        if self.row > self.max_rows:
            raise _row_beyond(self.row, self.max_rows)

    def text(self, data: str) -> None:
        if self._cell_depth is None:
            self._text_run(data)
            return
        self._cell_chars += len(data)
        if self._cell_chars > MAX_CELL_CHARS:
            raise _cell_too_long(self.row)
        if self._in_value and data.strip():
            self._cell_has_value = True
            if self._cell_type == "s":
                self._index += data


def _openpyxl_rows(content: bytes, *, max_rows: int) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the declared size may be 16,384 columns by 1,048,576 rows
        rows = sheet.iter_rows(max_row=max_rows, max_col=MAX_COLUMNS, values_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook is one user error
        raise _unreadable() from None
    return _closing(workbook, rows)


def _closing(workbook, rows) -> Iterator[list[Any]]:
    try:
        for row in rows:
            yield list(row)
    except Exception:  # noqa: BLE001 - a cell openpyxl cannot read makes the workbook unreadable
        raise _unreadable() from None
    finally:
        workbook.close()


# --- CSV ---------------------------------------------------------------------------------------------


def csv_rows(content: bytes) -> Iterator[list[str]]:
    """The rows of a UTF-8 CSV file separated by semicolons or commas (whichever the first line has more
    of), each refused before ``csv`` builds it when it would hold more than ``MAX_COLUMNS`` cells or a
    cell longer than ``MAX_CELL_CHARS``."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetRefused(_("The CSV file is not UTF-8 text; save it as “CSV UTF-8”.")) from None
    newline = text.find("\n")
    first_line = text[: newline if newline >= 0 else len(text)]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    return _csv_rows(text, delimiter)


def _csv_rows(text: str, delimiter: str) -> Iterator[list[str]]:
    lines = _BoundedLines(text, delimiter)
    reader = csv.reader(lines, delimiter=delimiter)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise SpreadsheetRefused(
                _("Row %(row)s of the CSV file cannot be read; save the file again as “CSV UTF-8”.")
                % {"row": lines.row}
            ) from None
        if len(row) > MAX_COLUMNS:
            raise _too_many_columns(lines.row)
        if row and max(map(len, row)) > MAX_CELL_CHARS:
            raise _cell_too_long(lines.row)
        yield row
        lines.next_row()


class _BoundedLines:
    """The lines of a CSV text for ``csv.reader``, refusing a row (which may span lines inside quotes) of
    too many separators or characters before the reader builds it.

    Until the first quote, whole blocks of lines are checked at once (a row is a line then) and given to the
    reader as they are; a block breaking a limit, and everything after a quote, is read line by line."""

    def __init__(self, text: str, delimiter: str):
        self.text = text
        self.delimiter = delimiter
        self.position = 0
        self.row = 1  # the row being read; the header is row 1
        self._chars = self._delimiters = 0
        self._quoted = False
        self._quotes_seen = False
        self._slow_until = 0

    def next_row(self) -> None:
        self.row += 1
        self._chars = self._delimiters = 0
        self._quoted = False

    def __iter__(self) -> Iterator[str]:
        text, size = self.text, len(self.text)
        count = operator.methodcaller("count", self.delimiter)
        while self.position < size:
            if not self._quotes_seen and self.position >= self._slow_until:
                end = (
                    size
                    if size - self.position <= _BLOCK_CHARS
                    else text.rfind("\n", self.position, self.position + _BLOCK_CHARS) + 1
                )
                if end > self.position:
                    block = text[self.position : end]
                    if '"' in block:
                        self._quotes_seen = True
                    else:
                        lines = block.split("\n")
                        if not lines[-1]:
                            lines.pop()  # the block ends with a newline
                        if max(map(len, lines)) < MAX_CSV_ROW_CHARS and max(map(count, lines)) < MAX_COLUMNS:
                            self.position = end
                            yield from lines
                            continue
                        self._slow_until = end
            yield self._line()

    def _line(self) -> str:
        end = self.text.find("\n", self.position)
        end = len(self.text) if end < 0 else end + 1
        line = self.text[self.position : end]
        self.position = end
        self._chars += len(line)
        self._delimiters += line.count(self.delimiter)
        self._quoted = self._quoted or '"' in line
        # Separators inside quotes do not part cells: then the row's length bounds its cells.
        if self._delimiters >= MAX_COLUMNS and not self._quoted:
            raise _too_many_columns(self.row)
        if self._chars > MAX_CSV_ROW_CHARS:
            raise _too_many_columns(self.row) if self._delimiters >= MAX_COLUMNS else _cell_too_long(self.row)
        return line
