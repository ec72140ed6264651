"""Valid identifiers and ready-made organisation data for the registry tests."""

from stdnum.pl import nip, regon

from kooperacja.demo.builders import identifier_with_check_digit
from tests.factories import GRUDZIADZ


def valid_nip(seed: int) -> str:
    """A valid NIP derived from ``seed``."""
    return identifier_with_check_digit((526025027 + seed * 7) % 10**9, nip.is_valid)


def valid_regon(seed: int) -> str:
    return identifier_with_check_digit(12345678 + seed * 13, regon.is_valid)


def organisation_data(**overrides) -> dict:
    data = {
        "name": "Fundacja Wsparcia Rodziny",
        "short_name": "FWR",
        "kind": "ngo",
        "nip": "526-025-02-74",
        "regon": "123456785",
        "krs": "0000123456",
        "street": "ul. Toruńska 5",
        "postal_code": "86-300",
        "city": "Grudziądz",
        "municipality": GRUDZIADZ,
        "email": "biuro@fundacja.example.org",
        "phone": "+48 56 123 45 67",
        "website": "https://fundacja.example.org",
        "description": "Wsparcie rodzin.",
        "is_active": True,
    }
    data.update(overrides)
    return data
