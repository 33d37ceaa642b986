"""The file the emulator keeps its chats in: read on start, replaced atomically on change."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import tempfile
from pathlib import Path

from emulators.telegram.snapshot import HISTORY_LIMIT, dump_state, restore_state
from emulators.telegram.state import EmulatorState

log = logging.getLogger(__name__)

SAVE_INTERVAL = 0.5
_UNREADABLE = (
    "Telegram emulator: cannot read the saved chats in %s (%s: %s); "
    "starting with no chats, the file is %s"
)


class StateFile:
    """A JSON snapshot of the emulator's chats (see `snapshot`), private to its owner."""

    def __init__(self, path: Path, history_limit: int = HISTORY_LIMIT) -> None:
        if history_limit < 1:
            raise ValueError("history_limit must be at least 1")
        self.path = path
        self.history_limit = history_limit
        self._written: str | None = None

    def load(self, state: EmulatorState) -> None:
        """Restore the saved chats; a missing file starts empty, an unreadable one warns too."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as error:
            log.warning(_UNREADABLE, self.path, type(error).__name__, error, "left in place")
            return
        try:
            text = raw.decode("utf-8")
            restore_state(state, json.loads(text))
        except (ValueError, KeyError, TypeError) as error:
            aside = self.path.with_name(self.path.name + ".corrupt")
            with contextlib.suppress(OSError):
                os.replace(self.path, aside)
            log.warning(_UNREADABLE, self.path, type(error).__name__, error, f"kept as {aside}")
            return
        self._written = text
        log.info("Telegram emulator: chats restored from %s (%d)", self.path, len(state.chats))

    def save(self, state: EmulatorState) -> None:
        """Write the current chats unless they are already on disk; log a failure."""
        text = json.dumps(dump_state(state, self.history_limit), separators=(",", ":"))
        if text == self._written:
            return
        try:
            write_atomically(self.path, text)
        except OSError as error:
            log.warning("Telegram emulator: cannot save chats to %s: %s", self.path, error)
            return
        self._written = text

    async def keep_saved(self, state: EmulatorState, interval: float = SAVE_INTERVAL) -> None:
        """Save after every change, at most once per `interval`; run until cancelled."""
        seen = state.signal.changes
        while True:
            seen = await state.signal.wait_change(seen)
            self.save(state)
            await asyncio.sleep(interval)


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step, readable by its owner only (0600)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
