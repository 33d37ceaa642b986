"""Dashboard speed: server time per page, and latency under a constant request rate.

Seeds one user with many bots and trades (mixed states, dry and live, ~90 days of trades,
strategies with runs, keys, invoices, bot events and supervisor decisions) on embedded
Postgres and Valkey, serves the real web app from a subprocess (so the load generator never
shares the server's event loop), and signs in with a one-time link. Then it measures:

* server time per page type, from the `Server-Timing: app;dur=` header (sequential requests);
* an open-loop load: requests leave on a fixed schedule whatever the answers do, over a mix
  of pages; latency runs from each request's scheduled time (no coordinated omission);
* the highest such rate whose p99 stays within `--slo-ms`.

The last line printed is one JSON object.

    python bench/dashboard.py --bots 50 --trades 10000 --rates 20,50,100,200 --duration 10
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web
from pydantic import SecretStr

from ai_strategies.spec import parse_spec, render_strategy
from billing_tripay.refs import new_ref
from emulators.llm.canned import GOOD_SPEC
from orchestrator.core.embedded import EmbeddedServices
from orchestrator.core.runtime import Runtime
from orchestrator.core.settings import Settings
from orchestrator.core.sizing import db_pool_max
from orchestrator.dashboard.access import issue_link
from orchestrator.keys.store import Credentials, store_key
from orchestrator.runner.leases import LEASE_PREFIX
from orchestrator.strategies.versions import NewVersion, add_version, create_strategy
from web_minimal.app import create_app

VAULT_KEYS = "1:" + base64.b64encode(b"dashboard-bench-vault-key-32byte").decode()
DAY = dt.timedelta(days=1)
REASONS = ("roi", "stop_loss", "exit_signal", "trailing_stop_loss")
TAGS = (None, None, "rsi_cross", "breakout", "=SUM(A1)")  # one formula-looking tag for the CSV
# Page types of the load mix and their weights (the CSV export is an export, not in the mix).
MIX = {"overview": 30, "bot_top": 20, "bot_other": 20, "bot_top_p50": 10, "strategies": 8,
       "strategy": 4, "keys": 4, "billing": 4}  # fmt: skip


@dataclass
class Seeded:
    """What the bench created for its user."""

    user_id: uuid.UUID
    bots: list[uuid.UUID]
    top_bot: uuid.UUID  # the bot with the most trades
    strategies: list[uuid.UUID] = field(default_factory=list)


# ---------------------------------------------------------------------------- seeding


async def seed(runtime: Runtime, args: argparse.Namespace) -> Seeded:
    """Create the user and everything their dashboard shows."""
    rng = random.Random(14)
    now = dt.datetime.now(dt.UTC)
    async with runtime.db.as_service() as conn:
        user = await conn.fetchval(
            "insert into users (telegram_id, language, plan_code) values ($1, 'id', 'elite')"
            " returning id",
            900_000_000 + int(time.time()) % 100_000,
        )
    versions, strategies = await seed_strategies(runtime, user, now)
    key = await store_key(
        runtime.db, runtime.vault, user, "binance", Credentials("A" * 60 + "WXYZ", "S" * 64),
        label="Main", permissions={"can_trade": True, "can_withdraw": False}, ip_restricted=True,
    )  # fmt: skip
    bots = await seed_bots(runtime, user, versions, key, args.bots, rng)
    counts = trade_counts(len(bots), args.trades, args.top_share)
    await seed_trades(runtime, user, bots, counts, now, args.days, rng)
    await seed_history(runtime, user, bots, now, rng)
    await seed_invoices(runtime, user, now)
    await seed_leases(runtime, bots[: len(bots) // 2])
    return Seeded(user, bots, bots[0], strategies)


async def seed_strategies(
    runtime: Runtime, user: uuid.UUID, now: dt.datetime
) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    """Create five spec strategies of two versions each, with a backtest per version."""
    spec = parse_spec(GOOD_SPEC)
    rendered = render_strategy(spec, "BtcRsi5m")
    figures = {"trades": 48, "days": 90, "overall": {"trades": 48, "win_rate": 0.56,
               "profit_pct": 7.1, "max_drawdown_pct": 4.2}, "ok": True}  # fmt: skip
    versions, strategies = [], []
    for n in range(5):
        new = NewVersion(
            "BtcRsi5m", rendered.code, f"RSI idea {n}", "", "BTC/USDT", "5m",
            dict(rendered.params), figures, spec=spec,
        )  # fmt: skip
        strategy, first = await create_strategy(runtime.db, user, new)
        _, second = await add_version(runtime.db, user, strategy, new)
        strategies.append(strategy)
        versions += [first, second]
        async with runtime.db.as_service() as conn:
            for version in (first, second):
                await conn.execute(
                    "insert into backtests (user_id, strategy_version_id, kind, status, days,"
                    " results, finished_at) values ($1, $2, 'backtest', 'done', 90, $3, $4)",
                    user, version, figures, now - DAY,
                )  # fmt: skip
    return versions, strategies


def bot_shape(index: int) -> tuple[str, str, str | None, bool, str]:
    """Return (status, desired state, failure reason, dry run, stake currency) of bot `index`."""
    kind = index % 10
    status, desired, reason = {
        0: ("running", "running", None), 1: ("running", "running", None),
        2: ("running", "running", None), 3: ("running", "running", None),
        4: ("paused", "paused", None), 5: ("paused", "paused", None),
        6: ("stopped", "stopped", None), 7: ("stopped", "stopped", None),
        8: ("failed", "running", "exchange refused the order"), 9: ("starting", "running", None),
    }[kind]  # fmt: skip
    return status, desired, reason, index % 4 != 1, "USDC" if index % 7 == 3 else "USDT"


async def seed_bots(
    runtime: Runtime,
    user: uuid.UUID,
    versions: list[uuid.UUID],
    key: uuid.UUID,
    count: int,
    rng: random.Random,
) -> list[uuid.UUID]:
    """Create `count` bots in a mix of states, dry and live, on distinct pairs."""
    bots = []
    async with runtime.db.as_service() as conn:
        for index in range(count):
            status, desired, reason, dry, currency = bot_shape(index)
            pair = "BTC/USDT" if index == 0 else f"C{index:02d}/{currency}"
            bots.append(
                await conn.fetchval(
                    "insert into bots (user_id, name, strategy_version_id, exchange_key_id,"
                    " exchange, pair, timeframe, stake_amount, stake_currency, dry_run, status,"
                    " desired_state, failure_reason, started_at)"
                    " values ($1, $2, $3, $4, 'binance', $5, '5m', 100, $6, $7, $8, $9, $10,"
                    " now() - interval '3 days') returning id",
                    user, f"Bot {index:02d}", rng.choice(versions), None if dry else key, pair,
                    currency, dry, status, desired, reason,
                )  # fmt: skip
            )
    return bots


def trade_counts(bots: int, trades: int, top_share: float) -> list[int]:
    """Split `trades` over the bots: the first bot gets `top_share`, the rest evenly."""
    top = round(trades * top_share) if bots > 1 else trades
    rest = trades - top
    return [top] + [rest // (bots - 1) + (1 if i < rest % (bots - 1) else 0) for i in range(bots - 1)]


def trade_record(
    user: uuid.UUID, bot: uuid.UUID, ft_id: int, opened: dt.datetime, is_open: bool,
    now: dt.datetime, rng: random.Random,
) -> tuple[Any, ...]:  # fmt: skip
    """Return one trades row (in `TRADE_COLUMNS` order) as the trade sync writes it."""
    stake, rate = Decimal(100), Decimal(rng.randint(20_000, 90_000))
    amount = (stake / rate).quantize(Decimal("0.000001"))
    ratio = Decimal(str(round(rng.gauss(0.002, 0.012), 6)))
    closed = None if is_open else min(now, opened + dt.timedelta(minutes=rng.randint(10, 720)))
    profit = None if is_open else (stake * ratio).quantize(Decimal("0.00000001"))
    fee = Decimal("0.001")
    return (
        user, bot, ft_id, "BTC/USDT", is_open, rng.random() < 0.1, amount, stake, rate,
        None if is_open else rate * (1 + ratio), opened, closed, profit,
        None if is_open else ratio, None if is_open else rng.choice(REASONS), rng.choice(TAGS),
        fee, None if is_open else fee, stake * fee, None if is_open else stake * fee,
        rate * Decimal("0.95") if is_open else None,
    )  # fmt: skip


TRADE_COLUMNS = (
    "user_id", "bot_id", "ft_trade_id", "pair", "is_open", "is_short", "amount", "stake_amount",
    "open_rate", "close_rate", "open_date", "close_date", "profit_abs", "profit_ratio",
    "exit_reason", "enter_tag", "fee_open", "fee_close", "fee_open_cost", "fee_close_cost",
    "stop_loss",
)  # fmt: skip


async def seed_trades(
    runtime: Runtime, user: uuid.UUID, bots: list[uuid.UUID], counts: list[int],
    now: dt.datetime, days: int, rng: random.Random,
) -> None:  # fmt: skip
    """Insert each bot's trades over the last `days` days; running bots keep a few open."""
    records = []
    for index, (bot, count) in enumerate(zip(bots, counts, strict=True)):
        running = bot_shape(index)[1] != "stopped"
        opens = min(count, rng.randint(1, 3)) if running else 0
        moments = sorted(now - days * DAY * rng.random() for _ in range(count - opens))
        moments += sorted(now - DAY * rng.random() for _ in range(opens))
        for n, opened in enumerate(moments):
            is_open = n >= count - opens
            records.append(trade_record(user, bot, n + 1, opened, is_open, now, rng))
    async with runtime.db.as_owner() as conn:
        await conn.copy_records_to_table("trades", records=records, columns=TRADE_COLUMNS)
    # As autovacuum leaves a table of mostly old, closed trades: visible to index-only scans.
    async with runtime.db.pool.acquire() as conn:
        await conn.execute("vacuum analyze trades, bot_events, audit_log")


