"""One error tree for NoFOMO.

`UserFacingError` carries a message key that interfaces translate for the user;
everything else is logged with context and answered with a generic apology.
"""

from __future__ import annotations

from typing import Any


class NoFomoError(Exception):
    """Base of every error NoFOMO raises on purpose."""


class ConfigError(NoFomoError):
    """Configuration is missing or malformed; the message says how to fix it."""


class VaultError(NoFomoError):
    """A ciphertext cannot be decrypted or a vault key is unusable."""


class TemporaryError(NoFomoError):
    """A dependency failed in a way worth retrying with backoff."""


class UserFacingError(NoFomoError):
    """An error whose message a user may see, rendered from `key` in their language."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __repr__(self) -> str:
        return f"UserFacingError({self.key!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # arq pickles job errors; keep the params across the queue.
        return (_rebuild_user_facing_error, (self.key, self.params))


def _rebuild_user_facing_error(key: str, params: dict[str, Any]) -> UserFacingError:
    return UserFacingError(key, **params)
