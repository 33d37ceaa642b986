"""The alert sender against the Telegram emulator with flood limits on, through real PTB."""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections import Counter

import pytest

from emulators.telegram import TelegramEmulator
from orchestrator.accounts import users as accounts
from orchestrator.alerts import BudgetLimits
from orchestrator.alerts.produce import enqueue_alert
from orchestrator.db.pool import Database
from tests.integration.notify.conftest import (
    ChatUserFactory,
    SenderFactory,
    bot_texts,
    enqueue,
    rows,
    settle,
    smallest_gap,
)
from tests.support.waiting import eventually

CHATS = 100
PER_CHAT = 10


async def _queue_interleaved(db: Database, users: list[uuid.UUID]) -> None:
    """Queue PER_CHAT notes per user, rounds interleaved across chats in a seeded order."""
    rng = random.Random(5)
    async with db.as_service() as conn:
        for seq in range(PER_CHAT):
            for index in rng.sample(range(len(users)), len(users)):
                payload = {"kind": "test_note", "tag": f"{index}-{seq}"}
                await enqueue_alert(conn, users[index], payload)


async def _all_sent(db: Database, users: list[uuid.UUID]) -> bool:
    async with db.as_service() as conn:
        waiting = await conn.fetchval(
            "select count(*) from alerts where user_id = any($1::uuid[]) and status <> 'sent'",
            users,
        )
    return waiting == 0


@pytest.mark.slow  # alerts' share of Telegram's limits paces 1,000 messages over 40 s or more
async def test_thousand_alerts_to_hundred_chats_exactly_once_in_order_within_limits(
    db: Database, tg: TelegramEmulator, new_sender: SenderFactory, chat_user: ChatUserFactory
) -> None:
    made = [await chat_user() for _ in range(CHATS)]
    users, chats = [u for u, _ in made], [c for _, c in made]
    await _queue_interleaved(db, users)
    tg.set_fault(status=502, error_rate=0.03, seed=11, methods=["sendMessage"])
    sender = new_sender()
    stop = asyncio.Event()
    started = time.monotonic()
    task = asyncio.create_task(sender.run_forever(stop))
    await eventually(lambda: _all_sent(db, users), within=90, every=0.25, what="all sent")
    elapsed = time.monotonic() - started
    stop.set()
    await task

    stats = tg.stats()
    minimum = max(CHATS * PER_CHAT / BudgetLimits.alert_rate, PER_CHAT * 1.0)
    print(
        f"\ndelivered {CHATS * PER_CHAT} alerts to {CHATS} chats in {elapsed:.1f}s"
        f" (limit-bound minimum {minimum:.1f}s, ratio {elapsed / minimum:.2f});"
        f" 5xx injected {stats['faults_5xx']}, 429s {stats['flood_429']}, sender {sender.stats}"
    )
    for index, chat_id in enumerate(chats):
        assert bot_texts(tg, chat_id) == [
            f"🔔 Test note\ntag: {index}-{seq}" for seq in range(PER_CHAT)
        ]
    found = await rows(db, users)
    assert Counter(row["status"] for row in found) == {"sent": CHATS * PER_CHAT}
    delivered = {(c, m["message_id"]) for c in chats for m in tg.messages(c)}
    assert {(row["chat_id"], row["message_id"]) for row in found} == delivered
    assert stats["faults_5xx"] > 0 and sender.stats.retried == stats["faults_5xx"]
    assert sender.stats.sent == CHATS * PER_CHAT and sender.stats.dead == 0
    assert smallest_gap(tg, chats) >= 0.99
    # How close to `minimum` pacing gets is asserted in virtual time (tests/unit/notify).


async def test_blocked_user_is_marked_and_only_their_alerts_die(
    db: Database, tg: TelegramEmulator, new_sender: SenderFactory, chat_user: ChatUserFactory
) -> None:
    (blocker, blocker_chat), (other, other_chat) = await chat_user(), await chat_user()
    tg.block_user(blocker_chat)
    for user in (blocker, other, blocker, other):
        await enqueue(db, user, "bot_started", {"bot_name": "b", "pair": "BTC/USDT"})
    sender = new_sender()
    found = await settle(sender, db, [blocker, other])
    assert [(r["user_id"], r["status"]) for r in found if r["user_id"] == blocker] == [
        (blocker, "dead")
    ] * 2
    assert {r["last_error"] for r in found if r["user_id"] == blocker} == {"blocked"}
    assert [r["status"] for r in found if r["user_id"] == other] == ["sent", "sent"]
    assert len(tg.messages(other_chat)) == 2 and tg.messages(blocker_chat) == []
    async with db.as_service() as conn:
        assert await conn.fetchval("select bot_blocked_at from users where id = $1", blocker)
    calls = tg.stats()["methods"]["sendMessage"]

    later = await enqueue(db, blocker, "bot_started", {"bot_name": "b", "pair": "BTC/USDT"})
    await settle(sender, db, [blocker])
    [row] = [r for r in await rows(db, [blocker]) if r["id"] == later]
    assert (row["status"], row["last_error"]) == ("dead", "blocked")
    assert tg.stats()["methods"]["sendMessage"] == calls  # not even tried

    await accounts.get_or_create(  # the user pressed /start again
        db, blocker_chat, username=None, name="Trader", language_code="en"
    )
    tg.block_user(blocker_chat, blocked=False)
    await enqueue(db, blocker, "bot_started", {"bot_name": "back", "pair": "BTC/USDT"})
    await settle(sender, db, [blocker])
    assert bot_texts(tg, blocker_chat) == ["▶️ Bot started\nback · BTC/USDT"]


