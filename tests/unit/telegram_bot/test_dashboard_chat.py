"""The dashboard from chat: when a Mini App button is possible, its buttons and texts."""

from __future__ import annotations

import base64
import uuid

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from orchestrator.core.settings import Settings
from telegram_bot import dashboard, render
from telegram_bot.handlers.dashboard import LINK_MINUTES
from telegram_bot.i18n import t
from telegram_bot.texts import dashboard_id
from tests.support.indonesian import words

BOT = uuid.UUID("6f1c2f0e-8a47-4c39-9f0e-3a1b2c3d4e5f")
ON_BOT = f"?next=/dashboard/bots/{BOT}"
TOKEN = "123456:" + "A" * 35
PRODUCTION = {
    "environment": "production",
    "database_url": "postgresql://u:p@db.example:5432/postgres",
    "redis_url": "redis://cache.example:6379",
    "vault_keys": "1:" + base64.b64encode(b"a" * 32).decode(),
    "telegram_bot_token": TOKEN,
    "telegram_webhook_secret": "w" * 32,
}


def settings(**values: object) -> Settings:
    """Settings from these values alone (the test's environment is not read for them)."""
    fixed = {"environment": "local", "port": 8080, "public_base_url": "", "internal_base_url": ""}
    fixed |= {"telegram_bot_token": None, "telegram_api_base_url": "", "render_external_url": ""}
    return Settings(_env_file=None, **(fixed | values))  # type: ignore[call-arg, arg-type]


def test_https_opens_the_mini_app_at_its_entry_or_on_a_bot() -> None:
    found = settings(**PRODUCTION, public_base_url="https://nofomo.example/")
    assert dashboard.app_url(found) == "https://nofomo.example/app"
    assert dashboard.app_url(found, BOT) == f"https://nofomo.example/app{ON_BOT}"


def test_plain_http_in_production_offers_no_mini_app() -> None:
    found = settings(**PRODUCTION, public_base_url="http://nofomo.example")
    assert dashboard.app_url(found) is None
    assert dashboard.app_url(found, BOT) is None


def test_local_mode_with_the_emulator_opens_plain_http() -> None:
    found = settings(port=8123)
    assert dashboard.app_url(found) == "http://127.0.0.1:8123/app"
    lone = settings(telegram_bot_token=TOKEN, telegram_api_base_url="http://127.0.0.1:9000")
    assert dashboard.app_url(lone, BOT) == f"http://127.0.0.1:8080/app{ON_BOT}"


def test_local_mode_with_the_real_telegram_needs_https() -> None:
    real = settings(telegram_bot_token=TOKEN, public_base_url="http://127.0.0.1:8080")
    assert dashboard.app_url(real) is None
    tunnel = settings(telegram_bot_token=TOKEN, public_base_url="https://dev.example")
    assert dashboard.app_url(tunnel) == "https://dev.example/app"


@pytest.mark.parametrize(("lang", "text"), [("en", "📊 Dashboard"), ("id", "📊 Dasbor")])
def test_the_mini_app_button_in_both_languages(lang: str, text: str) -> None:
    url = f"https://nofomo.example/app{ON_BOT}"
    button = dashboard.app_button(lang, url)
    assert button.text == text and button.web_app is not None and button.web_app.url == url
    assert button.callback_data is None and button.url is None


def test_the_mini_app_row_goes_last_and_only_with_a_url() -> None:
    first = InlineKeyboardMarkup([[InlineKeyboardButton("Bot", callback_data="x")]])
    assert dashboard.with_app(first, "en", None) is first
    assert dashboard.with_app(None, "en", None) is None
    grown = dashboard.with_app(first, "id", "https://nofomo.example/app")
    assert grown is not None and len(grown.inline_keyboard) == 2
    assert grown.inline_keyboard[0] == first.inline_keyboard[0]
    (last,) = grown.inline_keyboard[1]
    assert last.text == "📊 Dasbor" and last.web_app is not None
    alone = dashboard.with_app(None, "en", "https://nofomo.example/app")
    assert alone is not None and [[b.text for b in r] for r in alone.inline_keyboard] == [
        ["📊 Dashboard"]
    ]


@pytest.mark.parametrize(("lang", "text"), [("en", "📊 Open dashboard"), ("id", "📊 Buka dasbor")])
def test_the_link_button_in_both_languages(lang: str, text: str) -> None:
    link = "https://nofomo.example/dashboard/login/abc"
    ((button,),) = dashboard.link_markup(lang, link).inline_keyboard
    assert button.text == text and button.url == link and button.web_app is None


def test_the_link_text_says_once_ten_minutes_and_not_to_forward() -> None:
    assert LINK_MINUTES == 10
    english = t("en", "dashboard_link", minutes=LINK_MINUTES)
    assert "once" in english and "10 minutes" in english and "do not forward" in english
    indonesian = t("id", "dashboard_link", minutes=LINK_MINUTES)
    assert "sekali" in indonesian and "10 menit" in indonesian and "jangan" in indonesian


@pytest.mark.parametrize(
    ("lang", "ended", "expected"),
    [
        ("en", 1, "🔒 Signed out: 1 dashboard session ended."),
        ("en", 3, "🔒 Signed out: 3 dashboard sessions ended."),
        ("en", 1200, "🔒 Signed out: 1,200 dashboard sessions ended."),
        ("id", 1, "🔒 Sudah keluar: 1 sesi dasbor diakhiri."),
        ("id", 1200, "🔒 Sudah keluar: 1.200 sesi dasbor diakhiri."),
    ],
)
def test_logout_all_counts_the_sessions_it_ended(lang: str, ended: int, expected: str) -> None:
    text = dashboard.logout_view(lang, ended)
    assert text.startswith(expected) and "|" not in text


def test_logout_all_with_nothing_open_says_so_and_that_links_are_spent() -> None:
    assert dashboard.logout_view("en", 0).startswith("🔒 No dashboard session was open.")
    assert "no longer work" in dashboard.logout_view("en", 0)
    assert "tidak berlaku lagi" in dashboard.logout_view("id", 0)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_help_lists_both_commands_under_account(lang: str) -> None:
    shown = render.help_view(lang)
    account = shown.split(t(lang, "help_group_account"))[1]
    assert "/dashboard — " in account and "/logout_all — " in account


def test_indonesian_says_dasbor_never_dashboard() -> None:
    for key, text in dashboard_id.TEXTS.items():
        assert "dashboard" not in words(text), key  # "/dashboard" is a command, not a word
    assert "dasbor" in words(dashboard_id.TEXTS["btn_dashboard"])
