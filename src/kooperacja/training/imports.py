"""Reading XLSX/CSV files of participants, attendance and staffing needs as batches of typed columns.

The file is streamed: rows are read in batches of ``BATCH_ROWS``, each column of a batch is parsed at once
(each distinct value once: dates, numbers and choices repeat a lot), and the importer of the kind checks the
batch with reference data it read once per file. The file is taken whole or not at all: see
``services.import_jobs``.
"""

import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _

from kooperacja.training import spreadsheet
from kooperacja.training.models import EligibilityCategory, Exclusion, ImportKind

# Rows per file: what a whole voivodeship sends at once, with room to spare (a country has about 100,000
# participants; a voivodeship's CIS and KIS report a few months of daily attendance in about 2 million rows).
# An XLSX sheet holds at most 1,048,576 rows; larger attendance files come as CSV.
MAX_ROWS: dict[str, int] = {
    ImportKind.PARTICIPANTS: 200_000,
    ImportKind.ATTENDANCE: 2_000_000,
    ImportKind.NEEDS: 100_000,
}
# An upload: 2 million attendance rows are about 60 MB of CSV.
MAX_MB = 100
MAX_BYTES = MAX_MB * 1024 * 1024
BATCH_ROWS = 5_000
# At most this many row errors are listed (with row, column and reason); the rest are counted per column.
MAX_LISTED_ERRORS = 10_000

# The columns of each kind, in template order; required ones first.
COLUMNS: dict[str, tuple[str, ...]] = {
    ImportKind.PARTICIPANTS: (
        "pesel",
        "first_name",
        "last_name",
        "home_municipality",
        "eligibility",
        "exclusions",
        "referral_date",
        "plan_reference",
        "plan_signed_on",
        "start_date",
        "planned_end_date",
        "trial_start",
        "trial_end",
        "phone",
        "email",
        "commute_limit_km",
        "available_from",
        "working_time",
        "consent_to_share",
    ),
    ImportKind.ATTENDANCE: ("pesel", "day", "kind", "hours"),
    ImportKind.NEEDS: (
        "service",
        "position",
        "headcount",
        "required_qualifications",
        "working_time",
        "hours_per_week",
        "start_date",
        "end_date",
        "municipality",
        "pay_min",
        "pay_max",
        "conditions",
    ),
}
# The header of each column in the templates: Polish, as the people who fill the files speak. A file may name
# a column by this header or by its code (the files of earlier templates and programs use the codes); error
# reports name the column by this header.
HEADERS: dict[str, str] = {
    "pesel": "PESEL",
    "first_name": "imię",
    "last_name": "nazwisko",
    "home_municipality": "gmina zamieszkania",
    "eligibility": "kategorie uczestnictwa",
    "exclusions": "wyłączenia",
    "referral_date": "data skierowania",
    "plan_reference": "numer IPZS",
    "plan_signed_on": "data podpisania IPZS",
    "start_date": "data rozpoczęcia",
    "planned_end_date": "planowana data zakończenia",
    "trial_start": "początek okresu próbnego",
    "trial_end": "koniec okresu próbnego",
    "phone": "telefon",
    "email": "e-mail",
    "commute_limit_km": "dojazd do km",
    "available_from": "dostępny od",
    "working_time": "wymiar czasu pracy",
    "consent_to_share": "zgoda na udostępnienie",
    "day": "dzień",
    "kind": "rodzaj",
    "hours": "godziny",
    "service": "usługa",
    "position": "stanowisko",
    "headcount": "liczba osób",
    "required_qualifications": "wymagane kwalifikacje",
    "hours_per_week": "godzin tygodniowo",
    "end_date": "data zakończenia",
    "municipality": "gmina",
    "pay_min": "wynagrodzenie od",
    "pay_max": "wynagrodzenie do",
    "conditions": "warunki",
}


def header_of(column: str) -> str:
    """The column as the template names it (the code itself for a column no template has)."""
    return HEADERS.get(column, column)


def _header_key(text: str) -> str:
    return " ".join(text.split()).lower()


