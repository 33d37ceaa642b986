"""Sender paths beyond the happy one: 429s, outages, photos, every kind, stops, two senders."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping
from typing import Any

from emulators.telegram import TelegramEmulator
from orchestrator.alerts import AlertSender, RenderedAlert
from orchestrator.artifacts import PostgresArtifacts
from orchestrator.db.pool import Database
from telegram_bot.alerts import PtbTransport, TelegramRenderer
from telegram_bot.alerts.buttons import PAUSE_ACTIONS, STRATEGY_ACTIONS
from telegram_bot.callbacks import Action, Callback, decode, derive_key
from tests.integration.emulators.conftest_telegram import png_bytes
from tests.integration.notify.conftest import (
    TOKEN,
    ChatUserFactory,
    SenderFactory,
    bot_texts,
    enqueue,
    rows,
    settle,
    smallest_gap,
)
from tests.support.waiting import eventually
from tests.unit.notify.samples import BOT_ID, KINDS, SAMPLES

KEY = derive_key(TOKEN)
BOT = uuid.UUID(BOT_ID)
VERSION = uuid.UUID(SAMPLES["strategy_ready"]["version_id"])


def presses(message: dict[str, Any], chat: int) -> list[Callback | None]:
    """Return what each of a message's buttons does when pressed in `chat`."""
    return [decode(KEY, chat, b["callback_data"]) for row in message["buttons"] for b in row]


async def _statuses(db: Database, users: list[uuid.UUID]) -> list[str]:
    return [row["status"] for row in await rows(db, users)]


async def _run_until_sent(sender: AlertSender, db: Database, users: list[uuid.UUID]) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(sender.run_forever(stop))

    async def all_sent() -> bool:
        return set(await _statuses(db, users)) == {"sent"}

    try:
        await eventually(all_sent, within=30, every=0.1, what="every alert sent")
    finally:
        stop.set()
        await task


async def test_per_chat_flood_wait_is_obeyed_and_costs_no_attempt(
    db: Database, tg: TelegramEmulator, new_sender: SenderFactory, chat_user: ChatUserFactory
) -> None:
    user, chat = await chat_user()
    for seq in range(6):
        await enqueue(db, user, "test_note", {"seq": seq})
    reckless = new_sender(per_chat_interval=0.0)  # leave spacing to Telegram
    await _run_until_sent(reckless, db, [user])
    assert bot_texts(tg, chat) == [f"🔔 Test note\nseq: {seq}" for seq in range(6)]
    assert reckless.stats.flood_waits >= 1 and tg.stats()["flood_429"] >= 1
    assert {row["attempts"] for row in await rows(db, [user])} == {0}


async def test_global_flood_pauses_every_chat_and_still_delivers_once(
    db: Database, tg: TelegramEmulator, new_sender: SenderFactory, chat_user: ChatUserFactory
) -> None:
    made = [await chat_user() for _ in range(60)]
    for user, _ in made:
        await enqueue(db, user, "test_note", {"n": 1})
    tg.set_limits(global_per_sec=10)  # Telegram allows less than this sender sends
    greedy = new_sender(global_rate=200)
    await _run_until_sent(greedy, db, [u for u, _ in made])
    assert all(len(tg.messages(chat)) == 1 for _, chat in made)
    assert greedy.stats.flood_waits >= 1
    assert greedy.stats.sent == 60 and greedy.stats.dead == 0


async def test_an_outage_spends_no_attempts_and_nothing_dies(
    db: Database, tg: TelegramEmulator, new_sender: SenderFactory, chat_user: ChatUserFactory
) -> None:
    made = [await chat_user() for _ in range(5)]
    users = [u for u, _ in made]
    for user in users:
        await enqueue(db, user, "test_note", {"n": 1})
    tg.set_fault(status=503, error_rate=1.0, methods=["sendMessage"])
    sender = new_sender(max_attempts=2, outage_after=2, backoff_base=0.05, backoff_cap=0.3)
    stop = asyncio.Event()
    task = asyncio.create_task(sender.run_forever(stop))
    await eventually(lambda: _failed_calls(tg, 15), within=15, what="15 failed sends")
    assert "dead" not in await _statuses(db, users)
    tg.set_fault(status=503, error_rate=0.0)
    await eventually(
        lambda: _statuses_are(db, users, {"sent"}), within=15, what="delivery after the outage"
    )
    stop.set()
    await task
    assert all(len(tg.messages(chat)) == 1 for _, chat in made)


