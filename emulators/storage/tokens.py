"""Signed-URL tokens: HS256 JWTs naming one object and when they expire, as Storage issues."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from emulators.storage.state import StorageError

_HEADER = {"alg": "HS256", "typ": "JWT"}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _encode(part: dict[str, Any]) -> str:
    return _b64(json.dumps(part, separators=(",", ":")).encode())


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _invalid(message: str) -> StorageError:
    return StorageError(400, "InvalidJWT", message)


def sign(secret: bytes, url: str, now: float, expires_in: int) -> str:
    """Return a token that grants reading `url` (`bucket/path`) for `expires_in` seconds."""
    claims = {"url": url, "iat": int(now), "exp": int(now) + expires_in}
    head = f"{_encode(_HEADER)}.{_encode(claims)}"
    mac = hmac.new(secret, head.encode(), hashlib.sha256).digest()
    return f"{head}.{_b64(mac)}"


def check(secret: bytes, token: str, url: str, now: float) -> None:
    """Raise the API's error unless `token` is ours, unexpired and names `url`."""
    parts = token.split(".")
    if len(parts) != 3:
        raise _invalid("jwt malformed")
    expected = hmac.new(secret, f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256).digest()
    try:
        valid = hmac.compare_digest(expected, _unb64(parts[2]))
        claims: dict[str, Any] = json.loads(_unb64(parts[1]))
    except (ValueError, TypeError):
        raise _invalid("jwt malformed") from None
    if not valid:
        raise _invalid("invalid signature")
    if not isinstance(claims.get("exp"), int) or claims["exp"] <= now:
        raise _invalid("jwt expired")
    if claims.get("url") != url:
        raise StorageError(400, "InvalidSignature", "The url do not match the signature")
