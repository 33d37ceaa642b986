"""Typed state for PTB's ContextTypes: what the bot shares, what it keeps per user.

What is kept per user is stored as JSON (telegram_bot/persistence.py), written field by field
here so that a deploy never unpickles an old class.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from orchestrator.core.runtime import Runtime
from telegram_bot.background import Background

T = TypeVar("T")
JsonObject = dict[str, object]
# How many free-text ideas keep a working "generate" button.
IDEAS_KEPT = 5


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

    def to_json(self) -> JsonObject:
        """Return the draft as JSON values: ids and the stake as text, so nothing is rounded."""
        return {
            "version_id": _text(self.version_id),
            "class_name": self.class_name,
            "timeframe": self.timeframe,
            "exchange": self.exchange,
            "pair": self.pair,
            "stake": _text(self.stake),
            "key_id": _text(self.key_id),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> StartBotDraft:
        """Rebuild a draft from `to_json`'s output; a missing or malformed field stays unset."""
        default = cls()
        return cls(
            version_id=_parse(data.get("version_id"), uuid.UUID),
            class_name=_str(data.get("class_name")) or default.class_name,
            timeframe=_str(data.get("timeframe")) or default.timeframe,
            exchange=_str(data.get("exchange")),
            pair=_str(data.get("pair")),
            stake=_parse(data.get("stake"), _decimal),
            key_id=_parse(data.get("key_id"), uuid.UUID),
        )


@dataclass
class UserData:
    """What the bot remembers per Telegram user between updates (kept in Postgres as JSON)."""

    start_bot: StartBotDraft | None = None
    ideas: dict[str, str] = field(default_factory=dict)  # button token → idea text

    def to_json(self) -> JsonObject:
        """Return what is set, as JSON values; an empty object when nothing is remembered."""
        found: JsonObject = {}
        if self.start_bot is not None:
            found["start_bot"] = self.start_bot.to_json()
        if self.ideas:  # pairs, oldest first: a jsonb object would not keep the order
            found["ideas"] = [[token, text] for token, text in self.ideas.items()]
        return found

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> UserData:
        """Rebuild from `to_json`'s output, dropping whatever is not of the expected shape."""
        draft, ideas = data.get("start_bot"), data.get("ideas")
        return cls(
            start_bot=StartBotDraft.from_json(draft) if isinstance(draft, dict) else None,
            ideas=dict(_pairs(ideas)),
        )

    def replace_with(self, other: UserData) -> None:
        """Take `other`'s content in place: PTB hands every handler this very object."""
        self.start_bot, self.ideas = other.start_bot, other.ideas

    def remember_idea(self, text: str, token: str | None = None) -> str:
        """Keep an idea among the last IDEAS_KEPT for a button; return the button's token."""
        while len(self.ideas) >= IDEAS_KEPT:
            self.ideas.pop(next(iter(self.ideas)))
        token = token or idea_token()
        self.ideas[token] = text
        return token


def idea_token() -> str:
    """Return a fresh token for an idea's button."""
    return secrets.token_urlsafe(9)


def _pairs(value: object) -> list[tuple[str, str]]:
    """Read a list of [token, text] pairs, skipping anything else."""
    items = value if isinstance(value, list) else []
    return [
        (item[0], item[1])
        for item in items
        if isinstance(item, list) and len(item) == 2 and all(isinstance(v, str) for v in item)
    ]


def _text(value: uuid.UUID | Decimal | None) -> str | None:
    return None if value is None else str(value)


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _decimal(text: str) -> Decimal:
    found = Decimal(text)
    if not found.is_finite():
        raise ValueError(text)
    return found


def _parse(value: object, parse: Callable[[str], T]) -> T | None:
    """Parse a text field; None when it is absent or does not parse."""
    if not isinstance(value, str):
        return None
    try:
        return parse(value)
    except (ValueError, ArithmeticError):
        return None
