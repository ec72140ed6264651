"""Reading XLSX/CSV files of participants, attendance and staffing needs, and turning each row into the
arguments of a service call. The file is taken whole or not at all: see ``services.import_job_process``."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from kooperacja.training import spreadsheet
from kooperacja.training.models import EligibilityCategory, ImportKind

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024

# The columns of each kind, in template order; required ones first.
COLUMNS: dict[str, tuple[str, ...]] = {
    ImportKind.PARTICIPANTS: (
        "pesel",
        "first_name",
        "last_name",
        "home_municipality",
        "eligibility",
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
    ImportKind.ATTENDANCE: ("pesel", "week_start", "hours"),
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
REQUIRED: dict[str, frozenset[str]] = {
    ImportKind.PARTICIPANTS: frozenset(
        {
            "pesel",
            "first_name",
            "last_name",
            "home_municipality",
            "eligibility",
            "referral_date",
            "plan_reference",
            "plan_signed_on",
            "start_date",
            "planned_end_date",
        }
    ),
    ImportKind.ATTENDANCE: frozenset({"pesel", "week_start", "hours"}),
    ImportKind.NEEDS: frozenset({"service", "position", "headcount", "working_time", "start_date", "municipality"}),
}
WORKING_TIMES = ("full_time", "part_time", "flexible")
TRUE_WORDS = {"1", "tak", "t", "yes", "y", "true", "x"}
FALSE_WORDS = {"", "0", "nie", "n", "no", "false"}


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, encoding, missing columns)."""


@dataclass
class RowError:
    row: int
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass
class ParsedRow:
    number: int
    values: dict[str, Any]
    errors: list[RowError] = field(default_factory=list)


def template_csv(kind: str) -> str:
    """The header line of the template of ``kind`` (UTF-8, semicolon-separated, as Polish Excel saves it)."""
    return ";".join(COLUMNS[kind]) + "\r\n"


# --- reading the file --------------------------------------------------------------------------------


def read_table(content: bytes, file_name: str) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    """The header (lower-case names) and the data rows with their row numbers (the header is row 1).

    The file is read within the limits of :mod:`kooperacja.training.spreadsheet` (columns, cell length,
    rows, unpacked size); breaking one raises :class:`ImportFileError` at once or while rows are read."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 10 MB."))
    name = file_name.lower()
    try:
        if name.endswith(".xlsx"):
            rows = spreadsheet.xlsx_rows(content, max_rows=MAX_ROWS + 1)
        elif name.endswith(".csv") or name.endswith(".txt"):
            rows = spreadsheet.csv_rows(content)
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
            if all(cell is None or str(cell).strip() == "" for cell in row):
                continue
            yield number, list(row)

    return header, data()


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


PARSERS: dict[str, Callable[[Any], Any]] = {
    "referral_date": parse_date,
    "plan_signed_on": parse_date,
    "start_date": parse_date,
    "planned_end_date": parse_date,
    "trial_start": parse_date,
    "trial_end": parse_date,
    "available_from": parse_date,
    "week_start": parse_date,
    "end_date": parse_date,
    "hours": parse_decimal,
    "pay_min": parse_decimal,
    "pay_max": parse_decimal,
    "headcount": parse_int,
    "hours_per_week": parse_int,
    "commute_limit_km": parse_int,
    "consent_to_share": parse_bool,
    "eligibility": parse_choice(EligibilityCategory.values),
    "working_time": parse_choice(WORKING_TIMES),
}


def parse_rows(kind: str, header: list[str], rows: Iterator[tuple[int, list[Any]]]) -> Iterator[ParsedRow]:
    """Each data row as typed values, with an error per cell that cannot be read or is missing."""
    columns = COLUMNS[kind]
    missing = [name for name in sorted(REQUIRED[kind]) if name not in header]
    if missing:
        raise ImportFileError(
            _("The first row must name the columns; missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    positions = {name: header.index(name) for name in columns if name in header}
    count = 0
    for number, cells in rows:
        count += 1
        if count > MAX_ROWS:
            raise ImportFileError(_("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS})
        parsed = ParsedRow(number=number, values={})
        for name in columns:
            raw = cells[positions[name]] if name in positions and positions[name] < len(cells) else None
            if raw is None or _text(raw) == "":
                if name in REQUIRED[kind]:
                    parsed.errors.append(RowError(number, name, _("This value is required.")))
                parsed.values[name] = False if name == "consent_to_share" else None
                continue
            parser = PARSERS.get(name)
            try:
                parsed.values[name] = parser(raw) if parser else _text(raw)
            except ValueError as exc:
                parsed.errors.append(RowError(number, name, str(exc)))
        yield parsed
