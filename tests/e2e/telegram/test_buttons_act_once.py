"""Buttons that change something act once: the message shows the outcome and loses them."""

from __future__ import annotations

import struct
import uuid
from typing import Any

from orchestrator.core.runtime import Runtime
from telegram_bot.alerts import PtbTransport, TelegramRenderer
from telegram_bot.alerts.texts import label as alert_label
from telegram_bot.app import App
from telegram_bot.i18n import label, t
from tests.e2e.telegram.chat import Chat, Message, button_data, plain
from tests.e2e.telegram.conftest import TOKEN, ChatFactory, SeedStrategy
from tests.e2e.telegram.test_strategies import open_versions, seed_two_versions

# Enough of a PNG for Telegram (and the emulator) to take it as a 16x16 photo.
CHART = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + struct.pack(">II", 16, 16) + b"\x08\x02\x00"


async def finished_hyperopt(runtime: Runtime, version_id: uuid.UUID) -> dict[str, Any]:
    """Store a finished hyperopt of the version, as the job does; return its alert payload."""
    best = {"epoch": 7, "profit_pct": 1.5, "trades": 12, "params": {"stoploss": -0.02}}
    async with runtime.db.as_service() as conn:
        run_id = await conn.fetchval(
            "insert into backtests (user_id, strategy_version_id, kind, status, days, results)"
            " select user_id, id, 'hyperopt', 'done', 30, $2 from strategy_versions"
            " where id = $1 returning id",
            version_id,
            {"epochs": 50, "seconds": 12.5, "best": best},
        )
    return {
        "run_id": str(run_id),
        "version_id": str(version_id),
        "epochs": 50,
        "seconds": 12.5,
        "best": best,
    }


async def send_alert(app: App, chat: Chat, payload: dict[str, Any], photo: bool) -> Message:
    """Send the optimise_ready alert the way the alert sender does; return the message."""
    rendered = TelegramRenderer.for_token(TOKEN)("optimise_ready", payload, "en", chat.user_id)
    transport = PtbTransport(app.bot)
    await transport.send(
        chat.user_id, rendered.text, buttons=rendered.buttons, photo=CHART if photo else None
    )
    return chat.messages()[-1]


async def versions_of(runtime: Runtime, version_id: uuid.UUID) -> list[int]:
    async with runtime.db.as_service() as conn:
        rows = await conn.fetch(
            "select version from strategy_versions where strategy_id ="
            " (select strategy_id from strategy_versions where id = $1) order by version",
            version_id,
        )
    return [row["version"] for row in rows]


async def test_apply_best_parameters_acts_once(
    new_chat: ChatFactory, seed_strategy: SeedStrategy, runtime: Runtime, tg_app: App
) -> None:
    chat = new_chat(language_code="en")
    version_id = await seed_strategy(chat)
    payload = await finished_hyperopt(runtime, version_id)
    await chat.say("/help")  # the chat must exist before the bot can write to it
    chart = await send_alert(tg_app, chat, payload, photo=True)
    copy = await send_alert(tg_app, chat, payload, photo=False)  # e.g. a forwarded copy
    apply = alert_label("button_apply", "en")
    data = button_data(chart, apply)
    applied = label("en", "optimise_applied", version=2)
    already = label("en", "optimise_already_applied", version=2)

    # A double tap: both presses reach the bot before it has edited the message.
    first, second = chat.press(chart, apply), chat.press(chart, apply)
    answers = sorted([(await chat.answer(first))["text"], (await chat.answer(second))["text"]])
    assert answers == sorted([applied, already])
    edited = await chat.edited_to(chart, f"{chart['text']}\n\n{applied}")
    assert edited["photo"] and edited["buttons"] == []

    # Another copy of the alert still has the button: it answers, edits, creates nothing.
    answer = await chat.answer(chat.press(copy, apply))
    assert answer["text"] == already
    settled = await chat.edited_to(copy, f"{copy['text']}\n\n{applied}")
    assert settled["buttons"] == []

    # A press that reaches the bot after the edit (a client showing the old message).
    answer = await chat.answer(chat.press(chart, data=data))
    assert answer["text"] == already
    assert chat.message(chart["message_id"])["text"] == edited["text"]

    assert await versions_of(runtime, version_id) == [1, 2]
    async with runtime.db.as_service() as conn:
        applied_to = await conn.fetchval(
            "select v.version from backtests b join strategy_versions v"
            " on v.id = b.applied_version_id where b.id = $1",
            uuid.UUID(payload["run_id"]),
        )
    assert applied_to == 2


async def test_rollback_acts_once(
    new_chat: ChatFactory, seed_strategy: SeedStrategy, runtime: Runtime
) -> None:
    chat = new_chat(language_code="en")
    await seed_two_versions(chat, seed_strategy, runtime)
    versions = await open_versions(chat)
    back = label("en", "btn_rollback", version=1)
    data = button_data(versions, back)

    chat.press(versions, back)
    rolled = plain(t("en", "rolled_back", old=1, new=3))
    shown = await chat.until(
        lambda: rolled in (m := chat.message(versions["message_id"]))["text"] and m,
        what="rolled back",
    )
    labels = [b["text"] for row in shown["buttons"] for b in row]
    assert back not in labels and label("en", "btn_show_code") in labels

    # The same button pressed again, from a client that still shows the old list.
    answer = await chat.answer(chat.press(versions, data=data))
    assert answer["text"] == label("en", "rollback_stale", current=3)
    await chat.until(
        lambda: "out of date" in chat.message(versions["message_id"])["text"],
        what="the list to say it was out of date",
    )
    async with runtime.db.as_service() as conn:
        count = await conn.fetchval(
            "select count(*) from strategy_versions v join users u on u.id = v.user_id"
            " where u.telegram_id = $1",
            chat.user_id,
        )
    assert count == 3