async def seed_history(
    runtime: Runtime, user: uuid.UUID, bots: list[uuid.UUID], now: dt.datetime, rng: random.Random
) -> None:
    """Write bot events (some warnings and errors today) and supervisor decisions."""
    async with runtime.db.as_service() as conn:
        for index, bot in enumerate(bots):
            for n in range(20):
                level = "warning" if n % 9 == 8 else "error" if n % 17 == 16 else "info"
                at = now - (DAY * rng.random() if level != "info" else days_ago(rng, 90))
                await conn.execute(
                    "insert into bot_events (user_id, bot_id, kind, level, message, created_at)"
                    " values ($1, $2, $3, $4, $5, $6)",
                    user, bot, "heartbeat_gap" if level != "info" else "started", level,
                    f"event {n}", at,
                )  # fmt: skip
            if index % 5 == 0:
                await conn.execute(
                    "insert into audit_log (user_id, actor, action, target, data, created_at)"
                    " values ($1, 'supervisor', 'bot.warn', $2, $3, $4)",
                    user, str(bot), {"reason": "loss_streak", "streak": 3}, now - DAY,
                )  # fmt: skip


def days_ago(rng: random.Random, days: int) -> dt.timedelta:
    """Return a random age of up to `days` days."""
    return DAY * days * rng.random()


