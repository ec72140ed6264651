import pytest
from django.core.exceptions import ValidationError
from stdnum.pl import nip, regon

from kooperacja.registry.validators import (
    normalise_krs,
    normalise_nip,
    normalise_postal_code,
    normalise_regon,
    validate_krs,
    validate_nip,
    validate_postal_code,
    validate_regon,
)
from tests.registry.helpers import valid_nip, valid_regon


def test_it_accepts_the_sample_identifiers_that_python_stdnum_accepts():
    assert nip.is_valid("5260250274") and regon.is_valid("123456785")
    validate_nip("5260250274")
    validate_regon("123456785")
    validate_regon("12345678512347")
    validate_krs("0000123456")


@pytest.mark.parametrize("value", ["5260250275", "526025027", "52602502744", "abcdefghij", ""])
def test_it_refuses_an_invalid_nip(value):
    with pytest.raises(ValidationError) as caught:
        validate_nip(value)
    assert caught.value.code == "invalid_nip"


@pytest.mark.parametrize("value", ["123456786", "12345678", "1234567851", "12345678512348", "abc"])
def test_it_refuses_an_invalid_regon(value):
    with pytest.raises(ValidationError) as caught:
        validate_regon(value)
    assert caught.value.code == "invalid_regon"


@pytest.mark.parametrize("value", ["123456", "00001234567", "00001234a6", ""])
def test_it_refuses_a_krs_number_that_is_not_ten_digits(value):
    with pytest.raises(ValidationError) as caught:
        validate_krs(value)
    assert caught.value.code == "invalid_krs"


def test_it_normalises_identifiers_typed_with_separators():
    assert normalise_nip("PL 526-025-02-74") == "5260250274"
    assert normalise_nip("  ") is None
    assert normalise_nip(None) is None
    assert normalise_regon("123 456 785") == "123456785"
    assert normalise_krs("0000-123-456") == "0000123456"
    assert normalise_krs("") is None


def test_it_normalises_and_checks_postal_codes():
    assert normalise_postal_code("86300") == "86-300"
    assert normalise_postal_code(" 86-300 ") == "86-300"
    validate_postal_code("86-300")
    validate_postal_code("")
    for bad in ("8-6300", "86 30", "ab-cde"):
        with pytest.raises(ValidationError):
            validate_postal_code(normalise_postal_code(bad))


def test_it_generates_valid_identifiers_for_tests():
    assert all(nip.is_valid(valid_nip(seed)) for seed in range(10))
    assert all(regon.is_valid(valid_regon(seed)) for seed in range(10))
