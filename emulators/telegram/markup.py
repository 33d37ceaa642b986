"""Validate `reply_markup` the way the Bot API does."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

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
# An emulator allowance, not Telegram's: in local mode a Mini App is served over plain HTTP
# on this machine, so web_app buttons may point there. Telegram accepts HTTPS only.
LOCAL_WEB_APP_HOSTS = ("127.0.0.1", "localhost")


def read_markup(params: Params, chat_type: str) -> tuple[JSON | None, JSON | None]:
    """Return (inline keyboard, reply keyboard) from the request; either may be None."""
    markup = params.json("reply_markup", _MARKUP_ERROR)
    if markup is None:
        return None, None
    if not isinstance(markup, dict):
        raise bad_request(_MARKUP_ERROR)
    if "inline_keyboard" in markup:
        return {"inline_keyboard": _inline_rows(markup["inline_keyboard"], chat_type)}, None
    if {"keyboard", "remove_keyboard", "force_reply"} & markup.keys():
        _check_keyboard(markup.get("keyboard"), chat_type)
        return None, markup
    raise bad_request(_MARKUP_ERROR)


def read_inline_markup(params: Params, chat_type: str) -> JSON | None:
    """Return the inline keyboard of an edit request; reply keyboards are refused."""
    inline, keyboard = read_markup(params, chat_type)
    if keyboard is not None:
        raise bad_request("inline keyboard expected")
    return inline


def callback_buttons(markup: JSON | None) -> list[str]:
    """Return every callback_data value of an inline keyboard."""
    rows = (markup or {}).get("inline_keyboard", [])
    return [button["callback_data"] for row in rows for button in row if "callback_data" in button]


def _inline_rows(rows: Any, chat_type: str) -> list[list[JSON]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
        )
    for row in rows:
        for button in row:
            _check_button(button)
    # Telegram's servers, after the buttons parsed, refuse Mini Apps outside private chats.
    if chat_type != "private" and any("web_app" in button for row in rows for button in row):
        raise bad_request("BUTTON_TYPE_INVALID")
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
    if "web_app" in actions:
        _check_web_app(button["web_app"], "inline keyboard")


def _check_keyboard(rows: Any, chat_type: str) -> None:
    """Check the web_app buttons of a reply keyboard (its other buttons are taken as sent)."""
    buttons = [b for row in rows for b in row] if isinstance(rows, list) else []
    for button in buttons:
        if isinstance(button, dict) and "web_app" in button:
            if chat_type != "private":
                # TDLib's "Web App buttons ...", first letter lowered as the Bot API does.
                raise bad_request("web App buttons can be used in private chats only")
            _check_web_app(button["web_app"], "keyboard")


def _check_web_app(web_app: Any, keyboard: str) -> None:
    """Refuse a WebAppInfo that is malformed or whose URL Telegram would not open."""
    if not isinstance(web_app, dict):
        raise bad_request(f'can\'t parse {keyboard} button: Field "web_app" must be of type Object')
    url = web_app.get("url")
    if not isinstance(url, str):
        raise bad_request(f'can\'t parse {keyboard} button: Field "url" must be of type String')
    problem = web_app_url_problem(url)
    if problem is not None:
        raise bad_request(f"{keyboard} button Web App URL '{url}' is invalid: {problem}")


def web_app_url_problem(url: str) -> str | None:
    """Return why Telegram would refuse `url` for a Mini App, or None if it is accepted.

    Like Telegram, a URL without a scheme is read as http://. Unlike Telegram, plain HTTP is
    accepted for 127.0.0.1 and localhost (see LOCAL_WEB_APP_HOSTS).
    """
    scheme, separator, _ = url.partition("://")
    if separator and scheme.lower() not in ("http", "https"):
        return "Unsupported URL protocol"
    parts = urlsplit(url if separator else f"http://{url}")
    try:
        parts.port  # noqa: B018 - reading it validates the port
    except ValueError:
        return "Wrong port number specified in the URL"
    if not parts.hostname:
        return "URL host is empty"
    if parts.scheme.lower() == "https" or parts.hostname in LOCAL_WEB_APP_HOSTS:
        return None
    return "Only HTTPS links are allowed"
