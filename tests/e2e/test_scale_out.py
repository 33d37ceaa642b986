"""Two web instances and two workers on one Postgres and one Redis, one user's flow across them.

Every process is a real `nofomo web` or `nofomo worker`. The Telegram emulator pushes each
update through a round-robin balancer, so every step of the flow lands on the other web
instance from the one before: a conversation kept in one process's memory would lose its
place at the second step. The web instances run as in production (webhook, vault keys
required), the workers in local mode: only it may trade against the exchange emulator.
"""

from __future__ import annotations

import itertools
import secrets
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import asyncpg
import pytest
import redis.asyncio as aioredis

from emulators.exchange import EmulatorSettings, ExchangeEmulator
from emulators.telegram import FloodLimits, TelegramEmulator
from orchestrator.db.migrate import migrate
from orchestrator.db.pool import Database
from orchestrator.keys.vault import generate_key_entry
from orchestrator.runner.leases import live_workers
from telegram_bot.i18n import label, t
from tests.e2e.telegram.chat import Chat, Message, plain
from tests.support.databases import create_database, drop_database
from tests.support.fleet import (
    Fleet,
    RoundRobin,
    Service,
    redis_db_url,
    settings_free_env,
    wait_healthy,
)
from tests.support.leftovers import claim_root, users_of
from tests.support.processes import free_port, wait_gone
from tests.support.waiting import eventually

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

IDEA = "scalping BTC/USDT 5m with RSI and EMA crossover"
WORKERS = ("worker-a", "worker-b")
REDIS_DB = 11  # a logical database of its own: no other test's workers, queues or leases
# Telegram's real rates, with a burst generous enough that a quick test never waits.
FLOOD = FloodLimits(enabled=True, per_chat_per_sec=1.0, per_chat_burst=60, global_per_sec=30.0)


@dataclass(frozen=True)
class Deployment:
    """What the test drives and inspects: the chat side, the balancer and the processes."""

    tg: TelegramEmulator
    balancer: RoundRobin
    db: Database
    fleet: Fleet
    web: tuple[Service, Service]
    workers: tuple[Service, Service]
    token: str


@pytest.fixture
async def own_database(pg_server_url: str) -> AsyncIterator[str]:
    """A migrated database of its own: the session's holds other tests' vault fingerprints."""
    url = await create_database(pg_server_url, "nofomo_scale")
    conn = await asyncpg.connect(url)
    try:
        await migrate(conn)
    finally:
        await conn.close()
    yield url
    await drop_database(pg_server_url, url)


@pytest.fixture
async def own_redis(redis_url: str) -> AsyncIterator[str]:
    """A logical Redis database, emptied before and after."""
    url = redis_db_url(redis_url, REDIS_DB)
    client = aioredis.from_url(url)
    await client.flushdb()
    yield url
    await client.flushdb()
    await client.aclose()


@pytest.fixture
async def fleet() -> AsyncIterator[Fleet]:
    """Processes run in a scratch root (swept if the run is killed), all stopped afterwards."""
    root = claim_root("scale-")
    started = Fleet(root)
    try:
        yield started
    finally:
        await started.close()
        assert wait_gone(users_of(root), timeout=30) == [], "a process outlived the test"
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
async def deployment(own_database: str, own_redis: str, fleet: Fleet) -> AsyncIterator[Deployment]:
    """Two web instances behind the balancer and two workers, all up and registered."""
    ports = (free_port(), free_port())
    exchange = ExchangeEmulator(EmulatorSettings(seed=7))
    balancer = RoundRobin([f"http://127.0.0.1:{port}" for port in ports])
    await exchange.start()
    await balancer.start()
    db = await Database.connect(own_database, max_size=2)
    try:
        async with TelegramEmulator(flood_limits=FLOOD) as tg:
            shared = {"DATABASE_URL": own_database, "REDIS_URL": own_redis}
            shared |= {"VAULT_KEYS": generate_key_entry(), "LOG_LEVEL": "INFO"}
            token = f"{secrets.randbelow(9 * 10**8) + 10**8}:{secrets.token_urlsafe(27)}"
            web = await _start_web(fleet, ports, shared, tg, balancer, token)
            workers = await _start_workers(fleet, shared, exchange, balancer)
            await _wait_up(web, ports, workers, tg, balancer, own_redis)
            yield Deployment(tg, balancer, db, fleet, web, workers, token)
            await fleet.close()  # before the emulators go: bots and senders stop first
    finally:
        await db.close()
        await balancer.stop()
        await exchange.stop()