async def seed_invoices(runtime: Runtime, user: uuid.UUID, now: dt.datetime) -> None:
    """Insert a few invoices: paid ones and an expired one."""
    async with runtime.db.as_service() as conn:
        for n, status in enumerate(("PAID", "PAID", "EXPIRED", "PAID")):
            at = now - DAY * 30 * (4 - n)
            ref = new_ref(at.date())
            await conn.execute(
                "insert into invoices (user_id, plan_code, merchant_ref, tripay_reference, method,"
                " method_name, amount_idr, fee_customer_idr, status, expires_at, paid_at,"
                " created_at) values ($1, 'elite', $2, $3, 'QRIS', 'QRIS', 449000, 3143, $4,"
                " $5, $6, $5)",
                user, ref, f"DEV-T{ref[-10:]}", status, at,
                at if status == "PAID" else None,
            )  # fmt: skip
        await conn.execute(
            "update users set plan_expires_at = $2 where id = $1", user, now + DAY * 20
        )


async def seed_leases(runtime: Runtime, bots: list[uuid.UUID]) -> None:
    """Give half the bots a worker lease, so their cards show a heartbeat."""
    ttl = runtime.settings.lease_ttl_ms
    for bot in bots:
        await runtime.redis.set(f"{LEASE_PREFIX}{bot}", "bench-worker", px=ttl * 1000)


