"""The summary in /settings (off, daily, weekly, the hour) and /plan, in both languages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from orchestrator.core.runtime import Runtime
from telegram_bot.i18n import label, t
from tests.e2e.telegram.chat import Chat, Message, button_labels
from tests.e2e.telegram.conftest import ChatFactory, SeedBot, put_on_plan


async def user_row(runtime: Runtime, chat: Chat) -> dict[str, Any]:
    async with runtime.db.as_service() as conn:
        row = await conn.fetchrow("select * from users where telegram_id = $1", chat.user_id)
    assert row is not None
    return dict(row)


async def step(chat: Chat, message: Message, button: str, text: str) -> Message:
    chat.press(message, button)
    return await chat.edited_to(message, text)


async def settings_again(chat: Chat, message: Message, button: str, title: str) -> str:
    """Press `button`, wait for the settings menu in place; return the notice shown."""
    answer = await chat.answer(chat.press(message, button))
    await chat.until(
        lambda: (
            chat.message(message["message_id"])["text"].startswith(title)
            and chat.message(message["message_id"])["buttons"]
        ),
        what="the settings menu",
    )
    return str(answer.get("text") or "")


async def test_summary_daily_at_seven_then_back_and_off(
    new_chat: ChatFactory, runtime: Runtime
) -> None:
    chat = new_chat(language_code="en")
    (view,) = await chat.say("/settings")
    menu = button_labels(view)
    assert menu[-2:] == ["📬 Summary", "⭐ Upgrade"]
    asked = t("en", "summary_choose", current="off")
    view = await step(chat, view, "📬 Summary", asked)
    assert button_labels(view) == ["✓ Off", "Daily", "Weekly (Mondays)", "« Back"]
    hours = "📬 Daily: at what time should the summary arrive? (WIB)"
    view = await step(chat, view, "Daily", hours)
    assert button_labels(view) == ["07:00", "12:00", "20:00", "22:00", "« Back"]
    notice = await settings_again(chat, view, "07:00", "Settings")
    assert notice == "Summary: daily at 07:00 WIB."
    assert button_labels(chat.message(view["message_id"])) == menu
    row = await user_row(runtime, chat)
    assert (row["summary_frequency"], row["summary_hour"], row["timezone"]) == (
        "daily",
        7,
        "Asia/Jakarta",
    )
    assert row["summary_since"] is not None and row["summary_sent_period"] is None

    # Weekly is offered, then Back twice: nothing changes.
    now = t("en", "summary_choose", current="daily at 07:00 WIB")
    view = await step(chat, view, "📬 Summary", now)
    assert button_labels(view)[1] == "✓ Daily"
    view = await step(chat, view, "Weekly (Mondays)", hours.replace("Daily", "Weekly (Mondays)"))
    assert "✓" not in "".join(button_labels(view))
    view = await step(chat, view, "« Back", now)
    await settings_again(chat, view, "« Back", "Settings")
    assert (await user_row(runtime, chat))["summary_frequency"] == "daily"

    # Off.
    view = await step(chat, view, "📬 Summary", now)
    notice = await settings_again(chat, view, "Off", "Settings")
    assert notice == "Summary: off."
    assert (await user_row(runtime, chat))["summary_frequency"] == "off"


async def test_summary_weekly_in_indonesian_ticks_the_current_hour(
    new_chat: ChatFactory, runtime: Runtime
) -> None:
    chat = new_chat(language_code="id")
    (view,) = await chat.say("/settings")
    view = await step(chat, view, "📬 Ringkasan", t("id", "summary_choose", current="mati"))
    assert button_labels(view) == ["✓ Mati", "Setiap hari", "Setiap minggu (Senin)", "« Kembali"]
    hours = "📬 Setiap minggu (Senin): jam berapa ringkasan dikirim? (WIB)"
    view = await step(chat, view, "Setiap minggu (Senin)", hours)
    assert button_labels(view)[:4] == ["07.00", "12.00", "20.00", "22.00"]
    notice = await settings_again(chat, view, "22.00", "Pengaturan")
    assert notice == "Ringkasan: setiap Senin pukul 22.00 WIB."
    row = await user_row(runtime, chat)
    assert (row["summary_frequency"], row["summary_hour"]) == ("weekly", 22)
    now = t("id", "summary_choose", current="setiap Senin pukul 22.00 WIB")
    view = await step(chat, view, "📬 Ringkasan", now)
    view = await step(chat, view, "✓ Setiap minggu (Senin)", hours)
    assert button_labels(view)[3] == "✓ 22.00"


async def test_plan_in_english_shows_usage_without_an_end_date(
    new_chat: ChatFactory, seed_bot: SeedBot, runtime: Runtime
) -> None:
    chat = new_chat(language_code="en")
    bot_id = await seed_bot(chat)
    await put_on_plan(runtime, chat, "free")  # seeded on Elite (custom code)
    async with runtime.db.as_service() as conn:
        await conn.execute("update bots set desired_state = 'running' where id = $1", bot_id)
        await conn.execute(
            "update users set ai_generations_used = 2,"
            " ai_generations_period = date_trunc('month', now())::date where telegram_id = $1",
            chat.user_id,
        )
    (view,) = await chat.say("/plan")
    assert view["text"] == (
        "Your plan: Free\nNo end date\n"
        "Bots: 1 of 1 active · play money only (live trading needs a paid plan)\n"
        "AI generations this month: 2 of 5\n"
        "Backtests up to 180 days · optimisation up to 50 epochs"
    )


async def test_plan_in_indonesian_shows_the_end_date_and_its_numbers(
    new_chat: ChatFactory, runtime: Runtime
) -> None:
    chat = new_chat(language_code="id")
    await chat.say("/settings")  # the first contact creates the user
    ends = dt.datetime(2026, 12, 24, 10, tzinfo=dt.UTC)
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "update users set plan_code = 'elite', plan_expires_at = $2 where telegram_id = $1",
            chat.user_id,
            ends,
        )
    (view,) = await chat.say("/plan")
    assert view["text"] == (
        "Paket Anda: Elite\nBerlaku sampai 24 Des 2026\n"
        "Bot: 0 dari 20 aktif · live: 0 dari 10\n"
        "Pembuatan AI bulan ini: 0 dari 500\n"
        "Backtest hingga 730 hari · optimasi hingga 1.000 epoch"
    )
    (listed,) = await chat.say("/help")
    assert f"/plan — {label('id', 'cmd_plan')}" in listed["text"]
