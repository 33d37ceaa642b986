"""Bot density and start latency: zygote-forked spec bots, plain processes, sandboxed custom code.

Runs real dry-run Freqtrade bots against the exchange emulator, on embedded Postgres and
Valkey, and prints figures; the last line is one JSON object.

    python bench/bot_density.py --bots 20 --start-bots 10 --settle 60
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import signal
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import psutil
from pydantic import SecretStr

from ai_strategies.spec import parse_spec, render_strategy
from emulators.exchange import EmulatorSettings, ExchangeEmulator
from nofomo.worker import build_node
from orchestrator.core.embedded import EmbeddedServices
from orchestrator.core.runtime import Runtime
from orchestrator.core.settings import Settings
from orchestrator.runner.launchers import Launcher, SubprocessLauncher, ZygoteLauncher

PAIRS = ["BTC/USDT", "ETH/USDT", "SOL/USDT", "BNB/USDT", "XRP/USDT"]

IDLE_RSI = '''
import talib.abstract as ta
from pandas import DataFrame

from freqtrade.strategy import IStrategy


class IdleRsi(IStrategy):
    """A typical small strategy that rarely trades: RSI and EMA on every candle."""

    INTERFACE_VERSION = 3
    timeframe = "5m"
    minimal_roi = {"0": 0.02}
    stoploss = -0.05
    startup_candle_count = 50

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["rsi"] = ta.RSI(dataframe, timeperiod=14)
        dataframe["ema"] = ta.EMA(dataframe, timeperiod=50)
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[(dataframe["rsi"] < 3) & (dataframe["volume"] > 0), "enter_long"] = 1
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[dataframe["rsi"] > 97, "exit_long"] = 1
        return dataframe
'''


# The same idle strategy as a spec (what /new makes): these bots run in the zygote.
IDLE_SPEC = {
    "pair": "BTC/USDT",
    "timeframe": "5m",
    "indicators": [{"id": "rsi", "kind": "rsi", "params": {"period": 14}}],
    "entries": [{"tag": "never", "condition": {"type": "below", "a": {"type": "indicator",
                 "ref": "rsi"}, "b": {"type": "const", "default": 3, "min": 1, "max": 5}}}],
    "exits": [{"tag": "rare", "condition": {"type": "above", "a": {"type": "indicator",
               "ref": "rsi"}, "b": {"type": "const", "default": 97, "min": 95, "max": 99}}}],
    "risk": {"stoploss": 0.1},
}  # fmt: skip


def idle_version(kind: str) -> tuple[str, dict[str, Any] | None]:
    """Return the code and spec of a version of the idle strategy of this kind."""
    if kind == "custom":
        return IDLE_RSI, None
    spec = parse_spec(IDLE_SPEC)
    return render_strategy(spec, "IdleRsi").code, spec.model_dump(mode="json")


async def make_bots(runtime: Runtime, count: int, kind: str = "spec") -> list[uuid.UUID]:
    """Create `count` users, each with one running-wanted dry-run bot of a version `kind`."""
    code, spec = idle_version(kind)
    bots = []
    async with runtime.db.as_service() as conn:
        for index in range(count):
            user = await conn.fetchval(
                "insert into users (telegram_id) values ($1) returning id",
                900_000_000 + index + int(time.time()) % 100_000 * 1000,
            )
            strategy = await conn.fetchval(
                "insert into strategies (user_id, name) values ($1, 'IdleRsi') returning id", user
            )
            version = await conn.fetchval(
                "insert into strategy_versions (strategy_id, user_id, version, class_name, code,"
                " kind, spec) values ($1, $2, 1, 'IdleRsi', $3, $4, $5) returning id",
                strategy,
                user,
                code,
                kind,
                spec,
            )
            bot = await conn.fetchval(
                "insert into bots (user_id, name, strategy_version_id, exchange, pair, timeframe,"
                " stake_amount, desired_state) values ($1, $2, $3, 'binance', $4, '5m', 50,"
                " 'running') returning id",
                user,
                f"bench{index}",
                version,
                PAIRS[index % len(PAIRS)],
            )
            bots.append(bot)
    return bots


def memory_mib(pids: list[int], *, children: bool = True) -> tuple[float, float]:
    """Return total (PSS, USS) in MiB over processes (and, optionally, their children)."""
    pss = uss = 0
    for pid in pids:
        procs = [psutil.Process(pid)]
        if children:
            procs += procs[0].children(recursive=True)
        for proc in procs:
            info = proc.memory_full_info()
            pss, uss = pss + info.pss, uss + info.uss
    return pss / 2**20, uss / 2**20


def cpu_seconds(pids: list[int]) -> float:
    """Return user+system CPU seconds used so far by processes and their children."""
    total = 0.0
    for pid in pids:
        proc = psutil.Process(pid)
        for p in [proc, *proc.children(recursive=True)]:
            times = p.cpu_times()
            total += times.user + times.system
    return total


def p95(values: list[float]) -> float:
    """Return the 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