async def test_failures_retry_with_backoff_then_die_with_the_reason(
    db: Database, tg: TelegramEmulator, new_sender: SenderFactory, chat_user: ChatUserFactory
) -> None:
    user, chat = await chat_user()
    doomed = await enqueue(db, user, "bot_started", {"bot_name": "first", "pair": "A/B"})
    survivor = await enqueue(db, user, "bot_started", {"bot_name": "second", "pair": "A/B"})
    tg.set_fault(status=502, count=3, methods=["sendMessage"])
    sender = new_sender(max_attempts=3, backoff_base=0.05, outage_after=99)
    found = {r["id"]: r for r in await settle(sender, db, [user])}
    assert (found[doomed]["status"], found[doomed]["attempts"]) == ("dead", 3)
    assert "Bad Gateway" in found[doomed]["last_error"]
    assert found[survivor]["status"] == "sent"
    assert bot_texts(tg, chat) == ["▶️ Bot started\nsecond · A/B"]
    assert sender.stats.retried == 2 and sender.stats.dead == 1

    stranger, _ = await chat_user()
    async with db.as_service() as conn:  # an alert to a chat Telegram does not know
        await conn.execute("update users set telegram_id = 42 where id = $1", stranger)
    rejected = await enqueue(db, stranger, "bot_started", {"bot_name": "x"})
    [row] = await settle(sender, db, [stranger])
    assert (row["id"], row["status"], row["attempts"]) == (rejected, "dead", 1)
    assert row["last_error"] == "Chat not found"


async def test_crash_mid_batch_then_a_new_sender_delivers_the_rest_exactly_once(
    db: Database, tg: TelegramEmulator, new_sender: SenderFactory, chat_user: ChatUserFactory
) -> None:
    made = [await chat_user() for _ in range(20)]
    users = [u for u, _ in made]
    for seq in range(3):
        for user in users:
            await enqueue(db, user, "test_note", {"seq": seq})
    first = new_sender(global_rate=8, global_burst=1)
    task = asyncio.create_task(first.run_forever(asyncio.Event()))
    await eventually(lambda: _sent_at_least(db, users, 12), within=20, what="12 sent")
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    leased = [r for r in await rows(db, users) if r["status"] == "sending"]
    assert leased, "the crash must leave leased rows behind"

    second = new_sender(stale_after=1.0, poll_interval=0.2)
    stop = asyncio.Event()
    restarted = asyncio.create_task(second.run_forever(stop))
    await eventually(lambda: _all_sent(db, users), within=30, what="all sent after restart")
    stop.set()
    await restarted
    assert second.stats.recovered >= len(leased)
    for _, chat in made:
        assert bot_texts(tg, chat) == [f"🔔 Test note\nseq: {seq}" for seq in range(3)]


async def _sent_at_least(db: Database, users: list[uuid.UUID], count: int) -> bool:
    async with db.as_service() as conn:
        sent = await conn.fetchval(
            "select count(*) from alerts where user_id = any($1::uuid[]) and status = 'sent'",
            users,
        )
    return bool(sent >= count)


async def test_alert_levels_mute_or_filter_without_sending(
    db: Database, tg: TelegramEmulator, new_sender: SenderFactory, chat_user: ChatUserFactory
) -> None:
    muted, muted_chat = await chat_user(alert_level="none")
    picky, picky_chat = await chat_user(alert_level="important")
    for user in (muted, picky):
        await enqueue(db, user, "trade_opened", {"bot_name": "b", "pair": "BTC/USDT"})
        await enqueue(db, user, "bot_failed", {"bot_name": "b", "reason": "crash"})
    sender = new_sender()
    found = await settle(sender, db, [muted, picky])
    outcome = [(r["user_id"], r["kind"], r["status"], r["last_error"]) for r in found]
    assert outcome == [
        (muted, "trade_opened", "skipped", "muted"),
        (muted, "bot_failed", "skipped", "muted"),
        (picky, "trade_opened", "skipped", "filtered"),
        (picky, "bot_failed", "sent", None),
    ]
    assert tg.messages(muted_chat) == []
    assert [m["text"].splitlines()[0] for m in tg.messages(picky_chat)] == [
        "⛔ Bot stopped: it failed"
    ]
    assert sender.stats.skipped == 3