async def _start_web(
    fleet: Fleet,
    ports: tuple[int, int],
    shared: dict[str, str],
    tg: TelegramEmulator,
    balancer: RoundRobin,
    token: str,
) -> tuple[Service, Service]:
    """Start two production web instances that announce the balancer as their webhook."""
    web = {
        **shared,
        "ENVIRONMENT": "production",
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_WEBHOOK_SECRET": secrets.token_urlsafe(24),
        "TELEGRAM_API_BASE_URL": tg.url,
        "PUBLIC_BASE_URL": balancer.url,
    }
    started = []
    for name, port in zip(("web-a", "web-b"), ports, strict=True):
        env = settings_free_env(**web, PORT=str(port), DATA_DIR=str(fleet.root / name))
        started.append(await fleet.start(name, "web", env=env))
    return started[0], started[1]


async def _start_workers(
    fleet: Fleet, shared: dict[str, str], exchange: ExchangeEmulator, balancer: RoundRobin
) -> tuple[Service, Service]:
    """Start two workers; their bots post webhooks through the balancer too."""
    started = []
    for name in WORKERS:
        env = settings_free_env(
            **shared,
            EXCHANGE_MODE="emulator",
            EXCHANGE_EMULATOR_URL=exchange.url,
            WORKER_NAME=name,
            WORKER_CAPACITY="2",
            BOT_PING_TIMEOUT_S="60",  # two workers and a CI run share two cores
            INTERNAL_BASE_URL=balancer.url,
            PORT=str(free_port()),
            DATA_DIR=str(fleet.root / name),
        )
        started.append(await fleet.start(name, "worker", env=env))
    return started[0], started[1]


async def _wait_up(
    web: tuple[Service, Service],
    ports: tuple[int, int],
    workers: tuple[Service, Service],
    tg: TelegramEmulator,
    balancer: RoundRobin,
    redis_url: str,
) -> None:
    """Wait for both web instances, the webhook on the balancer and both workers' heartbeats."""
    for service, port in zip(web, ports, strict=True):
        await wait_healthy(service, port)

    async def webhook_set() -> bool:
        hook = tg.state.webhook
        return hook is not None and hook.url.startswith(balancer.url)

    await eventually(webhook_set, within=30, what="the webhook on the balancer")
    redis = aioredis.from_url(redis_url)
    try:

        async def registered() -> bool:
            for service in workers:
                code = service.process.returncode
                assert code is None, f"{service.name} exited with {code}:\n{service.tail()}"
            return {w.name for w in await live_workers(redis)} == set(WORKERS)

        await eventually(registered, within=180, every=0.5, what="both workers live")
    finally:
        await redis.aclose()


def find(chat: Chat, text: str, before: set[int]) -> Message | None:
    """Return a new or edited bot message that shows `text`."""
    for message in chat.messages():
        fresh = message["edited"] or message["message_id"] not in before
        if text in message["text"] and fresh:
            return message
    return None


async def step(chat: Chat, on: Message, button: str, expect: str) -> Message:
    """Press a button and return the bot's message that shows `expect`."""
    before = {m["message_id"] for m in chat.messages()}
    chat.press(on, button)
    found: Message = await chat.until(lambda: find(chat, expect, before), 60, expect)
    return found


