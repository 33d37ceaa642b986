"""The service layer's errors, on the shared kernel's tree.

`UserFacingError` carries a message key that interfaces translate for the user;
`ServiceFailure` is our side failing; everything else is logged with context and
answered with a generic apology.
"""

from __future__ import annotations

from kernel.errors import NoFomoError, ServiceFailure, UserFacingError

__all__ = [
    "ConfigError",
    "NoFomoError",
    "ServiceFailure",
    "TemporaryError",
    "UserFacingError",
    "VaultError",
]


class ConfigError(NoFomoError):
    """Configuration is missing or malformed; the message says how to fix it."""


class VaultError(NoFomoError):
    """A ciphertext cannot be decrypted or a vault key is unusable."""


class TemporaryError(NoFomoError):
    """A dependency failed in a way worth retrying with backoff."""
