"""Dashboard speed: server time per page, and latency under a constant request rate.

Seeds one user with 50 bots and 10,000 trades (bench/support/dashboard_seed.py) on embedded
Postgres and Valkey, serves the real web app from a subprocess (the load generator never
shares the server's event loop), signs in with a one-time link, and measures:

* server time per page type: the `Server-Timing: app;dur=` header over sequential requests
  (for the CSV export, the time until it starts streaming; `client_ms` is the whole file);
* open-loop load over a mix of pages: requests leave on a fixed schedule whatever the
  answers do, and latency runs from each request's scheduled time (no coordinated omission);
  the server is let drain between rates, and rates above one that collapsed are skipped;
* the highest rate whose p99 stays within `--slo-ms` with no errors (bisection).

The last line printed is one JSON object.

    python bench/dashboard.py --rates 10,20,40,80 --duration 10
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import datetime as dt
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import psutil
from aiohttp import web
from pydantic import SecretStr
from support.dashboard_seed import Seeded, seed

from orchestrator.core.embedded import EmbeddedServices
from orchestrator.core.runtime import Runtime
from orchestrator.core.settings import Settings
from orchestrator.core.sizing import db_pool_max
from orchestrator.dashboard.access import issue_link
from web_minimal.app import create_app

VAULT_KEYS = "1:" + base64.b64encode(b"dashboard-bench-vault-key-32byte").decode()
# The load mix: page type and weight (the CSV export is an export, measured on its own).
MIX = {"overview": 30, "bot_top": 15, "bot_top_p50": 10, "bot_other": 20, "strategies": 8,
       "strategy": 5, "keys": 6, "billing": 6}  # fmt: skip
Run = dict[str, float]
MIN_REQUESTS = 100  # per search step, so that its p99 means something


def settings_env(root: Path, database_url: str, redis_url: str) -> dict[str, str]:
    """Return the environment both processes build their settings from."""
    return {
        "DATA_DIR": str(root / "state"), "DATABASE_URL": database_url, "REDIS_URL": redis_url,
        "VAULT_KEYS": VAULT_KEYS, "LOG_LEVEL": "WARNING",
    }  # fmt: skip


def settings_from(env: dict[str, str]) -> Settings:
    """Build local-mode settings from `settings_env` values (no .env file)."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=Path(env["DATA_DIR"]),
        database_url=SecretStr(env["DATABASE_URL"]),
        redis_url=SecretStr(env["REDIS_URL"]),
        vault_keys=SecretStr(env["VAULT_KEYS"]),
        log_level=env["LOG_LEVEL"],
    )