async def strategy_ready(chat: Chat) -> Message:
    """Send /new with the idea; return the strategy's explanation, which carries the buttons."""
    await chat.say(f"/new {IDEA}", timeout=60)

    def explanation() -> Message | None:
        messages = chat.messages()
        for index, message in enumerate(messages[:-1]):
            if message["photo"] and "Strategy ready" in message["text"]:
                return messages[index + 1]  # the chart comes first, the explanation next
        return None

    ready: Message = await chat.until(explanation, 420, "the strategy and its chart")
    return ready


async def the_bot(db: Database) -> dict[str, Any]:
    """Return the only bot row there is, with its events in order."""
    async with db.as_service() as conn:
        rows = await conn.fetch("select id, status, desired_state, worker, restart_count from bots")
        assert len(rows) == 1, f"expected one bot, found {len(rows)}"
        events = await conn.fetch(
            "select kind, message from bot_events where bot_id = $1 order by id", rows[0]["id"]
        )
    return {**dict(rows[0]), "events": [(e["kind"], e["message"]) for e in events]}


async def test_a_flow_alternates_between_two_web_instances(deployment: Deployment) -> None:
    chat = Chat(deployment.tg, secrets.randbelow(10**9) + 10**9, "en")
    ready = await strategy_ready(chat)
    exchange = await step(chat, ready, "🚀 Start bot", t("en", "sb_pick_exchange"))
    stake = await step(chat, exchange, "Binance", t("en", "sb_pick_stake"))
    mode = await step(chat, stake, "25 USDT", "Dry-run")
    await step(chat, mode, label("en", "btn_dry_run"), "is starting")

    async def running() -> dict[str, Any]:
        bot = await the_bot(deployment.db)
        assert bot["status"] != "failed", bot
        return bot if bot["status"] == "running" else {}

    bot = await eventually(running, within=180, every=0.5, what="the bot running")
    assert bot["worker"] in WORKERS, bot

    (picker,) = await chat.say("/stopbot", timeout=60)
    assert picker["text"] == plain(t("en", "stop_pick_bot"))
    await step(chat, picker, picker["buttons"][0][0]["text"], "stopped. Open positions left:")
    stopped = await the_bot(deployment.db)
    assert (stopped["status"], stopped["desired_state"]) == ("stopped", "stopped"), stopped
    # Started once, on the worker it ran on: no second start, no restart.
    kinds = [kind for kind, _ in stopped["events"]]
    assert kinds.count("started") == 1 and "restarted" not in kinds, stopped["events"]
    assert ("started", f"on {bot['worker']}") in stopped["events"]
    assert kinds[-1] == "stopped" and stopped["restart_count"] == 0, stopped

    _assert_alternated(deployment)
    await _assert_clean_exits(deployment)


def _assert_alternated(deployment: Deployment) -> None:
    """Every update reached the web instance other than the one before, exactly once."""
    deliveries = deployment.balancer.deliveries
    served = [d.instance for d in deliveries]
    # /new, Start bot, Binance, 25 USDT, Dry-run, /stopbot, the bot's button: seven steps.
    assert len(served) >= 7, served
    assert all(a != b for a, b in itertools.pairwise(served)), served
    ids = [d.update_id for d in deliveries]
    assert ids == sorted(set(ids)), ids
    assert deployment.tg.stats()["webhook"]["delivered"] == len(deliveries)
    assert deployment.tg.state.updates.pending == []


async def _assert_clean_exits(deployment: Deployment) -> None:
    """Stop workers, then web instances; each exits 0 with no traceback and no token in its log."""
    services = (*deployment.workers, *deployment.web)
    codes = {s.name: await deployment.fleet.stop(s) for s in services}
    assert {s.name: s.tail() for s in services if codes[s.name] != 0} == {}, codes
    for service in services:
        text = service.log.read_text(errors="replace")
        assert "Traceback" not in text and " ERROR " not in text, service.tail(120)
        assert deployment.token not in text, f"{service.name} logged the bot token"
        assert "stopped cleanly" in text, service.tail()
