"""Password and API-key hashes for `users[]`, in a format the config accepts.

Why scrypt from the standard library: it is memory-hard, needs no compiled dependency on a
NAS, and its encoded form (`$scrypt$ln=..,r=..,p=..$salt$hash`) is self-describing, so the
cost can be raised later without breaking stored hashes. argon2 and bcrypt hashes made by
other tools are accepted by the config too; verifying them arrives with the API.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

_LOG2_N, _R, _P = 15, 8, 1
_MAXMEM = 64 * 1024 * 1024
_SCRYPT = re.compile(r"^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=2**_LOG2_N, r=_R, p=_P, maxmem=_MAXMEM, dklen=32
    )
    return f"$scrypt$ln={_LOG2_N},r={_R},p={_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    """True when `password` matches an scrypt hash made by `hash_password`."""
    match = _SCRYPT.match(encoded)
    if match is None:
        return False
    log2_n, r, p = (int(match.group(i)) for i in (1, 2, 3))
    if log2_n > 20 or r > 32 or p > 16:
        return False  # refuse parameters that would exhaust memory on a NAS
    salt, expected = base64.b64decode(match.group(4)), base64.b64decode(match.group(5))
    digest = hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=2**log2_n,
        r=r,
        p=p,
        maxmem=256 * 1024 * 1024,
        dklen=len(expected),
    )
    return hmac.compare_digest(digest, expected)


def new_api_key() -> tuple[str, str]:
    """A fresh random API key and the hash to put in the config."""
    key = secrets.token_urlsafe(32)
    return key, hash_api_key(key)


def hash_api_key(key: str) -> str:
    """API keys are long and random, so one SHA-256 is enough and keeps requests fast."""
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()
