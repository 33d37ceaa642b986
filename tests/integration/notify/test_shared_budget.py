"""Load with several senders: two sender processes and a chatting user, one flood budget.

1,000 alerts go to 100 chats through two sender processes wired as production wires
them, while one of those users chats with the bot (real PTB, polling the emulator in
this process). The emulator enforces Telegram's limits and records when every message
reached a chat and when the user wrote; every bound is read from those records.
"""

from __future__ import annotations

import asyncio
import bisect
import itertools
import json
import secrets
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot

from emulators.telegram import TelegramEmulator
from orchestrator.alerts.produce import enqueue_alert
from orchestrator.core.runtime import Runtime
from orchestrator.db.pool import Database
from telegram_bot.app import build_application
from telegram_bot.runner import running
from tests.integration.notify.conftest import ChatUserFactory, rows
from tests.integration.runner.conftest import exchange, runtime
from tests.support.waiting import eventually

__all__ = ["exchange", "runtime"]

CHATS, PER_CHAT = 100, 10
TURNS = 12  # messages the user writes while the alerts go out
ALERTS_PER_TURN = 70  # the user writes again each time this many more alerts are out
REPLY_WITHIN = 2.0  # seconds from the user's message to the bot's reply
ALERT = "🔔 Test note"
SENDER = [sys.executable, "-m", "tests.integration.notify.sender_process"]
Stamped = list[dict[str, Any]]


@asynccontextmanager
async def sender_processes(
    logs: Path, *args: str, count: int = 2
) -> AsyncIterator[list[asyncio.subprocess.Process]]:
    """Start `count` sender processes; stop any still running when the block ends."""
    procs = []
    try:
        for n in range(count):
            with (logs / f"sender-{n}.log").open("w") as log:
                procs.append(
                    await asyncio.create_subprocess_exec(
                        *SENDER, *args, stdout=asyncio.subprocess.PIPE, stderr=log
                    )
                )
        for proc in procs:
            assert proc.stdout is not None
            ready = await asyncio.wait_for(proc.stdout.readline(), 60)
            assert ready == b"ready\n", f"a sender failed to start; see {logs}"
        yield procs
    finally:
        for proc in procs:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()


async def stop(proc: asyncio.subprocess.Process) -> dict[str, int]:
    """Stop a sender gracefully and return the counters it printed."""
    proc.terminate()
    out, _ = await asyncio.wait_for(proc.communicate(), 30)
    counters: dict[str, int] = json.loads(out.decode().strip().splitlines()[-1])
    return counters


async def queue_alerts(db: Database, users: list[uuid.UUID]) -> None:
    """Queue PER_CHAT notes per user, rounds interleaved across the chats."""
    async with db.as_service() as conn:
        for seq in range(PER_CHAT):
            for index, user in enumerate(users):
                await enqueue_alert(conn, user, {"kind": "test_note", "tag": f"{index}-{seq}"})


async def sent_count(db: Database, users: list[uuid.UUID]) -> int:
    """Return how many of the users' alerts are sent."""
    async with db.as_service() as conn:
        count: int = await conn.fetchval(
            "select count(*) from alerts where user_id = any($1::uuid[]) and status = 'sent'",
            users,
        )
    return count


def replies(tg: TelegramEmulator, chat: int) -> list[dict[str, Any]]:
    """Return the bot's messages to the chat that are not alerts."""
    return [m for m in tg.messages(chat) if not m["text"].startswith(ALERT)]


async def chat_during_load(
    tg: TelegramEmulator, db: Database, chat: int, users: list[uuid.UUID]
) -> list[int]:
    """Write TURNS messages as the alerts go out, each after the last reply; return their ids."""
    written = []
    for turn in range(TURNS):
        target = turn * ALERTS_PER_TURN

        async def progressed(target: int = target) -> bool:
            return await sent_count(db, users) >= target

        await eventually(progressed, within=90, every=0.1, what=f"{target} alerts out")
        message_id = tg.send_user_message(chat, "/help")["message_id"]
        written.append(message_id)

        async def answered(message_id: int = message_id) -> bool:
            return any(m["message_id"] > message_id for m in replies(tg, chat))

        await eventually(answered, within=30, every=0.05, what="the bot's reply")
    return written


def most_within(stamps: list[float], seconds: float) -> int:
    """Return the largest number of stamps inside any window of `seconds`."""
    ordered = sorted(stamps)
    return max(bisect.bisect_left(ordered, t + seconds - 1e-9) - i for i, t in enumerate(ordered))


