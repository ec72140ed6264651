"""Encryption of sensitive identifiers (PESEL) at rest, with a blind index for exact lookup.

Values are encrypted with AES-256-GCM under a key derived from ``FIELD_ENCRYPTION_KEY``; a random
nonce makes equal values encrypt differently. Exact search uses a separate HMAC-SHA256 of the value
(the blind index), so the database can answer "who has this PESEL" without holding it in clear.
"""

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_NONCE_BYTES = 12
_FORMAT = "v1"


def _derive(purpose: bytes) -> bytes:
    return hmac.new(settings.FIELD_ENCRYPTION_KEY.encode(), purpose, hashlib.sha256).digest()


def encrypt(value: str) -> str:
    nonce = os.urandom(_NONCE_BYTES)
    ciphertext = AESGCM(_derive(b"encryption")).encrypt(nonce, value.encode(), _FORMAT.encode())
    return f"{_FORMAT}:{base64.urlsafe_b64encode(nonce + ciphertext).decode()}"


def decrypt(token: str) -> str:
    version, _sep, payload = token.partition(":")
    if version != _FORMAT:
        raise ValueError("unknown encryption format")
    raw = base64.urlsafe_b64decode(payload.encode())
    nonce, ciphertext = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
    return AESGCM(_derive(b"encryption")).decrypt(nonce, ciphertext, _FORMAT.encode()).decode()


def blind_index(value: str) -> str:
    return hmac.new(_derive(b"blind-index"), value.encode(), hashlib.sha256).hexdigest()
