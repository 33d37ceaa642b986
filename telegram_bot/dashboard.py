"""The web dashboard from chat: the Mini App's URL, its buttons, and what /logout_all says.

A Mini App opens from a `web_app` button, which Telegram accepts over HTTPS only and in
private chats only (ours are). The entry page `/app` signs the user in with the launch's
`initData`; `?next=` names the dashboard page to land on afterwards.
"""

from __future__ import annotations

import uuid
from urllib.parse import quote

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo

from orchestrator.core.settings import Settings
from telegram_bot.i18n import Html, label, t
from telegram_bot.render import counted

APP_PATH = "/app"


def app_url(settings: Settings, bot_id: uuid.UUID | None = None) -> str | None:
    """Return the Mini App's URL (landing on `bot_id`), or None where Telegram would refuse it.

    Plain HTTP is used only in local mode with the Telegram emulator, which opens Mini Apps
    on this machine; a real Telegram refuses the whole message for an http:// web_app URL,
    so there the user has /dashboard instead.
    """
    base = settings.public_url
    emulated = settings.telegram_bot_token is None or bool(settings.telegram_api_base_url.strip())
    if not base.startswith("https://") and not (settings.is_local and emulated):
        return None
    return for_bot(f"{base}{APP_PATH}", bot_id)


def for_bot(app: str, bot_id: uuid.UUID | None) -> str:
    """Return the Mini App URL `app` that lands on one bot's page after sign-in."""
    if bot_id is None:
        return app
    return f"{app}?next={quote(f'/dashboard/bots/{bot_id}', safe='/')}"


def app_button(lang: str, url: str) -> InlineKeyboardButton:
    """Return the "📊 Dashboard" button that opens the Mini App at `url`."""
    return InlineKeyboardButton(label(lang, "btn_dashboard"), web_app=WebAppInfo(url))


def with_app(
    markup: InlineKeyboardMarkup | None, lang: str, url: str | None
) -> InlineKeyboardMarkup | None:
    """Append a row with the Mini App button to a keyboard (none when there is no `url`)."""
    if url is None:
        return markup
    rows = [list(row) for row in markup.inline_keyboard] if markup is not None else []
    return InlineKeyboardMarkup([*rows, [app_button(lang, url)]])


def link_markup(lang: str, link: str) -> InlineKeyboardMarkup:
    """Return the button that opens a one-time dashboard link in the browser."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label(lang, "btn_open_dashboard"), url=link)]]
    )


def logout_view(lang: str, ended: int) -> Html:
    """Say how many dashboard sessions /logout_all ended, and that open links are spent."""
    if ended == 0:
        return t(lang, "logout_all_none")
    sessions = counted(lang, "count_dashboard_sessions", ended)
    return t(lang, "logout_all_done", sessions=sessions)