def column_codes(header: list[str], headers: dict[str, str] | None = None) -> list[str]:
    """The file's header cells as column codes: a template header or a code, in any case and spacing."""
    known = {_header_key(label): code for code, label in (HEADERS if headers is None else headers).items()}
    return [known.get(_header_key(cell), _header_key(cell)) for cell in header]


REQUIRED: dict[str, frozenset[str]] = {
    ImportKind.PARTICIPANTS: frozenset(
        {
            "pesel",
            "first_name",
            "last_name",
            "home_municipality",
            "eligibility",
            "exclusions",
            "referral_date",
            "plan_reference",
            "plan_signed_on",
            "start_date",
            "planned_end_date",
        }
    ),
    ImportKind.ATTENDANCE: frozenset({"pesel", "day"}),
    ImportKind.NEEDS: frozenset({"service", "position", "headcount", "working_time", "start_date", "municipality"}),
}
WORKING_TIMES = ("full_time", "part_time", "flexible")
TRUE_WORDS = {"1", "tak", "t", "yes", "y", "true", "x"}
# The "exclusions" cell: one of these words confirms that no benefit of art. 1 ust. 3 applies.
NONE_WORDS = frozenset({"none", "brak", "nie dotyczy"})
EXCLUSIONS_NONE = "none"
# Several codes in one cell: "homeless, alcohol" or "homeless; alcohol" (a CSV cell with ";" is quoted).
CODE_SEPARATORS = str.maketrans({";": ",", "|": ","})
FALSE_WORDS = {"", "0", "nie", "n", "no", "false"}


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, encoding, missing columns)."""


@dataclass
class RowError:
    row: int
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "column": header_of(self.field), "message": self.message}


@dataclass
class Batch:
    """Consecutive data rows of a file as typed columns: ``values[name][i]`` is the value of column ``name``
    in the row numbered ``numbers[i]`` (None where empty or unreadable). Rows with an error are in ``bad``."""

    numbers: list[int]
    values: dict[str, list[Any]]
    errors: list[RowError] = field(default_factory=list)
    bad: set[int] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.numbers)

    def error(self, index: int, column: str, message: str) -> None:
        self.errors.append(RowError(self.numbers[index], column, message))
        self.bad.add(index)


def template_csv(kind: str) -> str:
    """The header line of the template of ``kind`` (UTF-8, semicolon-separated, as Polish Excel saves it)."""
    return ";".join(header_of(column) for column in COLUMNS[kind]) + "\r\n"


# --- reading the file --------------------------------------------------------------------------------


def upload_name_checked(file_name: str, content: bytes) -> str:
    """The uploaded file's name, once what no import takes is refused: another type, an empty file, a file over
    MAX_MB. Every import (participants, attendance, needs, delivery reports) checks its upload here."""
    name = (file_name or "").strip()
    if not name.lower().endswith((".xlsx", ".csv", ".txt")):
        raise ValidationError({"file": _("Upload an XLSX or CSV file.")})
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    if len(content) > MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than %(size)s MB.") % {"size": MAX_MB}})
    return name[:255]


def too_many_rows(max_rows: int) -> ImportFileError:
    return ImportFileError(_("The file has more than %(max)s rows; split it.") % {"max": max_rows})


def read_table(
    content: bytes, file_name: str, *, max_rows: int
) -> tuple[list[str], Iterator[tuple[int, list[Any]]], int]:
    """The header (lower-case names), the data rows with their row numbers (the header is row 1) and how
    many data rows the file is expected to hold (for progress; blank rows are skipped when read).

    The file is read within the limits of :mod:`kooperacja.training.spreadsheet` (columns, cell length,
    rows, unpacked size); breaking one raises :class:`ImportFileError` at once or while rows are read."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(size)s MB.") % {"size": MAX_MB})
    name = file_name.lower()
    counted: dict[str, int] = {}
    try:
        if name.endswith(".xlsx"):
            rows = spreadsheet.xlsx_rows(content, max_rows=max_rows + 1, counted=counted)
            expected = counted.get("rows", 1) - 1
        elif name.endswith(".csv") or name.endswith(".txt"):
            rows = spreadsheet.csv_rows(content)
            expected = content.count(b"\n") + (0 if content.endswith(b"\n") else 1) - 1
        else:
            raise ImportFileError(_("Upload an XLSX or CSV file."))
    except spreadsheet.SpreadsheetRefused as exc:
        raise ImportFileError(str(exc)) from None
    rows = _refusals_as_import_errors(rows)
    try:
        header_row = next(rows)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    header = [str(cell or "").strip().lower() for cell in header_row]

    def data() -> Iterator[tuple[int, list[Any]]]:
        for number, row in enumerate(rows, start=2):
            for cell in row:
                if cell is not None and (cell.__class__ is not str or cell.strip()):
                    yield number, row
                    break

    return header, data(), max(expected, 0)


