"""/settings: language, alert level and per-bot supervisor thresholds, all by buttons."""

from __future__ import annotations

from typing import Any

from orchestrator.core.runtime import Runtime
from telegram_bot.i18n import label, t
from tests.e2e.telegram.chat import Chat, Message, button_labels, plain
from tests.e2e.telegram.conftest import ChatFactory, SeedBot


async def user_row(runtime: Runtime, chat: Chat) -> dict[str, Any]:
    async with runtime.db.as_service() as conn:
        row = await conn.fetchrow("select * from users where telegram_id = $1", chat.user_id)
    assert row is not None
    return dict(row)


async def step(chat: Chat, message: Message, button: str, text: str) -> Message:
    chat.press(message, button)
    return await chat.edited_to(message, text)


async def test_alert_level(new_chat: ChatFactory, runtime: Runtime) -> None:
    chat = new_chat(language_code="id")
    (view,) = await chat.say("/settings")
    assert view["text"].startswith("Pengaturan\nBahasa: Bahasa Indonesia\nNotifikasi: Semua")
    menu = button_labels(view)
    view = await step(chat, view, label("id", "btn_settings_alerts"), t("id", "alerts_choose"))
    assert button_labels(view)[0] == f"✓ {label('id', 'alert_all')}"
    chat.press(view, label("id", "alert_important"))
    view = await chat.until(lambda: redrawn(chat, view, "Notifikasi: Hanya yang penting"))
    assert view["text"].startswith("Pengaturan\nBahasa: Bahasa Indonesia\n")
    assert button_labels(view) == menu
    assert (await user_row(runtime, chat))["alert_level"] == "important"
    view = await step(chat, view, label("id", "btn_settings_alerts"), t("id", "alerts_choose"))
    chat.press(view, label("id", "btn_back"))
    view = await chat.until(lambda: redrawn(chat, view, "Notifikasi: Hanya yang penting"))
    assert button_labels(view) == menu


async def test_language_redraws_settings(new_chat: ChatFactory, runtime: Runtime) -> None:
    chat = new_chat(language_code="en")
    (view,) = await chat.say("/settings")
    view = await step(
        chat, view, label("en", "btn_settings_language"), t("en", "settings_choose_language")
    )
    assert button_labels(view) == ["Bahasa Indonesia", "✓ English", label("en", "btn_back")]
    chat.press(view, "Bahasa Indonesia")
    view = await chat.until(lambda: redrawn(chat, view, "Pengaturan\nBahasa: Bahasa Indonesia"))
    assert button_labels(view) == [
        label("id", "btn_settings_language"),
        label("id", "btn_settings_alerts"),
        label("id", "btn_settings_supervisor"),
        label("id", "btn_settings_summary"),
        label("id", "btn_upgrade"),
    ]
    assert (await user_row(runtime, chat))["language"] == "id"
    onboarding = {
        plain(t(lang, key)) for lang in ("id", "en") for key in ("welcome", "choose_language")
    }
    assert not onboarding & {m["text"] for m in chat.messages()}


def redrawn(chat: Chat, message: Message, text: str) -> Message | None:
    """Return `message` once it shows `text` (as Telegram displays it) and still has buttons."""
    current = chat.message(message["message_id"])
    return current if text in current["text"] and current["buttons"] else None


async def test_supervisor_thresholds(
    new_chat: ChatFactory, seed_bot: SeedBot, runtime: Runtime
) -> None:
    chat = new_chat(language_code="en")
    bot_id = await seed_bot(chat)
    (view,) = await chat.say("/settings")
    view = await step(
        chat, view, label("en", "btn_settings_supervisor"), t("en", "supervisor_pick_bot")
    )
    warn = t(
        "en", "supervisor_pick_warn", bot="AlwaysIn BTC/USDT", warn=3, pause=5, drawdown="10.0"
    )
    view = await step(chat, view, "AlwaysIn BTC/USDT · BTC/USDT", warn)
    assert [b["text"] for b in view["buttons"][0]] == ["2", "3", "4"]
    view = await step(chat, view, "4", t("en", "supervisor_pick_pause"))
    assert [b["text"] for row in view["buttons"] for b in row] == ["5", "7", "10"]
    view = await step(chat, view, "7", t("en", "supervisor_pick_drawdown"))
    saved = t("en", "supervisor_saved", bot="AlwaysIn BTC/USDT", warn=4, pause=7, drawdown=15)
    await step(chat, view, "15%", saved)
    async with runtime.db.as_service() as conn:
        stored = await conn.fetchval("select supervisor from bots where id = $1", bot_id)
    assert (stored["warn_streak"], stored["pause_streak"], stored["max_drawdown_pct"]) == (
        4,
        7,
        15.0,
    )