async def _failed_calls(tg: TelegramEmulator, count: int) -> bool:
    return bool(tg.stats()["faults_5xx"] >= count)


async def _statuses_are(db: Database, users: list[uuid.UUID], wanted: set[str]) -> bool:
    return set(await _statuses(db, users)) == wanted


async def test_every_kind_in_both_languages_is_accepted_by_telegram(
    db: Database, tg: TelegramEmulator, new_sender: SenderFactory, chat_user: ChatUserFactory
) -> None:
    chats: dict[tuple[str, str], int] = {}
    users = []
    for language in ("id", "en"):
        for kind in KINDS:
            user, chat = await chat_user(language=language)
            await enqueue(db, user, kind, SAMPLES[kind])
            chats[(kind, language)], users = chat, [*users, user]
    found = await settle(new_sender(), db, users)
    assert {row["status"] for row in found} == {"sent"}
    paused_chat = chats[("supervisor_paused", "id")]
    [paused] = tg.messages(paused_chat)
    assert presses(paused, paused_chat) == [Callback(a, BOT) for a in PAUSE_ACTIONS.values()]
    assert paused["text"].startswith("⏸ Bot dijeda oleh pengawas")
    assert paused["parse_mode"] == "HTML"


async def store_chart(db: Database, user: uuid.UUID) -> uuid.UUID:
    """Store a small PNG as the user's chart artifact and return its id."""
    async with db.as_service() as conn:
        stored = await PostgresArtifacts(db).put(conn, user, "equity_chart", png_bytes())
    return stored.id


async def test_a_new_strategy_goes_out_as_a_captioned_chart_then_its_explanation(
    db: Database, tg: TelegramEmulator, new_sender: SenderFactory, chat_user: ChatUserFactory
) -> None:
    user, chat = await chat_user(language="id")
    artifact = await store_chart(db, user)
    await enqueue(
        db,
        user,
        "strategy_ready",
        {**SAMPLES["strategy_ready"], "chart_artifact_id": str(artifact)},
    )
    await settle(new_sender(), db, [user])
    photo, text = tg.messages(chat)
    assert photo["photo"] is True and photo["buttons"] == []
    assert photo["text"].startswith("✨ Strategi siap\nRSI dip buyer")
    assert "data uji jauh lebih buruk" in photo["text"]  # the warning is on the chart
    assert text["text"].startswith("RSI dip buyer\nBuys BTC") and "Data uji" in text["text"]
    # backtest longer, optimise, start bot, show code
    assert presses(text, chat) == [Callback(a, VERSION) for a in STRATEGY_ACTIONS.values()]


async def test_a_long_explanation_keeps_the_chart_caption_short(
    db: Database, tg: TelegramEmulator, new_sender: SenderFactory, chat_user: ChatUserFactory
) -> None:
    user, chat = await chat_user(language="en")
    artifact = await store_chart(db, user)
    long_story = "This strategy buys dips and sells rips. " * 35  # far over 1,024 characters
    payload = {
        **SAMPLES["strategy_ready"],
        "chart_artifact_id": str(artifact),
        "explanation": long_story,
    }
    await enqueue(db, user, "strategy_ready", payload)
    found = await settle(new_sender(), db, [user])
    assert [row["status"] for row in found] == ["sent"]
    photo, text = tg.messages(chat)
    assert photo["photo"] is True and photo["buttons"] == []
    assert photo["text"].startswith("✨ Strategy ready") and "buys dips" not in photo["text"]
    assert "buys dips" in text["text"] and len(text["text"]) > 1024
    assert presses(text, chat) == [Callback(a, VERSION) for a in STRATEGY_ACTIONS.values()]