def overflows(stamps: list[float], rate: float, burst: int) -> int:
    """Replay stamps through a token bucket; return how many it would have refused."""
    tokens, last, refused = float(burst), None, 0
    for t in sorted(stamps):
        if last is not None:
            tokens = min(float(burst), tokens + (t - last) * rate)
        last = t
        if tokens >= 1 - 1e-6:
            tokens -= 1
        else:
            refused += 1
    return refused


def reply_delays(tg: TelegramEmulator, chat: int, written: list[int]) -> list[float]:
    """Return, per message the user wrote, the seconds until the bot's reply reached the chat."""
    stats = tg.stats()
    wrote = {entry["message_id"]: entry["t"] for entry in stats["incoming"][str(chat)]}
    arrived = {entry["message_id"]: entry["t"] for entry in stats["deliveries"][str(chat)]}
    reply_ids = sorted(m["message_id"] for m in replies(tg, chat))
    return [
        arrived[next(r for r in reply_ids if r > message_id)] - wrote[message_id]
        for message_id in written
    ]


@pytest.mark.slow  # 1,000 alerts at 25 a second take 40 seconds or more
async def test_two_sender_processes_and_a_chatting_user_share_one_flood_budget(
    db: Database,
    database_url: str,
    redis_url: str,
    runtime: Runtime,
    tg: TelegramEmulator,
    bot: Bot,
    chat_user: ChatUserFactory,
    tmp_path: Path,
) -> None:
    made = [await chat_user() for _ in range(CHATS)]
    users, chats = [u for u, _ in made], [c for _, c in made]
    talker = chats[0]  # one of the 100 users chats while the alerts go out
    await bot.delete_webhook(drop_pending_updates=True)  # only the talker's messages count
    await queue_alerts(db, users)
    token = f"{secrets.randbelow(10**9) + 10**9}:{secrets.token_urlsafe(30)}"  # its own budget
    api, files = tg.bot_base_url, tg.file_base_url
    app = build_application(runtime, token=token, base_url=api, base_file_url=files, webhook=False)
    args = (database_url, redis_url, token, api, files)
    async with running(app), sender_processes(tmp_path, *args) as procs:
        written = await chat_during_load(tg, db, talker, users)
        await eventually(
            lambda: _all_sent(db, users), within=120, every=0.25, what="every alert sent"
        )
        counters = [await stop(proc) for proc in procs]

    stats = tg.stats()
    deliveries: dict[str, Stamped] = stats["deliveries"]
    everything = [entry["t"] for entry in itertools.chain(*deliveries.values())]
    delays = reply_delays(tg, talker, written)
    print(
        f"\n{len(everything)} messages over {max(everything) - min(everything):.1f}s;"
        f" at most {most_within(everything, 1.0)} in a second; 429s {stats['flood_429']};"
        f" senders {counters}; reply delays {[round(d, 2) for d in delays]}"
    )
    # Every alert exactly once, in order, each matching its row.
    for index, chat in enumerate(chats):
        alerts = [m["text"] for m in tg.messages(chat) if m["text"].startswith(ALERT)]
        assert alerts == [f"{ALERT}\ntag: {index}-{seq}" for seq in range(PER_CHAT)]
    found = await rows(db, users)
    assert {row["status"] for row in found} == {"sent"} and len(found) == CHATS * PER_CHAT
    sent = {
        (c, m["message_id"]) for c in chats for m in tg.messages(c) if m["text"].startswith(ALERT)
    }
    assert {(row["chat_id"], row["message_id"]) for row in found} == sent
    assert all(c["sent"] > 0 for c in counters) and sum(c["sent"] for c in counters) == 1000
    # Within Telegram's limits, by the emulator's clock.
    assert stats["flood_429"] == 0
    assert most_within(everything, 1.0) <= 30
    for chat in chats:
        stamps = [entry["t"] for entry in deliveries[str(chat)]]
        assert overflows(stamps, rate=1.0, burst=3) == 0  # one a second, Telegram's short burst
        if chat != talker:  # alerts alone never burst: a second apart
            assert min(b - a for a, b in itertools.pairwise(sorted(stamps))) >= 0.99
    # The chat answers promptly all the while.
    assert len(delays) == TURNS and max(delays) <= REPLY_WITHIN


async def _all_sent(db: Database, users: list[uuid.UUID]) -> bool:
    return await sent_count(db, users) == len(users) * PER_CHAT
