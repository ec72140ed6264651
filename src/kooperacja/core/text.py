"""Polish text helpers: accent-folded search keys, a sort key in Polish alphabetical order, and dates and numbers
written into sentences."""

import unicodedata
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

_POLISH_ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
# Each letter becomes one character whose code point follows the Polish order, so that a plain
# binary ORDER BY on the stored key (SQLite, PostgreSQL "C" collation alike) sorts like a dictionary.
_SORT_MAP = {letter: chr(0x100 + index) for index, letter in enumerate(_POLISH_ALPHABET)}


def fold(text: str) -> str:
    """Lower-case, without diacritics: "Łódź" -> "lodz". Used for search."""
    lowered = text.casefold().replace("ł", "l")
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def polish_sort_key(text: str) -> str:
    return "".join(_SORT_MAP.get(ch, ch) for ch in text.casefold())


def short_date(value) -> str:
    """A date as it reads in a sentence of the active language (25.11.2026 in Polish)."""
    return date_format(value, "SHORT_DATE_FORMAT")


def long_date(value) -> str:
    """A date in a sentence of the active language: "30 listopada 2026" in Polish."""
    return date_format(value, "DATE_FORMAT")


def long_datetime(value) -> str:
    """A moment in a sentence, in local time: "30 listopada 2026, 14:05" in Polish."""
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def recorded_date(value) -> str:
    """A date written into stored text (a note of an event), the same in every language: "25.11.2026"."""
    return value.strftime("%d.%m.%Y")


def parse_iso_date(value):
    """A date kept as ISO text ("2026-11-30", in JSON) as a date; anything else unchanged."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def month_in_sentence(value) -> str:
    """A month and its year inside a sentence: "listopad 2026" in Polish (month names are not capitalised there),
    "November 2026" in English."""
    label = date_format(value, "YEAR_MONTH_FORMAT")
    return label[:1].lower() + label[1:] if get_language().startswith("pl") else label


def plain_number(value) -> str:
    """A decimal without trailing zeros: 30.00 -> "30", 32.5 -> "32.5"."""
    return format(value.normalize(), "f")
