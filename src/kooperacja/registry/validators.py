"""Polish organisation identifiers and address formats.

Each ``normalise_*`` function turns user input (with spaces, dashes or a "PL" prefix) into the compact
form that is stored, or ``None`` when the input is empty, so that uniqueness constraints ignore blanks.
The ``validate_*`` functions check a compact value and raise a ``ValidationError`` with a clear message.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

KRS_LENGTH = 10
_SEPARATORS = re.compile(r"[\s\-./]+")
_POSTAL_CODE = re.compile(r"^\d{2}-\d{3}$")


def _compact(value) -> str | None:
    if value is None:
        return None
    text = _SEPARATORS.sub("", str(value)).strip()
    return text or None


def normalise_nip(value) -> str | None:
    text = _compact(value)
    if text is None:
        return None
    if text[:2].upper() == "PL":
        text = text[2:]
    return text


def normalise_regon(value) -> str | None:
    return _compact(value)


def normalise_krs(value) -> str | None:
    return _compact(value)


def normalise_postal_code(value) -> str:
    text = (value or "").strip()
    digits = re.sub(r"\D", "", text)
    # "87100" is a common way of typing "87-100"; anything else is kept as typed and then refused.
    if len(digits) == 5 and re.fullmatch(r"\d{2}\s*-?\s*\d{3}", text):
        return f"{digits[:2]}-{digits[2:]}"
    return text


def validate_nip(value: str) -> None:
    if not stdnum_nip.is_valid(value or ""):
        raise ValidationError(
            _("Enter a valid NIP: 10 digits with a correct check digit, e.g. 526-025-02-74."), code="invalid_nip"
        )


def validate_regon(value: str) -> None:
    if not (value and len(value) in (9, 14) and stdnum_regon.is_valid(value)):
        raise ValidationError(
            _("Enter a valid REGON: 9 or 14 digits with a correct check digit."), code="invalid_regon"
        )


def validate_krs(value: str) -> None:
    if not (value and len(value) == KRS_LENGTH and value.isdigit()):
        raise ValidationError(
            _("Enter a valid KRS number: exactly 10 digits, with leading zeros, e.g. 0000123456."),
            code="invalid_krs",
        )


def validate_postal_code(value: str) -> None:
    if value and not _POSTAL_CODE.match(value):
        raise ValidationError(_("Enter a postal code in the form NN-NNN, e.g. 86-300."), code="invalid_postal_code")