def _refusals_as_import_errors(rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
    try:
        yield from rows
    except spreadsheet.SpreadsheetRefused as exc:
        raise ImportFileError(str(exc)) from None


# --- cell parsers ------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if len(text) == 10 and text[4] == "-":
        try:
            return date.fromisoformat(text)  # the usual form, fast
        except ValueError:
            pass
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError(_("Enter a date as YYYY-MM-DD or DD.MM.YYYY."))


def parse_decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(_text(value).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("Enter a number.")) from None


def parse_int(value: Any) -> int | None:
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueError(_("Enter a whole number."))
    return int(number)


def parse_bool(value: Any) -> bool:
    text = _text(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(_("Enter “tak” or “nie”."))


def parse_choice(choices) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = _text(value).lower()
        if text not in choices:
            raise ValueError(_("Use one of: %(choices)s.") % {"choices": ", ".join(choices)})
        return text

    return parse


def parse_codes(choices, *, none_words: frozenset[str] = frozenset()) -> Callable[[Any], tuple[str, ...]]:
    """A cell of one or more codes separated by commas or semicolons (``(EXCLUSIONS_NONE,)`` for a word of
    ``none_words``); an unknown code is an error naming it. Repeats are left to the rules (they say why)."""
    allowed = frozenset(choices)

    def parse(value: Any) -> tuple[str, ...]:
        text = _text(value).lower()
        if text in none_words:
            return (EXCLUSIONS_NONE,)
        codes = tuple(code.strip() for code in text.translate(CODE_SEPARATORS).split(",") if code.strip())
        unknown = [code for code in codes if code not in allowed]
        if unknown:
            raise ValueError(
                _("Unknown code %(codes)s; use one or more of: %(choices)s.")
                % {"codes": ", ".join(unknown), "choices": ", ".join(choices)}
            )
        return codes

    return parse


PARSERS: dict[str, Callable[[Any], Any]] = {
    "referral_date": parse_date,
    "plan_signed_on": parse_date,
    "start_date": parse_date,
    "planned_end_date": parse_date,
    "trial_start": parse_date,
    "trial_end": parse_date,
    "available_from": parse_date,
    "day": parse_date,
    "end_date": parse_date,
    "hours": parse_decimal,
    "pay_min": parse_decimal,
    "pay_max": parse_decimal,
    "headcount": parse_int,
    "hours_per_week": parse_int,
    "commute_limit_km": parse_int,
    "consent_to_share": parse_bool,
    "eligibility": parse_codes(EligibilityCategory.values),
    "exclusions": parse_codes([*Exclusion.values, "none"], none_words=NONE_WORDS),
    "working_time": parse_choice(WORKING_TIMES),
}


# --- batches of typed columns ------------------------------------------------------------------------


class _Failed:
    """A cell that cannot be read, and why."""

    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message


# Parsed cells are kept per distinct value, up to this many per column (then the memory starts afresh).
_MEMO_LIMIT = 50_000


@dataclass(frozen=True)
class FileSpec:
    """The columns of a kind of file another app imports: their codes in template order, the required ones,
    the parser of each typed column and the template's header of each."""

    columns: tuple[str, ...]
    required: frozenset[str]
    parsers: dict[str, Callable[[Any], Any]]
    headers: dict[str, str]


class BatchReader:
    """The data rows of one file in batches of typed columns. Each distinct cell of a parsed column (a date,
    a number, a choice) is parsed once per file; text columns are trimmed in one pass.

    ``kind`` is a training import's kind; another app's file gives its own ``spec`` instead."""

    def __init__(
        self,
        kind: str,
        header: list[str],
        *,
        max_rows: int,
        batch_rows: int | None = None,
        spec: FileSpec | None = None,
    ):
        self.columns = spec.columns if spec else COLUMNS[kind]
        self.required = spec.required if spec else REQUIRED[kind]
        self.parsers = spec.parsers if spec else PARSERS
        headers = spec.headers if spec else HEADERS
        header = column_codes(header, headers)
        missing = [name for name in self.columns if name in self.required and name not in header]
        if missing:
            raise ImportFileError(
                _("The first row must name the columns; missing: %(columns)s.")
                % {"columns": ", ".join(headers.get(name, name) for name in missing)}
            )
        self.positions = {name: header.index(name) for name in self.columns if name in header}
        self.width = max(self.positions.values()) + 1
        self.max_rows = max_rows
        self.batch_rows = batch_rows or BATCH_ROWS
        self.rows_read = 0
        self._memo: dict[str, dict[Any, Any]] = {name: {} for name in self.columns if name in self.parsers}

    def batches(self, rows: Iterator[tuple[int, list[Any]]]) -> Iterator[Batch]:
        numbers: list[int] = []
        cells: list[list[Any]] = []
        for number, row in rows:
            self.rows_read += 1
            if self.rows_read > self.max_rows:
                raise too_many_rows(self.max_rows)
            if len(row) < self.width:
                row = row + [None] * (self.width - len(row))
            numbers.append(number)
            cells.append(row)
            if len(numbers) >= self.batch_rows:
                yield self.parse(numbers, cells)
                numbers, cells = [], []
        if numbers:
            yield self.parse(numbers, cells)

    def parse(self, numbers: list[int], cells: list[list[Any]]) -> Batch:
        batch = Batch(numbers=numbers, values={})
        for name in self.columns:
            position = self.positions.get(name)
            raw = list(map(operator.itemgetter(position), cells)) if position is not None else [None] * len(cells)
            if name in self.parsers:
                batch.values[name] = self._parsed(batch, name, raw)
            else:
                batch.values[name] = self._texts(batch, name, raw)
        return batch

    def _texts(self, batch: Batch, name: str, raw: list[Any]) -> list[Any]:
        values = [cell.strip() if cell.__class__ is str else _text(cell) for cell in raw]
        if name in self.required and not all(values):
            for index, value in enumerate(values):
                if not value:
                    batch.error(index, name, _("This value is required."))
        if "\x00" in "".join(values):
            for index, value in enumerate(values):
                if "\x00" in value:
                    batch.error(index, name, str(ProhibitNullCharactersValidator.message))
                    values[index] = ""
        return [value or None for value in values]

    def _parsed(self, batch: Batch, name: str, raw: list[Any]) -> list[Any]:
        memo = self._memo[name]
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        distinct = set(raw)
        for cell in distinct.difference(memo):
            memo[cell] = self._parse_cell(name, cell)
        values = list(map(memo.__getitem__, raw))
        if any(memo[cell].__class__ is _Failed for cell in distinct):
            for index, value in enumerate(values):
                if value.__class__ is _Failed:
                    batch.error(index, name, value.message)
                    values[index] = None
        return values

    def _parse_cell(self, name: str, cell: Any) -> Any:
        if cell is None or _text(cell) == "":
            if name in self.required:
                return _Failed(_("This value is required."))
            return False if name == "consent_to_share" else None
        try:
            return self.parsers[name](cell)
        except ValueError as exc:
            return _Failed(str(exc))