# ---------------------------------------------------------------------------- the server


def settings_env(root: Path, database_url: str, redis_url: str) -> dict[str, str]:
    """Return the environment both processes build their settings from."""
    return {
        "DATA_DIR": str(root / "state"),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "VAULT_KEYS": VAULT_KEYS,
        "LOG_LEVEL": "WARNING",
    }


def settings_from(env: dict[str, str]) -> Settings:
    """Build settings from `settings_env` values (no .env file)."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=Path(env["DATA_DIR"]),
        database_url=SecretStr(env["DATABASE_URL"]),
        redis_url=SecretStr(env["REDIS_URL"]),
        vault_keys=SecretStr(env["VAULT_KEYS"]),
        log_level=env["LOG_LEVEL"],
    )


async def serve_forever() -> None:
    """Serve the web app (as `nofomo web` would size it) and print its port; stop on SIGTERM."""
    settings = settings_from(dict(os.environ))
    runtime = await Runtime.open(
        settings, run_migrations=False, pool_max=db_pool_max(settings, "web")
    )
    runner = web.AppRunner(create_app(runtime), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print(runner.addresses[0][1], flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await runner.cleanup()
    await runtime.close()


def start_server(env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    """Start the server subprocess; return it and its base URL."""
    proc = subprocess.Popen(
        [sys.executable, __file__, "--serve"],
        env=os.environ | env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    port = proc.stdout.readline().strip()
    if not port.isdigit():
        proc.terminate()
        raise RuntimeError("the server subprocess did not start")
    return proc, f"http://127.0.0.1:{port}"


# ---------------------------------------------------------------------------- measuring


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)]


async def sign_in(runtime: Runtime, http: aiohttp.ClientSession, url: str, user: uuid.UUID) -> None:
    """Follow a one-time link so the client's cookie jar holds a session."""
    link = await issue_link(runtime, user, dt.datetime.now(dt.UTC))
    async with http.get(url + urlsplit(link).path, allow_redirects=False) as response:
        if response.status != 302:
            raise RuntimeError(f"sign-in failed: {response.status}")


def page_paths(seeded: Seeded) -> dict[str, str]:
    """Return each measured page type's path."""
    top, other = seeded.top_bot, seeded.bots[1]
    return {
        "overview": "/dashboard",
        "bot_top": f"/dashboard/bots/{top}",
        "bot_top_p50": f"/dashboard/bots/{top}?page=50",
        "bot_other": f"/dashboard/bots/{other}",
        "csv_top": f"/dashboard/bots/{top}/trades.csv",
        "strategies": "/dashboard/strategies",
        "strategy": f"/dashboard/strategies/{seeded.strategies[0]}",
        "keys": "/dashboard/keys",
        "billing": "/dashboard/billing",
    }


async def timed_get(http: aiohttp.ClientSession, url: str) -> tuple[int, float | None, int]:
    """GET a page; return (status, Server-Timing ms or None, body bytes)."""
    async with http.get(url, allow_redirects=False) as response:
        body = await response.read()
        timing = response.headers.get("Server-Timing", "")
    dur = timing.partition("dur=")[2]
    return response.status, float(dur) if dur else None, len(body)


