"""Mini Apps: `initData` signed as Telegram signs it, and the URL a client opens the app at.

Telegram's algorithm (core.telegram.org/bots/webapps, "Validating data received via the Mini
App"): the fields, except `hash`, sorted by key and joined as `key=value` lines, make the
data-check-string; `hash` is its hex HMAC-SHA256 under the key
HMAC-SHA256(key=b"WebAppData", msg=bot_token). The emulator leaves out the optional
`signature` field (an Ed25519 signature for third parties, made with Telegram's private key,
which no emulator has); a Mini App that checks `hash` is unaffected.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from urllib.parse import quote

from emulators.telegram.errors import ControlError
from emulators.telegram.models import ChatRecord, UserRecord
from emulators.telegram.state import EmulatorState

WEB_APP_VERSION = "8.0"
WEB_APP_PLATFORM = "web"
# Telegram Web's light theme, which a Mini App may style itself with.
THEME_PARAMS = {
    "bg_color": "#ffffff",
    "text_color": "#000000",
    "hint_color": "#707579",
    "link_color": "#3390ec",
    "button_color": "#3390ec",
    "button_text_color": "#ffffff",
    "secondary_bg_color": "#f4f4f5",
    "header_bg_color": "#ffffff",
    "accent_text_color": "#3390ec",
    "section_bg_color": "#ffffff",
    "section_header_text_color": "#3390ec",
    "subtitle_text_color": "#707579",
    "destructive_text_color": "#e53935",
}


@dataclass(frozen=True)
class WebAppUser:
    """The `user` field of initData (Telegram's WebAppUser)."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    allows_write_to_pm: bool = True

    @classmethod
    def of(cls, user: UserRecord) -> WebAppUser:
        """Describe an emulated account (it has no last name)."""
        return cls(user.id, user.first_name, None, user.username, user.language_code)

    def to_json(self) -> str:
        """Return the compact JSON Telegram puts in initData, absent fields left out."""
        data: dict[str, object] = {"id": self.id, "first_name": self.first_name}
        optional = {"last_name": self.last_name, "username": self.username}
        optional["language_code"] = self.language_code
        data |= {name: value for name, value in optional.items() if value}
        data["allows_write_to_pm"] = self.allows_write_to_pm
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class WebAppLaunch:
    """A Mini App opened from a button: its signed initData and the URL to open."""

    init_data: str
    launch_url: str


def secret_key(bot_token: str) -> bytes:
    """Return the key initData hashes are made with: HMAC-SHA256("WebAppData", token)."""
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def data_check_string(fields: dict[str, str]) -> str:
    """Join every field but `hash`, sorted by key, as `key=value` lines."""
    return "\n".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "hash")


def build_init_data(
    bot_token: str,
    user: WebAppUser,
    *,
    auth_date: int,
    query_id: str | None = None,
    chat_instance: str | None = None,
    chat_type: str | None = None,
) -> str:
    """Return URL-encoded initData for `user`, signed with `bot_token` as Telegram signs it.

    `query_id` comes with inline-button launches (it lets the bot answer via
    answerWebAppQuery); `chat_instance` and `chat_type` with launches from a direct link.
    """
    fields = {"query_id": query_id, "user": user.to_json(), "chat_instance": chat_instance}
    fields |= {"chat_type": chat_type, "auth_date": str(auth_date)}
    present = {key: value for key, value in fields.items() if value is not None}
    digest = hmac.new(secret_key(bot_token), data_check_string(present).encode(), hashlib.sha256)
    present["hash"] = digest.hexdigest()
    return "&".join(f"{key}={quote(value, safe='')}" for key, value in present.items())


def launch_url(url: str, init_data: str) -> str:
    """Return `url` with the launch parameters in its fragment, where Mini Apps read them."""
    theme = json.dumps(THEME_PARAMS, separators=(",", ":"))
    params = {
        "tgWebAppData": init_data,
        "tgWebAppVersion": WEB_APP_VERSION,
        "tgWebAppPlatform": WEB_APP_PLATFORM,
        "tgWebAppThemeParams": theme,
    }
    fragment = "&".join(f"{key}={quote(value, safe='')}" for key, value in params.items())
    return f"{url}{'&' if '#' in url else '#'}{fragment}"


def open_web_app(
    state: EmulatorState, chat_id: int, url: str, *, force: bool = False
) -> WebAppLaunch:
    """Open the Mini App at `url` from a button in a private chat, as the chat's user."""
    chat = state.chats.get(chat_id)
    if chat is None or chat.user is None:
        raise ControlError("Mini Apps open from buttons in private chats with the bot", 404)
    if state.bot_token is None:
        raise ControlError("the bot has not called the Bot API yet, so its token is unknown", 409)
    source = offered_by(chat, url)
    if source is None and not force:
        raise ControlError("no message in the chat has a web_app button with that url")
    # An inline button's launch carries a query_id; a reply keyboard's does not.
    query_id = None if source == "keyboard" else state.random_token(24)
    auth_date = int(state.clock())
    user = WebAppUser.of(chat.user)
    init_data = build_init_data(state.bot_token, user, auth_date=auth_date, query_id=query_id)
    return WebAppLaunch(init_data, launch_url(url, init_data))


def offered_by(chat: ChatRecord, url: str) -> str | None:
    """Return "inline" or "keyboard" for the newest bot message offering `url`, else None."""
    for message in reversed(chat.messages.values()):
        if message.deleted or not message.from_bot:
            continue
        if url in _web_app_urls((message.reply_markup or {}).get("inline_keyboard")):
            return "inline"
        if url in _web_app_urls((message.keyboard or {}).get("keyboard")):
            return "keyboard"
    return None


def _web_app_urls(rows: object) -> set[str]:
    if not isinstance(rows, list):
        return set()
    buttons = [b for row in rows if isinstance(row, list) for b in row if isinstance(b, dict)]
    apps = [b["web_app"] for b in buttons if isinstance(b.get("web_app"), dict)]
    return {app["url"] for app in apps if isinstance(app.get("url"), str)}
