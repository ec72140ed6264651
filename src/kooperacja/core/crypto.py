"""Encryption of sensitive identifiers (PESEL) and files at rest, with a blind index for exact lookup.

Values are encrypted with AES-256-GCM under a key derived from ``FIELD_ENCRYPTION_KEY``; a random
nonce makes equal values encrypt differently. Exact search uses a separate HMAC-SHA256 of the value
(the blind index), so the database can answer "who has this PESEL" without holding it in clear.

Files (an uploaded spreadsheet waiting to be imported) are encrypted as bytes under their own derived
key, bound to the record that holds them by associated data: a blob copied to another record does not
decrypt there.
"""

import base64
import functools
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_NONCE_BYTES = 12
_FORMAT = "v1"
_FORMAT_BYTES = _FORMAT.encode()
_BYTES_FORMAT = b"kb1:"


def _derive(purpose: bytes) -> bytes:
    return _derived(settings.FIELD_ENCRYPTION_KEY, purpose)


@functools.lru_cache(maxsize=16)
def _derived(secret: str, purpose: bytes) -> bytes:
    # Keyed by the secret itself, so a changed setting (tests, a rotated key) derives afresh.
    return hmac.new(secret.encode(), purpose, hashlib.sha256).digest()


@functools.lru_cache(maxsize=4)
def _cipher(secret: str) -> AESGCM:
    return AESGCM(_derived(secret, b"encryption"))


def encrypt(value: str) -> str:
    nonce = os.urandom(_NONCE_BYTES)
    ciphertext = _cipher(settings.FIELD_ENCRYPTION_KEY).encrypt(nonce, value.encode(), _FORMAT_BYTES)
    return f"{_FORMAT}:{base64.urlsafe_b64encode(nonce + ciphertext).decode()}"


def decrypt(token: str) -> str:
    version, _sep, payload = token.partition(":")
    if version != _FORMAT:
        raise ValueError("unknown encryption format")
    raw = base64.urlsafe_b64decode(payload.encode())
    nonce, ciphertext = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
    return _cipher(settings.FIELD_ENCRYPTION_KEY).decrypt(nonce, ciphertext, _FORMAT_BYTES).decode()


def encrypt_bytes(value: bytes, *, associated_data: bytes) -> bytes:
    """``value`` encrypted with a random nonce; only ``decrypt_bytes`` with the same ``associated_data``
    (e.g. the public id of the record holding it) opens it again."""
    nonce = os.urandom(_NONCE_BYTES)
    ciphertext = AESGCM(_derive(b"bytes-encryption")).encrypt(nonce, value, _BYTES_FORMAT + associated_data)
    return _BYTES_FORMAT + nonce + ciphertext


def decrypt_bytes(token: bytes, *, associated_data: bytes) -> bytes:
    """The bytes given to :func:`encrypt_bytes`; raises ``ValueError`` when the token is not ours or
    was encrypted for other associated data (or under another key)."""
    if not token.startswith(_BYTES_FORMAT):
        raise ValueError("unknown encryption format")
    raw = token[len(_BYTES_FORMAT) :]
    nonce, ciphertext = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
    try:
        return AESGCM(_derive(b"bytes-encryption")).decrypt(nonce, ciphertext, _BYTES_FORMAT + associated_data)
    except InvalidTag:
        raise ValueError("the encrypted bytes do not belong here or were changed") from None


def blind_index(value: str) -> str:
    return hmac.digest(_derive(b"blind-index"), value.encode(), "sha256").hex()
