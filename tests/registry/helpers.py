"""Valid identifiers and ready-made organisation data for the registry tests."""

from stdnum.pl import nip, regon

from tests.factories import GRUDZIADZ


def valid_nip(seed: int) -> str:
    """A valid NIP derived from ``seed`` (some seeds give a check digit of 10, which no NIP can have)."""
    for offset in range(20):
        base = f"{(526025027 + seed * 7 + offset) % 10**9:09d}"
        for digit in "0123456789":
            if nip.is_valid(base + digit):
                return base + digit
    raise AssertionError("no valid NIP found")


def valid_regon(seed: int) -> str:
    base = f"{(12345678 + seed * 13) % 10**8:08d}"
    return base + regon.calc_check_digit(base)


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
