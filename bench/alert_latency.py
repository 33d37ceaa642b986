"""Alert latency and throughput: Freqtrade webhook → web app → outbox → sender → Telegram.

Runs the real web app, the alert sender over python-telegram-bot, and the Telegram
emulator with its flood limits on, on embedded Postgres and Valkey. Each bot gets a
Freqtrade-like schema (`trades` + `orders`); a new filled trade plus a webhook POST is
one event, and its latency runs from the POST to the message reaching the emulator.
The last line printed is one JSON object.

    python bench/alert_latency.py --chats 100 --rate 20 --duration 30 --burst 1200
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import random
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from pydantic import SecretStr
from telegram import Bot

from emulators.telegram import TelegramEmulator
from orchestrator.alerts import AlertSender
from orchestrator.alerts.produce import enqueue_alert
from orchestrator.core.embedded import EmbeddedServices
from orchestrator.core.runtime import Runtime
from orchestrator.core.settings import Settings
from orchestrator.runner.botdb import names_for
from telegram_bot.alerts import PtbTransport, TelegramRenderer
from web_minimal.app import create_app

TOKEN = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ"
CEILING = 30.0

FT_SCHEMA = """
create table {schema}.trades (
  id serial primary key, pair text not null, is_open boolean not null, is_short boolean,
  amount double precision, stake_amount double precision, open_rate double precision,
  close_rate double precision, open_date timestamp not null, close_date timestamp,
  close_profit double precision, close_profit_abs double precision, exit_reason text,
  enter_tag text);
create table {schema}.orders (
  id serial primary key, ft_trade_id integer not null, ft_order_side text not null,
  status text not null);
"""


async def make_chats(runtime: Runtime, tg: TelegramEmulator, count: int) -> list[dict[str, Any]]:
    """Create users with a chat, a bot with a webhook secret, and the bot's Freqtrade schema."""
    bots = []
    base = 700_000_000 + int(time.time()) % 100_000 * 1000
    async with runtime.db.as_owner() as conn:
        for index in range(count):
            user = await conn.fetchval(
                "insert into users (telegram_id, language) values ($1, $2) returning id",
                base + index,
                "id" if index % 2 else "en",
            )
            secret = uuid.uuid4().hex
            bot = await conn.fetchval(
                "insert into bots (user_id, name, exchange, pair, stake_amount, webhook_secret)"
                " values ($1, $2, 'binance', 'BTC/USDT', 50, $3) returning id",
                user,
                f"bench-{index}",
                secret,
            )
            schema = f'"{names_for(bot)[0]}"'
            await conn.execute(f"create schema {schema}")
            await conn.execute(FT_SCHEMA.format(schema=schema))
            tg.send_user_message(base + index, "/start")
            bots.append({"bot_id": bot, "user_id": user, "secret": secret, "schema": schema})
    return bots


async def add_filled_trade(runtime: Runtime, bot: dict[str, Any], price: float) -> int:
    """Insert an open trade whose entry order filled, as Freqtrade would; return its id."""
    async with runtime.db.as_owner() as conn:
        trade_id: int = await conn.fetchval(
            f"insert into {bot['schema']}.trades (pair, is_open, is_short, amount, stake_amount,"
            " open_rate, open_date) values ('BTC/USDT', true, false, 0.001, 50, $1, now())"
            " returning id",
            price,
        )
        await conn.execute(
            f"insert into {bot['schema']}.orders (ft_trade_id, ft_order_side, status)"
            " values ($1, 'buy', 'closed')",
            trade_id,
        )
    return trade_id


async def fire(
    runtime: Runtime, http: aiohttp.ClientSession, url: str, bot: dict[str, Any], n: int
) -> tuple[str, float]:
    """Record a fill and POST the webhook; return (dedup key, wall time of the POST)."""
    trade_id = await add_filled_trade(runtime, bot, 60_000 + n)
    posted = time.time()
    async with http.post(f"{url}/hooks/freqtrade/{bot['bot_id']}/{bot['secret']}", json={}) as r:
        r.raise_for_status()
    return f"trade:{bot['bot_id']}:{trade_id}:open", posted