async def serve_forever() -> None:
    """Serve the web app as `nofomo web` sizes it; print the port; stop on SIGTERM."""
    settings = settings_from(dict(os.environ))
    pool = db_pool_max(settings, "web")
    runtime = await Runtime.open(settings, run_migrations=False, pool_max=pool)
    runner = web.AppRunner(create_app(runtime), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    print(runner.addresses[0][1], flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await runner.cleanup()
    await runtime.close()


def start_server(env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    """Start the server subprocess; return it and its base URL."""
    command = [sys.executable, __file__, "--serve"]
    proc = subprocess.Popen(command, env=os.environ | env, stdout=subprocess.PIPE, text=True)
    port = proc.stdout.readline().strip() if proc.stdout else ""
    if not port.isdigit():
        stop_server(proc)
        raise RuntimeError("the server subprocess did not start")
    return proc, f"http://127.0.0.1:{port}"


def stop_server(proc: subprocess.Popen[str]) -> None:
    """Stop the server subprocess (this one only), killing it if it will not finish."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile (0 for no values)."""
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)] if ordered else 0.0


def page_paths(seeded: Seeded) -> dict[str, str]:
    """Return each page type's path: the busiest bot, its page 50, a bot with ~100 trades."""
    top, other = seeded.bots[0], seeded.bots[1]
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


async def sign_in(runtime: Runtime, http: aiohttp.ClientSession, url: str, seeded: Seeded) -> None:
    """Follow a one-time link so the client's cookie jar holds a session."""
    link = await issue_link(runtime, seeded.user_id, dt.datetime.now(dt.UTC))
    async with http.get(url + urlsplit(link).path, allow_redirects=False) as response:
        if response.status != 302:
            raise RuntimeError(f"sign-in failed: {response.status}")


async def timed_get(http: aiohttp.ClientSession, url: str) -> tuple[float, float, int]:
    """GET a page whole; return (Server-Timing ms, client ms, bytes); raise unless 200."""
    started = time.perf_counter()
    async with http.get(url, allow_redirects=False) as response:
        body = await response.read()
        timing = response.headers.get("Server-Timing", "").partition("dur=")[2]
    if response.status != 200 or not timing:
        raise RuntimeError(f"{url}: status {response.status}, Server-Timing {timing!r}")
    return float(timing), (time.perf_counter() - started) * 1000, len(body)


class CpuMeter:
    """CPU time used by the server process and by Postgres (every process of the cluster).

    On a shared machine wall times swell with other people's load; CPU time per request
    stays near what the page costs.
    """

    def __init__(self, server_pid: int, pgdata: Path) -> None:
        self.server = psutil.Process(server_pid)
        self.postmaster = psutil.Process(int((pgdata / "postmaster.pid").read_text().split()[0]))

    def read(self) -> tuple[float, float]:
        """Return (server CPU seconds, Postgres CPU seconds) so far."""
        db = 0.0
        for proc in [self.postmaster, *self.postmaster.children()]:
            with contextlib.suppress(psutil.Error):
                db += sum(proc.cpu_times()[:2])
        return sum(self.server.cpu_times()[:2]), db


async def server_times(
    http: aiohttp.ClientSession, url: str, paths: dict[str, str], samples: int, cpu: CpuMeter
) -> dict[str, Run]:
    """Request each page `samples` times in a row (after two more to warm up)."""
    figures = {}
    for name, path in paths.items():
        for _ in range(2):
            await timed_get(http, url + path)
        server_cpu, db_cpu = cpu.read()
        runs = [await timed_get(http, url + path) for _ in range(samples)]
        server_after, db_after = cpu.read()
        server = [run[0] for run in runs]
        figures[name] = {
            "p50_ms": percentile(server, 0.5), "p99_ms": percentile(server, 0.99),
            "max_ms": max(server), "client_p50_ms": percentile([run[1] for run in runs], 0.5),
            "app_cpu_ms": (server_after - server_cpu) * 1000 / samples,
            "db_cpu_ms": (db_after - db_cpu) * 1000 / samples, "kib": runs[-1][2] / 1024,
        }  # fmt: skip
    return figures


async def one_request(
    http: aiohttp.ClientSession, url: str, due: float, done: list[float], errors: list[str]
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
    done.append((time.perf_counter() - due) * 1000)


async def constant_rate(
    http: aiohttp.ClientSession, url: str, paths: dict[str, str], rate: float, seconds: float
) -> Run:
    """Send the page mix at a fixed `rate` for `seconds`, open loop; return latency figures."""
    rng = random.Random(int(rate * 10))
    names = [name for name, weight in MIX.items() for _ in range(weight)]
    done: list[float] = []
    errors: list[str] = []
    tasks, late = [], 0.0
    start = time.perf_counter() + 0.05
    for n in range(int(rate * seconds)):
        due = start + n / rate
        if (pause := due - time.perf_counter()) > 0:
            await asyncio.sleep(pause)
        late = max(late, -pause)
        path = paths[rng.choice(names)]
        tasks.append(asyncio.create_task(one_request(http, url + path, due, done, errors)))
    await asyncio.gather(*tasks)
    return {
        "rate": rate, "sent": len(tasks), "errors": len(errors),
        "p50_ms": percentile(done, 0.5), "p99_ms": percentile(done, 0.99),
        "max_ms": max(done, default=0.0), "sender_late_ms": late * 1000,
    }  # fmt: skip


async def drained(http: aiohttp.ClientSession, url: str, patience: float = 300) -> None:
    """Wait until the server answers at once again (a collapsed run leaves a backlog)."""
    deadline, quick = time.monotonic() + patience, 0
    while quick < 3 and time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            async with http.get(f"{url}/healthz") as response:
                await response.read()
        except (aiohttp.ClientError, TimeoutError):
            pass
        quick = quick + 1 if time.perf_counter() - started < 0.05 else 0
        await asyncio.sleep(0.5)


def holds(run: Run, slo_ms: float) -> bool:
    """Tell whether a run kept its p99 within the bound without errors."""
    return run["errors"] == 0 and run["p99_ms"] <= slo_ms


async def ladder(
    http: aiohttp.ClientSession, url: str, paths: dict[str, str], args: argparse.Namespace
) -> list[Run]:
    """Run each rate in turn; stop climbing once a rate has collapsed."""
    runs = []
    print(f"{'rate/s':>8}{'sent':>7}{'errors':>8}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for rate in args.rates:
        run = await constant_rate(http, url, paths, rate, args.duration)
        runs.append(run)
        print(f"{rate:>8.1f}{run['sent']:>7.0f}{run['errors']:>8.0f}{run['p50_ms']:>9.1f}"
              f"{run['p99_ms']:>9.1f}{run['max_ms']:>9.1f}", flush=True)  # fmt: skip
        await drained(http, url)
        if run["errors"] or run["p99_ms"] > 10 * args.slo_ms:
            print(f"  (rates above {rate:.0f}/s skipped: this one collapsed)")
            break
    return runs


async def highest_rate(
    http: aiohttp.ClientSession, url: str, paths: dict[str, str], runs: list[Run],
    args: argparse.Namespace,
) -> float:  # fmt: skip
    """Bisect between the best rate held and the lowest missed one; return the best held."""
    low = max((r["rate"] for r in runs if holds(r, args.slo_ms)), default=0.0)
    missed = [r["rate"] for r in runs if not holds(r, args.slo_ms) and r["rate"] > low]
    high = min(missed, default=max(low * 2, 10.0))
    while high - low > max(1.0, low * args.precision):
        middle = round((low + high) / 2, 1)
        seconds = max(args.search_duration, MIN_REQUESTS / middle)  # p99 of enough requests
        run = await constant_rate(http, url, paths, middle, seconds)
        print(f"  search {middle:6.1f}/s: p50 {run['p50_ms']:7.1f}  p99 {run['p99_ms']:7.1f}"
              f"  errors {run['errors']:.0f}", flush=True)  # fmt: skip
        low, high = (middle, high) if holds(run, args.slo_ms) else (low, middle)
        await drained(http, url)
    return low


def print_times(times: dict[str, Run]) -> None:
    """Print the server-time table (CPU: per request, the app's and Postgres')."""
    print(f"{'page':<13}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}{'client p50':>11}"
          f"{'app CPU':>9}{'db CPU':>8}{'KiB':>6}")  # fmt: skip
    for name, t in times.items():
        print(f"{name:<13}{t['p50_ms']:>8.1f}{t['p99_ms']:>8.1f}{t['max_ms']:>8.1f}"
              f"{t['client_p50_ms']:>11.1f}{t['app_cpu_ms']:>9.1f}{t['db_cpu_ms']:>8.1f}"
              f"{t['kib']:>6.0f}")  # fmt: skip


async def measure(
    args: argparse.Namespace, runtime: Runtime, url: str, seeded: Seeded, cpu: CpuMeter
) -> dict[str, Any]:
    """Sign in, then run the three measurements against the served app."""
    paths = page_paths(seeded)
    connector = aiohttp.TCPConnector(limit=args.connections)
    jar = aiohttp.CookieJar(unsafe=True)  # the server is an IP address
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=connector, cookie_jar=jar, timeout=timeout) as http:
        await sign_in(runtime, http, url, seeded)
        times = await server_times(http, url, paths, args.samples, cpu)
        print_times(times)
        runs = await ladder(http, url, paths, args)
        best = await highest_rate(http, url, paths, runs, args) if args.search else None
    return {"server_ms": times, "runs": runs, "max_rate_p99_within_slo": best}


async def main(args: argparse.Namespace) -> dict[str, Any]:
    """Seed, serve, measure; return the figures."""
    root = Path(tempfile.mkdtemp(prefix="nofomo-bench-dash-"))
    embedded = EmbeddedServices(root)
    proc, runtime = None, None
    try:
        env = settings_env(root, embedded.start_postgres(), embedded.start_valkey())
        runtime = await Runtime.open(settings_from(env))
        seeded = await seed(runtime, args.bots, args.trades, args.top_share, args.days)
        proc, url = start_server(env)
        print(f"{args.bots} bots, {args.trades} trades ({seeded.trade_counts[0]} on the busiest);"
              " server: a subprocess", flush=True)  # fmt: skip
        load_before = os.getloadavg()
        cpu = CpuMeter(proc.pid, root / "postgres")
        figures = await measure(args, runtime, url, seeded, cpu)
        load_after = os.getloadavg()
    finally:
        if proc is not None:
            stop_server(proc)
        if runtime is not None:
            await runtime.close()
        embedded.stop()
        shutil.rmtree(root, ignore_errors=True)  # the seeded database: about 60 MB
    print(f"load average before {load_before}, after {load_after} ({os.cpu_count()} CPUs)")
    return {
        "bots": args.bots, "trades": args.trades, "busiest_bot_trades": seeded.trade_counts[0],
        "server": "subprocess", "cpus": os.cpu_count(), "load_avg_before": load_before,
        "load_avg_after": load_after, "slo_ms": args.slo_ms, **figures,
    }  # fmt: skip


def rounded(data: Any) -> Any:
    """Round floats to two places, all the way down."""
    if isinstance(data, dict):
        return {key: rounded(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [rounded(value) for value in data]
    return round(data, 2) if isinstance(data, float) else data


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("--bots", type=int, default=50)
    add("--trades", type=int, default=10_000)
    add("--top-share", type=float, default=0.5, help="share of the trades on the busiest bot")
    add("--days", type=int, default=90, help="days the trades spread over")
    add("--samples", type=int, default=30, help="sequential requests per page type")
    add("--rates", type=lambda s: [float(r) for r in s.split(",")], default=[10, 20, 40, 80],
        help="request rates (per second) for the load, comma-separated")  # fmt: skip
    add("--duration", type=float, default=10.0, help="seconds of load per rate")
    add("--slo-ms", type=float, default=100.0, help="the p99 bound for the search")
    add("--search", action=argparse.BooleanOptionalAction, default=True)
    add("--search-duration", type=float, default=8.0, help="seconds per search step")
    add("--precision", type=float, default=0.05, help="the search stops within this share")
    add("--connections", type=int, default=100, help="client connection limit")
    add("--serve", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.serve:
        asyncio.run(serve_forever())
    else:
        print(json.dumps(rounded(asyncio.run(main(arguments)))))
