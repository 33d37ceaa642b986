"""The seam between the alert sender and Telegram: one send call and its typed failures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Button:
    """An inline button: opaque callback data, or a URL."""

    text: str
    callback_data: str | None = None
    url: str | None = None


Keyboard = Sequence[Sequence[Button]]


class SendError(Exception):
    """A send that Telegram refused or that never got an answer."""

    @property
    def reason(self) -> str:
        """Return a short description to store as the alert's last_error."""
        return str(self) or type(self).__name__


class FloodWait(SendError):
    """Telegram answered 429: wait `retry_after_s` seconds; the alert is not at fault."""

    def __init__(self, retry_after_s: float) -> None:
        super().__init__(f"flood wait {retry_after_s:g}s")
        self.retry_after_s = retry_after_s


class Blocked(SendError):
    """Telegram answered 403: the user blocked the bot (or left the chat)."""


class TransientSendError(SendError):
    """A network failure, time-out or 5xx: worth retrying with backoff."""


class PermanentSendError(SendError):
    """Telegram rejected the message itself (400): retrying cannot help."""


class AlertTransport(Protocol):
    """Deliver one rendered alert to a chat and return Telegram's message id."""

    async def send(
        self,
        chat_id: int,
        text: str,
        *,
        buttons: Keyboard = (),
        photo: bytes | None = None,
    ) -> int:
        """Send HTML `text` (as the caption when `photo` is given) with inline `buttons`."""
        ...