async def server_times(
    http: aiohttp.ClientSession, url: str, paths: dict[str, str], samples: int
) -> dict[str, dict[str, float]]:
    """Request each page `samples` times in turn (after a warm-up); return its server time."""
    times: dict[str, list[float]] = {name: [] for name in paths}
    sizes: dict[str, int] = {}
    for round_ in range(samples + 2):
        for name, path in paths.items():
            status, dur, size = await timed_get(http, url + path)
            if status != 200 or dur is None:
                raise RuntimeError(f"{name}: status {status}, Server-Timing {dur}")
            if round_ >= 2:  # the first two rounds warm caches and the connection pool
                times[name].append(dur)
            sizes[name] = size
    return {
        name: {"p50_ms": percentile(v, 0.5), "p99_ms": percentile(v, 0.99), "max_ms": max(v),
               "kb": sizes[name] / 1024}  # fmt: skip
        for name, v in times.items()
    }


async def one_request(
    http: aiohttp.ClientSession, url: str, due: float, out: list[float], errors: list[str]
) -> None:
    """GET `url`; record its latency from the moment it was due to leave."""
    try:
        async with http.get(url, allow_redirects=False) as response:
            await response.read()
            if response.status != 200:
                errors.append(str(response.status))
                return
    except (aiohttp.ClientError, TimeoutError) as exc:
        errors.append(type(exc).__name__)
        return
    out.append((time.perf_counter() - due) * 1000)


async def constant_rate(
    http: aiohttp.ClientSession, url: str, paths: dict[str, str], rate: float, seconds: float
) -> dict[str, float]:
    """Send requests at a fixed `rate` for `seconds` (open loop); return latency figures."""
    rng = random.Random(int(rate))
    names = [name for name, weight in MIX.items() for _ in range(weight)]
    latencies: list[float] = []
    errors: list[str] = []
    tasks = []
    start = time.perf_counter() + 0.05
    late = 0.0
    for n in range(int(rate * seconds)):
        due = start + n / rate
        pause = due - time.perf_counter()
        if pause > 0:
            await asyncio.sleep(pause)
        late = max(late, -pause)
        path = paths[rng.choice(names)]
        tasks.append(asyncio.create_task(one_request(http, url + path, due, latencies, errors)))
    await asyncio.gather(*tasks)
    return {
        "rate": rate, "sent": len(tasks), "ok": len(latencies), "errors": len(errors),
        "p50_ms": percentile(latencies, 0.5), "p99_ms": percentile(latencies, 0.99),
        "max_ms": max(latencies, default=0.0), "sender_late_ms": late * 1000,
    }  # fmt: skip


async def highest_rate(
    http: aiohttp.ClientSession, url: str, paths: dict[str, str], runs: list[dict[str, float]],
    args: argparse.Namespace,
) -> float:  # fmt: skip
    """Bisect between the best passing and the worst failing rate; return the best held."""
    held = [r["rate"] for r in runs if _holds(r, args.slo_ms)]
    missed = [r["rate"] for r in runs if not _holds(r, args.slo_ms)]
    low = max(held, default=0.0)
    high = min((r for r in missed if r > low), default=low * 2 if low else 10.0)
    while high - low > max(2.0, low * args.precision):
        middle = round((low + high) / 2, 1)
        run = await constant_rate(http, url, paths, middle, args.search_duration)
        print(f"  search {middle:7.1f}/s  p50 {run['p50_ms']:7.1f}  p99 {run['p99_ms']:7.1f}"
              f"  errors {run['errors']:.0f}", flush=True)  # fmt: skip
        low, high = (middle, high) if _holds(run, args.slo_ms) else (low, middle)
        await asyncio.sleep(1)
    return low


def _holds(run: dict[str, float], slo_ms: float) -> bool:
    return run["errors"] == 0 and run["p99_ms"] <= slo_ms


def print_times(times: dict[str, dict[str, float]]) -> None:
    """Print the server-time table."""
    print(f"{'page':<14}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'KiB':>8}")
    for name, t in times.items():
        print(f"{name:<14}{t['p50_ms']:>9.1f}{t['p99_ms']:>9.1f}{t['max_ms']:>9.1f}{t['kb']:>8.0f}")


