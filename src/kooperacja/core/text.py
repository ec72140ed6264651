"""Polish text helpers: accent-folded search keys and a sort key in Polish alphabetical order."""

import unicodedata

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
