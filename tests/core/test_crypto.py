"""Bytes encrypted at rest open only with the associated data they were bound to."""

import pytest

from kooperacja.core.crypto import decrypt_bytes, encrypt_bytes


def test_it_encrypts_bytes_with_a_fresh_nonce_and_opens_them_only_for_their_record():
    content = "pesel;imię\n85031412346;Zofia\n".encode()
    first = encrypt_bytes(content, associated_data=b"record-1")
    second = encrypt_bytes(content, associated_data=b"record-1")

    assert first != second and b"85031412346" not in first and b"Zofia" not in first
    assert decrypt_bytes(first, associated_data=b"record-1") == content
    assert decrypt_bytes(second, associated_data=b"record-1") == content
    with pytest.raises(ValueError):
        decrypt_bytes(first, associated_data=b"record-2")


def test_it_refuses_changed_or_foreign_bytes():
    token = encrypt_bytes(b"data", associated_data=b"record-1")
    changed = token[:-1] + bytes([token[-1] ^ 1])
    with pytest.raises(ValueError):
        decrypt_bytes(changed, associated_data=b"record-1")
    with pytest.raises(ValueError):
        decrypt_bytes(b"data", associated_data=b"record-1")
