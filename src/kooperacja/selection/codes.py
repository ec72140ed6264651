"""The access code of an entry: what a candidate types to see their own result and to appeal. It has 100 bits of
entropy, so a plain SHA-256 of it is enough to store; the plain code is shown once, when the entry is made."""

import hashlib
import hmac
import re
import secrets

# 20 symbols of a 32-letter alphabet without look-alikes: 100 bits, typed in groups of five.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 20


def normalise_code(code: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", (code or "").upper())


def hash_code(code: str) -> str:
    return hashlib.sha256(f"selection-access:{normalise_code(code)}".encode()).hexdigest()


def new_access_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
    return "-".join(raw[i : i + 5] for i in range(0, CODE_LENGTH, 5))


def code_matches(code: str, digest: str) -> bool:
    return hmac.compare_digest(hash_code(code), digest)