async def run_mode(
    runtime: Runtime,
    launcher: Launcher,
    bots: int,
    start_bots: int,
    settle: float,
    window: float,
    exchange: ExchangeEmulator,
    kind: str = "spec",
) -> dict[str, Any]:
    """Start bots with one launcher and measure latency, memory, CPU and exchange load.

    Bots of custom code always run in the sandbox, whatever the launcher.
    """
    node = build_node(runtime, launcher=launcher)
    await node.run()
    try:
        latency_ids = await make_bots(runtime, start_bots, kind)
        results = await asyncio.gather(*(node.manager.start(b) for b in latency_ids))
        latencies = [r.seconds for r in results if r.ok]
        launch_to_ping = [r.launch_to_ping_s for r in results if r.ok]
        rest = await make_bots(runtime, bots - start_bots, kind)
        for chunk in range(0, len(rest), 5):
            await asyncio.gather(*(node.manager.start(b) for b in rest[chunk : chunk + 5]))
        running = [b.process.pid for b in node.manager.bots.values()]
        await asyncio.sleep(settle)
        exchange.reset_stats()
        cpu_before, t0 = cpu_seconds(running), time.monotonic()
        await asyncio.sleep(window)
        elapsed = time.monotonic() - t0
        cpu_pct = 100 * (cpu_seconds(running) - cpu_before) / elapsed
        requests = exchange.stats()["total"]
        pss, uss = memory_mib(running)
        zygote_pid = getattr(launcher, "pid", None)
        # The zygote's own PSS is shared out over the bots; its children are the bots.
        zygote_pss = memory_mib([zygote_pid], children=False)[0] if zygote_pid else 0.0
        count = len(running)
        return {
            "running": count,
            "start_latencies": latencies,
            "launch_to_ping": launch_to_ping,
            "pss_mib_per_bot": (pss + zygote_pss) / count,
            "uss_mib_per_bot": uss / count,
            "cpu_pct_per_bot": cpu_pct / count,
            "exchange_req_per_bot_min": requests / count / (elapsed / 60),
        }
    finally:
        await node.close()
        async with runtime.db.as_service() as conn:
            await conn.execute("update bots set desired_state = 'stopped'")


async def main(args: argparse.Namespace) -> dict[str, Any]:
    """Run both modes on fresh embedded services and return the figures."""
    root = Path(tempfile.mkdtemp(prefix="nofomo-bench-"))
    embedded = EmbeddedServices(root)
    exchange = ExchangeEmulator(EmulatorSettings(seed=11))
    await exchange.start()
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=root / "state",
        database_url=SecretStr(embedded.start_postgres()),
        redis_url=SecretStr(embedded.start_valkey()),
        vault_keys=SecretStr("1:" + base64.b64encode(b"b" * 32).decode()),
        exchange_emulator_url=exchange.url,
        exchange_mode="emulator",
        worker_capacity=args.bots + args.start_bots + 5,
        bot_ping_timeout_s=60,
        log_level="WARNING",
    )
    runtime = await Runtime.open(settings)
    sizes = (args.bots, args.start_bots, args.settle, args.window, exchange)
    plain: dict[str, Any] = {}
    boxed: dict[str, Any] = {}
    try:
        if not args.zygote_only:
            plain = await run_mode(runtime, SubprocessLauncher(), *sizes)
            print(f"plain:  {json.dumps(_rounded(plain))}", flush=True)
        zygote = await run_mode(runtime, ZygoteLauncher(), *sizes)
        print(f"zygote: {json.dumps(_rounded(zygote))}", flush=True)
        if not args.zygote_only:
            boxed = await run_mode(runtime, ZygoteLauncher(), *sizes, kind="custom")
            print(f"sandboxed custom code: {json.dumps(_rounded(boxed))}", flush=True)
    finally:
        await runtime.close()
        await exchange.stop()
        embedded.stop()
    return {
        "bots": zygote["running"],
        "pss_mib_per_bot": zygote["pss_mib_per_bot"],
        "uss_mib_per_bot": zygote["uss_mib_per_bot"],
        "baseline_pss_mib_per_bot": plain.get("pss_mib_per_bot"),
        "baseline_uss_mib_per_bot": plain.get("uss_mib_per_bot"),
        "start_p95_s": p95(zygote["start_latencies"]),
        "start_median_s": statistics.median(zygote["start_latencies"]),
        "launch_to_ping_p95_s": p95(zygote["launch_to_ping"]),
        "baseline_start_p95_s": p95(plain["start_latencies"]) if plain else None,
        "cpu_pct_per_bot": zygote["cpu_pct_per_bot"],
        "baseline_cpu_pct_per_bot": plain.get("cpu_pct_per_bot"),
        "cpu_pct_all_bots": zygote["cpu_pct_per_bot"] * zygote["running"],
        "exchange_req_per_bot_min": zygote["exchange_req_per_bot_min"],
        "sandboxed_pss_mib_per_bot": boxed.get("pss_mib_per_bot"),
        "sandboxed_start_p95_s": p95(boxed["start_latencies"]) if boxed else None,
    }


def _rounded(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, float):
            out[key] = round(value, 2)
        elif isinstance(value, list):
            out[key] = [round(v, 2) for v in value]
        else:
            out[key] = value
    return out


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt  # SIGTERM unwinds like Ctrl-C: bots and embedded servers stop


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _interrupt)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bots", type=int, default=20, help="idle bots per mode (total)")
    parser.add_argument("--start-bots", type=int, default=10, help="bots started at once")
    parser.add_argument("--settle", type=float, default=45, help="seconds before measuring")
    parser.add_argument(
        "--window", type=float, default=330, help="measuring window (≥ one 5m candle)"
    )
    parser.add_argument("--zygote-only", action="store_true", help="skip the plain baseline")
    figures = asyncio.run(main(parser.parse_args()))
    print(json.dumps(_rounded(figures)))
