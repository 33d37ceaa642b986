"""Keep our secrets out of other processes' reach: non-dumpable, and not in the environment.

A process of the same uid may read another's `/proc/<pid>/environ` and memory unless the
target is non-dumpable. Tenant code runs in its own sandbox and uid, but this is the
layer that still holds when something runs beside us that should not.
"""

from __future__ import annotations

import logging
import os

from orchestrator.core.settings import Settings
from orchestrator.runner.sandbox import set_undumpable

log = logging.getLogger(__name__)


def secret_names(settings: Settings) -> list[str]:
    """Return the environment names of every secret setting."""
    return [
        name.upper()
        for name, field in type(settings).model_fields.items()
        if field.annotation is not None and "SecretStr" in str(field.annotation)
    ]


def drop_secret_environment(settings: Settings) -> list[str]:
    """Remove secret settings from os.environ once read, so no child inherits them."""
    return [name for name in secret_names(settings) if os.environ.pop(name, None) is not None]


def harden_process(settings: Settings) -> None:
    """Apply both protections to a long-running NoFOMO process."""
    try:
        set_undumpable()
    except OSError as exc:
        log.warning("could not make the process non-dumpable: %s", exc)
    drop_secret_environment(settings)