async def test_without_its_chart_the_caption_leads_the_text(
    db: Database, tg: TelegramEmulator, new_sender: SenderFactory, chat_user: ChatUserFactory
) -> None:
    user, chat = await chat_user(language="en")
    await enqueue(db, user, "strategy_ready", dict(SAMPLES["strategy_ready"]))
    await settle(new_sender(), db, [user])
    [message] = tg.messages(chat)
    assert message["photo"] is False or not message["photo"]
    assert message["text"].startswith("✨ Strategy ready\nRSI dip buyer")
    assert "out-of-sample much worse" in message["text"] and "Judged on" in message["text"]
    assert presses(message, chat) == [Callback(a, VERSION) for a in STRATEGY_ACTIONS.values()]


async def test_graceful_stop_hands_unsent_leases_back(
    db: Database, tg: TelegramEmulator, new_sender: SenderFactory, chat_user: ChatUserFactory
) -> None:
    made = [await chat_user() for _ in range(10)]
    users = [u for u, _ in made]
    for user in users:
        await enqueue(db, user, "test_note", {"n": 1})
    sender = new_sender(global_rate=2, global_burst=1)
    stop = asyncio.Event()
    task = asyncio.create_task(sender.run_forever(stop))
    await eventually(lambda: _any_sent(db, users), within=10, what="a first delivery")
    stop.set()
    await task
    statuses = await _statuses(db, users)
    assert "sending" not in statuses and "pending" in statuses
    assert statuses.count("sent") == sum(len(tg.messages(chat)) for _, chat in made)


async def _any_sent(db: Database, users: list[uuid.UUID]) -> bool:
    return "sent" in await _statuses(db, users)


async def test_two_senders_share_the_outbox_without_duplicates_or_reordering(
    db: Database, tg: TelegramEmulator, new_sender: SenderFactory, chat_user: ChatUserFactory
) -> None:
    made = [await chat_user() for _ in range(20)]
    users = [u for u, _ in made]
    for seq in range(4):
        for user in users:
            await enqueue(db, user, "test_note", {"seq": seq})
    senders = [new_sender(global_rate=14, global_burst=5) for _ in range(2)]
    stop = asyncio.Event()
    tasks = [asyncio.create_task(s.run_forever(stop)) for s in senders]
    await eventually(lambda: _statuses_are(db, users, {"sent"}), within=30, what="all sent")
    stop.set()
    await asyncio.gather(*tasks)
    for _, chat in made:
        assert bot_texts(tg, chat) == [f"🔔 Test note\nseq: {seq}" for seq in range(4)]
    assert all(s.stats.sent > 0 for s in senders)
    assert sum(s.stats.sent for s in senders) == 80
    assert tg.stats()["flood_429"] == 0
    assert smallest_gap(tg, [chat for _, chat in made]) >= 0.99


async def test_buttons_work_only_in_their_chat_and_an_unrenderable_alert_dies_alone(
    db: Database,
    tg: TelegramEmulator,
    transport: PtbTransport,
    renderer: TelegramRenderer,
    chat_user: ChatUserFactory,
) -> None:
    user, chat = await chat_user()
    other_user, other_chat = await chat_user()

    def fragile(kind: str, payload: Mapping[str, Any], language: str, to: int) -> RenderedAlert:
        if kind == "bot_failed":
            raise ValueError("cannot render this one")
        return renderer(kind, payload, language, to)

    await enqueue(db, user, "bot_failed", SAMPLES["bot_failed"])
    for someone in (user, other_user):
        await enqueue(db, someone, "bot_started", SAMPLES["bot_started"])
    found = await settle(AlertSender(db, transport, fragile), db, [user, other_user])
    assert [row["status"] for row in found] == ["dead", "sent", "sent"]
    assert found[0]["last_error"].startswith("render failed: ValueError")
    [started] = tg.messages(chat)
    assert started["text"].startswith("▶️ Bot started")
    assert [[b["text"] for b in row] for row in started["buttons"]] == [["Open bot"]]
    assert presses(started, chat) == [Callback(Action.BOT_DETAIL, BOT)]
    assert presses(started, other_chat) == [None]
    assert tg.messages(other_chat)[0]["buttons"] != started["buttons"]
