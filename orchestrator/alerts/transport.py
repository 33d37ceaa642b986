"""The seam between the alert sender and the chat: who renders, who sends, and how sends fail.

The chat interface implements both protocols (`telegram_bot.alerts`); the composition
root hands them to the `AlertSender`, so this layer never formats or imports Telegram.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Button:
    """An inline button: opaque callback data, a URL, or a Mini App to open at a URL."""

    text: str
    callback_data: str | None = None
    url: str | None = None
    web_app_url: str | None = None


Keyboard = Sequence[Sequence[Button]]


@dataclass(frozen=True)
class RenderedAlert:
    """What the transport sends: HTML text, button rows, and an optional chart to attach.

    With a `caption`, the chart goes first with that short caption, then the text with the
    buttons as a message of its own; without one, the text is the chart's caption if it fits.
    """

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    photo_artifact_id: uuid.UUID | None = None
    caption: str | None = None


class AlertRenderer(Protocol):
    """Turn a stored alert into the message for one chat (its buttons work only there)."""

    def __call__(
        self, kind: str, payload: Mapping[str, Any], language: str, chat_id: int
    ) -> RenderedAlert:
        """Render `kind` with its JSON `payload` in `language` for `chat_id`."""
        ...


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
        photo: bytes | str | None = None,
        caption: str | None = None,
    ) -> int:
        """Send HTML `text` with inline `buttons`, after `photo` captioned with `caption`.

        Without a caption, `text` is the photo's caption when it fits. Without a photo, a
        caption leads the text, so nothing it says is lost. `photo` is the image's bytes, or
        a URL that Telegram fetches itself.
        """
        ...
