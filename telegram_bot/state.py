"""Typed state for PTB's ContextTypes: what the bot shares, what it keeps per user."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from orchestrator.core.runtime import Runtime
from telegram_bot.background import Background


class BotData:
    """What every handler shares: the runtime, the button-signing key, background tasks.

    PTB creates it without arguments when the application is built; `bind` completes it.
    """

    __slots__ = ("_callback_key", "_runtime", "background")

    def __init__(self) -> None:
        self._runtime: Runtime | None = None
        self._callback_key: bytes | None = None
        self.background = Background()

    def bind(self, runtime: Runtime, callback_key: bytes) -> None:
        """Attach the opened runtime and the key buttons are signed with."""
        self._runtime, self._callback_key = runtime, callback_key

    @property
    def runtime(self) -> Runtime:
        """Return the runtime the application was built around."""
        if self._runtime is None:
            raise RuntimeError("the application's bot data was never bound")
        return self._runtime

    @property
    def callback_key(self) -> bytes:
        """Return the key every callback button is signed with."""
        if self._callback_key is None:
            raise RuntimeError("the application's bot data was never bound")
        return self._callback_key


@dataclass
class StartBotDraft:
    """The bot a /startbot conversation is configuring; each step fills its field."""

    version_id: uuid.UUID | None = None
    class_name: str = ""
    timeframe: str = "5m"
    exchange: str | None = None
    pair: str | None = None
    stake: Decimal | None = None
    key_id: uuid.UUID | None = None  # the exchange key, for a live bot


@dataclass
class UserData:
    """What the bot remembers per Telegram user between updates (in memory only)."""

    start_bot: StartBotDraft | None = None
    ideas: dict[str, str] = field(default_factory=dict)  # button token → idea text
