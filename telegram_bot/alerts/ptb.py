"""`AlertTransport` over a python-telegram-bot `Bot`, mapping PTB errors to ours."""

from __future__ import annotations

import datetime as dt
import html
import re

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    WebAppInfo,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from orchestrator.alerts import (
    Blocked,
    Button,
    FloodWait,
    Keyboard,
    PermanentSendError,
    TransientSendError,
)

_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def _button(button: Button) -> InlineKeyboardButton:
    """Return PTB's button for ours: a callback, a link, or a Mini App."""
    app = WebAppInfo(button.web_app_url) if button.web_app_url else None
    return InlineKeyboardButton(
        button.text, callback_data=button.callback_data, url=button.url, web_app=app
    )


def _markup(buttons: Keyboard) -> InlineKeyboardMarkup | None:
    rows = [[_button(b) for b in row] for row in buttons if row]
    return InlineKeyboardMarkup(rows) if rows else None


def retry_seconds(error: RetryAfter) -> float:
    """Return RetryAfter's wait in seconds, whether PTB gives an int or a timedelta."""
    value = error.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


# Telegram counts a caption's visible characters (after HTML parsing) against 1,024.
CAPTION_LIMIT = 1024
_TAG = re.compile(r"<[^>]+>")


def _visible(text: str) -> str:
    """Return what Telegram shows of an HTML text (tags dropped, entities decoded)."""
    return html.unescape(_TAG.sub("", text))


# PTB's own defaults: Telegram's Bot API and file server.
TELEGRAM_API = "https://api.telegram.org/bot"
TELEGRAM_FILES = "https://api.telegram.org/file/bot"


def alert_bot(token: str, base_url: str | None = None, base_file_url: str | None = None) -> Bot:
    """Return a plain `Bot` for the alert sender (enter it to initialise it).

    It has no PTB rate limiter, so the sender's flood budget alone paces alerts and sees
    every 429; the chat's own bot would absorb them and hold every reply.
    """
    return Bot(
        token,
        base_url=base_url or TELEGRAM_API,
        base_file_url=base_file_url or TELEGRAM_FILES,
    )


class PtbTransport:
    """Send alerts with an initialised `telegram.Bot` (its lifecycle is the caller's)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(
        self,
        chat_id: int,
        text: str,
        *,
        buttons: Keyboard = (),
        photo: bytes | str | None = None,
        caption: str | None = None,
    ) -> int:
        """Send HTML text, or a photo and then text; raise the transport's typed errors."""
        try:
            message = await self._call(chat_id, text, _markup(buttons), photo, caption)
        except RetryAfter as exc:
            raise FloodWait(retry_seconds(exc)) from exc
        except Forbidden as exc:
            raise Blocked(exc.message) from exc
        except (BadRequest, ChatMigrated) as exc:  # BadRequest subclasses NetworkError
            raise PermanentSendError(exc.message) from exc
        except NetworkError as exc:  # also TimedOut and every 5xx
            raise TransientSendError(exc.message) from exc
        except TelegramError as exc:  # InvalidToken, Conflict: fix the deployment, then retry
            raise TransientSendError(f"{type(exc).__name__}: {exc.message}") from exc
        return message.message_id

    async def _call(
        self,
        chat_id: int,
        text: str,
        markup: InlineKeyboardMarkup | None,
        photo: bytes | str | None,
        caption: str | None,
    ) -> Message:
        if caption is not None and (photo is None or len(_visible(caption)) > CAPTION_LIMIT):
            # No chart to carry it (or too long for one): the caption leads the text instead.
            text, caption = f"{caption}\n\n{text}", None
        if photo is not None and caption is None and len(_visible(text)) <= CAPTION_LIMIT:
            return await self.bot.send_photo(
                chat_id, photo=photo, caption=text, parse_mode=ParseMode.HTML, reply_markup=markup
            )
        if photo is not None:
            # The chart first (with its short caption, if any), then the text with the buttons.
            await self.bot.send_photo(
                chat_id, photo=photo, caption=caption, parse_mode=ParseMode.HTML
            )
        return await self.bot.send_message(
            chat_id,
            text,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
            link_preview_options=_NO_PREVIEW,
        )