# ---------------------------------------------------------------------------- main


async def measure(args: argparse.Namespace, runtime: Runtime, url: str, seeded: Seeded) -> dict[str, Any]:
    """Run the three measurements against the served app."""
    paths = page_paths(seeded)
    connector = aiohttp.TCPConnector(limit=args.connections)
    timeout = aiohttp.ClientTimeout(total=30)
    jar = aiohttp.CookieJar(unsafe=True)  # the server is an IP address
    async with aiohttp.ClientSession(connector=connector, cookie_jar=jar, timeout=timeout) as http:
        await sign_in(runtime, http, url, seeded.user_id)
        times = await server_times(http, url, paths, args.samples)
        print_times(times)
        runs = []
        print(f"{'rate/s':>8}{'sent':>7}{'errors':>8}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}")
        for rate in args.rates:
            run = await constant_rate(http, url, paths, rate, args.duration)
            runs.append(run)
            print(f"{rate:>8.0f}{run['sent']:>7.0f}{run['errors']:>8.0f}{run['p50_ms']:>9.1f}"
                  f"{run['p99_ms']:>9.1f}{run['max_ms']:>9.1f}", flush=True)  # fmt: skip
            await asyncio.sleep(1)
        best = await highest_rate(http, url, paths, runs, args) if args.search else None
    return {"server_ms": times, "runs": runs, "max_rate_p99_within_slo": best}


async def main(args: argparse.Namespace) -> dict[str, Any]:
    """Seed, serve, measure; return the figures."""
    root = Path(tempfile.mkdtemp(prefix="nofomo-bench-dash-"))
    embedded = EmbeddedServices(root)
    env = settings_env(root, embedded.start_postgres(), embedded.start_valkey())
    runtime = await Runtime.open(settings_from(env))
    proc = None
    try:
        started = time.perf_counter()
        seeded = await seed(runtime, args)
        print(f"seeded {args.bots} bots, {args.trades} trades in {time.perf_counter() - started:.1f} s"
              f"; server: subprocess", flush=True)  # fmt: skip
        proc, url = start_server(env)
        load_before = os.getloadavg()
        figures = await measure(args, runtime, url, seeded)
        load_after = os.getloadavg()
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        await runtime.close()
        embedded.stop()
    print(f"load average before {load_before}, after {load_after} ({os.cpu_count()} CPUs)")
    return {
        "bots": args.bots, "trades": args.trades, "top_bot_trades": trade_counts(
            args.bots, args.trades, args.top_share)[0], "server": "subprocess",
        "load_avg_before": load_before, "load_avg_after": load_after, "cpus": os.cpu_count(),
        "slo_ms": args.slo_ms, **figures,
    }  # fmt: skip


def _rounded(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _rounded(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_rounded(v) for v in data]
    return round(data, 2) if isinstance(data, float) else data


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bots", type=int, default=50)
    parser.add_argument("--trades", type=int, default=10_000)
    parser.add_argument("--top-share", type=float, default=0.5, help="share of the busiest bot")
    parser.add_argument("--days", type=int, default=90, help="days the trades spread over")
    parser.add_argument("--samples", type=int, default=30, help="server-time samples per page")
    parser.add_argument("--rates", type=lambda s: [float(r) for r in s.split(",")],
                        default=[20.0, 50.0, 100.0, 200.0], help="requests/s, comma-separated")  # fmt: skip
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per rate")
    parser.add_argument("--slo-ms", type=float, default=100.0, help="p99 bound for the search")
    parser.add_argument("--search", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--search-duration", type=float, default=8.0)
    parser.add_argument("--precision", type=float, default=0.05, help="search stops within this")
    parser.add_argument("--connections", type=int, default=200, help="client connection limit")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.serve:
        asyncio.run(serve_forever())
    else:
        figures = asyncio.run(main(arguments))
        print(json.dumps(_rounded(figures)))