async def wait_all_sent(runtime: Runtime, timeout: float) -> None:
    """Wait until the outbox has nothing pending or sending."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        async with runtime.db.as_service() as conn:
            left = await conn.fetchval(
                "select count(*) from alerts where status in ('pending', 'sending')"
            )
        if left == 0:
            return
        await asyncio.sleep(0.1)
    raise TimeoutError("alerts still queued")


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)]


async def measure_latency(
    runtime: Runtime, tg: TelegramEmulator, url: str, bots: list[dict[str, Any]], args: Any
) -> dict[str, Any]:
    """Fire webhooks at a Poisson rate across all chats; return latency figures."""
    rng = random.Random(7)
    fired: list[asyncio.Task[tuple[str, float]]] = []
    async with aiohttp.ClientSession() as http:
        end = time.monotonic() + args.duration
        while time.monotonic() < end:
            bot = rng.choice(bots)
            fired.append(asyncio.create_task(fire(runtime, http, url, bot, len(fired))))
            await asyncio.sleep(rng.expovariate(args.rate))
        events = dict(await asyncio.gather(*fired))
    await wait_all_sent(runtime, 120)
    async with runtime.db.as_service() as conn:
        found = await conn.fetch(
            "select dedup_key, chat_id, message_id from alerts where dedup_key = any($1::text[])",
            list(events),
        )
    deliveries = tg.stats()["deliveries"]
    delivered = {(int(c), d["message_id"]): d["t"] for c, ds in deliveries.items() for d in ds}
    posts: dict[int, list[float]] = {}
    for row in found:
        posts.setdefault(row["chat_id"], []).append(events[row["dedup_key"]])
    latencies, free = [], []
    for row in found:
        posted = events[row["dedup_key"]]
        latencies.append(delivered[(row["chat_id"], row["message_id"])] - posted)
        # Unspaced: the chat's previous event came >= 1.5 s earlier, so the 1 msg/s
        # per-chat limit cannot have held this one back.
        if all(not 0 < posted - other < 1.5 for other in posts[row["chat_id"]]):
            free.append(latencies[-1])
    return {
        "events": len(events),
        "delivered": len(latencies),
        "p50_ms": 1000 * percentile(latencies, 0.5),
        "p99_ms": 1000 * percentile(latencies, 0.99),
        "max_ms": 1000 * max(latencies),
        "unspaced_events": len(free),
        "unspaced_p99_ms": 1000 * percentile(free, 0.99),
    }


async def measure_throughput(
    runtime: Runtime, bots: list[dict[str, Any]], sender: AlertSender, count: int
) -> dict[str, Any]:
    """Queue `count` alerts across every chat at once; return the sustained send rate."""
    before = sender.stats.sent
    async with runtime.db.as_service() as conn:
        for n in range(count):
            note = {"kind": "bench_note", "n": n}  # an untemplated kind renders generically
            await enqueue_alert(conn, bots[n % len(bots)]["user_id"], note)
    started = time.monotonic()
    await wait_all_sent(runtime, count / CEILING * 3 + 30)
    elapsed = time.monotonic() - started
    rate = (sender.stats.sent - before) / elapsed
    return {"alerts": count, "seconds": elapsed, "per_s": rate, "of_ceiling": rate / CEILING}


async def serve(runtime: Runtime) -> tuple[web.AppRunner, str]:
    """Start the web app on a free local port; return its runner and base URL."""
    runner = web.AppRunner(create_app(runtime), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}"


async def main(args: argparse.Namespace) -> dict[str, Any]:
    """Run both measurements on fresh embedded services and return the figures."""
    root = Path(tempfile.mkdtemp(prefix="nofomo-bench-"))
    embedded = EmbeddedServices(root)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=root / "state",
        database_url=SecretStr(embedded.start_postgres()),
        redis_url=SecretStr(embedded.start_valkey()),
        vault_keys=SecretStr("1:" + base64.b64encode(b"a" * 32).decode()),
        log_level="WARNING",
    )
    runtime = await Runtime.open(settings)
    tg = TelegramEmulator(flood_limits=True)
    await tg.start()
    runner, url = await serve(runtime)
    stop = asyncio.Event()
    try:
        async with Bot(TOKEN, base_url=tg.bot_base_url, base_file_url=tg.file_base_url) as bot:
            renderer = TelegramRenderer.for_token(TOKEN)
            sender = AlertSender(
                runtime.db, PtbTransport(bot), renderer, global_burst=args.global_burst
            )
            task = asyncio.create_task(sender.run_forever(stop))
            bots = await make_chats(runtime, tg, args.chats)
            latency = await measure_latency(runtime, tg, url, bots, args)
            print(f"latency:    {json.dumps(_rounded(latency))}", flush=True)
            throughput = await measure_throughput(runtime, bots, sender, args.burst)
            print(f"throughput: {json.dumps(_rounded(throughput))}", flush=True)
            stop.set()
            await task
        stats = tg.stats()
    finally:
        stop.set()
        await runner.cleanup()
        await tg.stop()
        await runtime.close()
        embedded.stop()
    return {
        "chats": args.chats,
        "webhook_rate_per_s": args.rate,
        "latency_events": latency["delivered"],
        "latency_p50_ms": latency["p50_ms"],
        "latency_p99_ms": latency["p99_ms"],
        "latency_max_ms": latency["max_ms"],
        # events whose chat had no delivery in the second before: no 1 msg/s wait to serve
        "latency_unspaced_p99_ms": latency["unspaced_p99_ms"],
        "throughput_per_s": throughput["per_s"],
        "throughput_ceiling_per_s": CEILING,
        "throughput_of_ceiling": throughput["of_ceiling"],
        "flood_429": stats["flood_429"],
        "sender": sender.stats.as_dict(),
    }


def _rounded(data: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in data.items()}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=100, help="active chats (one bot each)")
    parser.add_argument("--rate", type=float, default=20.0, help="webhook events per second")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of webhook load")
    parser.add_argument("--global-burst", type=int, default=10, help="sender's global burst")
    parser.add_argument("--burst", type=int, default=1200, help="alerts for the throughput run")
    figures = asyncio.run(main(parser.parse_args()))
    print(json.dumps(_rounded(figures)))
