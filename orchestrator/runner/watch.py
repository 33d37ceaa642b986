"""The worker's supervision loops: lease heartbeat, crash restarts and trade sync."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

from orchestrator.runner.disk import disk_once
from orchestrator.runner.leases import announce_worker
from orchestrator.runner.manager import BotManager, RunningBot
from orchestrator.runner.tradesync import ClosedTradeHook, sync_bot

log = logging.getLogger(__name__)

CRASH_WINDOW_S = 600
CRASH_LIMIT = 5
BACKOFF_CAP_S = 60


def backoff_seconds(crashes: int) -> float:
    """Return the delay before restart number `crashes` (1 s, 2 s, 4 s … capped)."""
    return float(min(BACKOFF_CAP_S, 2 ** max(0, crashes - 1)))


async def _renew_pending(manager: BotManager) -> None:
    """Renew leases of bots still starting; mark lost ones so the start is abandoned."""
    for bot_id, lease in list(manager.pending_leases.items()):
        if lease is None:
            continue
        try:
            renewed = await asyncio.wait_for(manager.leases.renew(lease), 1.0)
        except Exception:
            renewed = None if manager.leases.expired_locally(lease) else lease
        if bot_id in manager.pending_leases:
            manager.pending_leases[bot_id] = renewed


async def heartbeat_once(manager: BotManager) -> None:
    """Renew every lease; kill any bot whose lease is lost or cannot be confirmed."""
    await _renew_pending(manager)
    for bot in list(manager.bots.values()):
        try:
            renewed = await asyncio.wait_for(manager.leases.renew(bot.lease), 1.0)
        except Exception as exc:  # Redis unreachable: keep going only while provably safe
            if manager.leases.expired_locally(bot.lease):
                log.error("bot %s: lease unconfirmed (%s); killing it", bot.bot_id, exc)
                manager.kill_now(bot)
            continue
        if renewed is None:
            log.error("bot %s: lease lost; killing it", bot.bot_id)
            manager.kill_now(bot)
        else:
            bot.lease = renewed
    ttl_s = max(2, manager.leases.ttl_ms // 1000)
    with contextlib.suppress(Exception):
        await announce_worker(
            manager.leases.redis,
            manager.name,
            manager.capacity,
            len(manager.bots),
            ttl_s,
            sandbox=manager.sandbox_ok,
        )


async def monitor_once(manager: BotManager) -> None:
    """Notice crashed bots and restart them with backoff, or fail them on a crash loop."""
    now = time.monotonic()
    for bot in list(manager.bots.values()):
        if bot.stopping or bot.process.returncode is None:
            continue
        if bot.restart_at is None:
            _record_crash(bot, now)
            if len(bot.crashes) >= CRASH_LIMIT:
                await _give_up(manager, bot)
                continue
            bot.restart_at = now + backoff_seconds(len(bot.crashes))
            log.warning(
                "bot %s exited with %s; restart in %.0f s",
                bot.bot_id,
                bot.process.returncode,
                bot.restart_at - now,
            )
        elif now >= bot.restart_at:
            bot.restart_at = None
            # A failed restart leaves the dead process in place: the next pass counts it.
            await manager.restart(bot)


def _record_crash(bot: RunningBot, now: float) -> None:
    bot.crashes = [t for t in bot.crashes if now - t < CRASH_WINDOW_S] + [now]


async def _give_up(manager: BotManager, bot: RunningBot) -> None:
    tail = bot.files.tail(40)
    reason = f"crash_loop: {len(bot.crashes)} crashes in {CRASH_WINDOW_S // 60} minutes"
    manager.bots.pop(bot.bot_id, None)
    await manager.leases.release(bot.lease)
    async with manager.runtime.db.as_service() as conn:
        row = await conn.fetchrow("select id, user_id, name from bots where id = $1", bot.bot_id)
    if row is not None:
        await manager.mark_failed(row, reason, tail)


async def sync_once(manager: BotManager, on_closed: ClosedTradeHook | None = None) -> None:
    """Copy every held bot's trades into our tables."""
    for bot_id in list(manager.bots):
        try:
            result = await sync_bot(manager.runtime, bot_id, on_closed)
            if result.actions:
                await manager.apply_state(bot_id)
        except Exception:
            log.exception("trade sync failed for bot %s", bot_id)


async def _every(seconds: float, step: Callable[[], Awaitable[None]], name: str) -> None:
    while True:
        try:
            await step()
        except Exception:
            log.exception("%s loop step failed", name)
        await asyncio.sleep(seconds)


def start_loops(
    manager: BotManager, on_closed: ClosedTradeHook | None = None
) -> list[asyncio.Task[None]]:
    """Start the heartbeat, monitor, disk and sync loops; cancel the tasks to stop them."""
    beat = manager.leases.ttl_ms / 1000 / 5
    return [
        asyncio.create_task(_every(beat, lambda: heartbeat_once(manager), "heartbeat")),
        asyncio.create_task(_every(0.5, lambda: monitor_once(manager), "monitor")),
        asyncio.create_task(_every(2.0, lambda: disk_once(manager), "disk")),
        asyncio.create_task(_every(5.0, lambda: sync_once(manager, on_closed), "sync")),
    ]
