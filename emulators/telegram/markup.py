"""Validate `reply_markup` the way the Bot API does."""

from __future__ import annotations

from typing import Any

from emulators.telegram.errors import bad_request
from emulators.telegram.models import JSON
from emulators.telegram.params import Params

_MARKUP_ERROR = "can't parse reply keyboard markup JSON object"
_ACTIONS = (
    "callback_data",
    "url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "web_app",
    "login_url",
    "copy_text",
    "callback_game",
    "pay",
)
_URL_SCHEMES = ("http://", "https://", "tg://")


def read_markup(params: Params) -> tuple[JSON | None, JSON | None]:
    """Return (inline keyboard, reply keyboard) from the request; either may be None."""
    markup = params.json("reply_markup", _MARKUP_ERROR)
    if markup is None:
        return None, None
    if not isinstance(markup, dict):
        raise bad_request(_MARKUP_ERROR)
    if "inline_keyboard" in markup:
        return {"inline_keyboard": _inline_rows(markup["inline_keyboard"])}, None
    if {"keyboard", "remove_keyboard", "force_reply"} & markup.keys():
        return None, markup
    raise bad_request(_MARKUP_ERROR)


def read_inline_markup(params: Params) -> JSON | None:
    """Return the inline keyboard of an edit request; reply keyboards are refused."""
    inline, keyboard = read_markup(params)
    if keyboard is not None:
        raise bad_request("inline keyboard expected")
    return inline


def callback_buttons(markup: JSON | None) -> list[str]:
    """Return every callback_data value of an inline keyboard."""
    rows = (markup or {}).get("inline_keyboard", [])
    return [button["callback_data"] for row in rows for button in row if "callback_data" in button]


def _inline_rows(rows: Any) -> list[list[JSON]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
        )
    for row in rows:
        for button in row:
            _check_button(button)
    return rows


def _check_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    if not isinstance(button.get("text"), str):
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    actions = [name for name in _ACTIONS if name in button]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    data = button.get("callback_data")
    if "callback_data" in actions and not (isinstance(data, str) and 1 <= len(data.encode()) <= 64):
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if "url" in actions and not (isinstance(url, str) and url.startswith(_URL_SCHEMES)):
        raise bad_request("BUTTON_URL_INVALID")
