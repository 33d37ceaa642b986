"""Run real `freqtrade hyperopt`, report progress per epoch, and return the best parameters."""

from __future__ import annotations

import ast
import asyncio
import contextlib
import json
import shutil
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ai_strategies.ftconfig import freqtrade_config, write_config
from ai_strategies.jail import JailRun, Limits, run_confined

ProgressCallback = Callable[[int, int, "EpochResult | None"], Awaitable[None]]


@dataclass(frozen=True)
class EpochResult:
    """One hyperopt epoch: its loss, profit, trade count and parameters."""

    epoch: int
    loss: float
    profit_pct: float
    trades: int
    is_best: bool
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class HyperoptResult:
    """The outcome of a hyperopt run."""

    epochs: list[EpochResult]
    best: EpochResult | None
    seconds: float

    @property
    def best_params(self) -> dict[str, Any]:
        """Return the winning parameter values, flattened across spaces."""
        return dict(self.best.params) if self.best else {}


class HyperoptError(Exception):
    """Hyperopt failed; args[0] is a one-line reason."""


def parse_epoch(line: str) -> EpochResult | None:
    """Parse one line of a `.fthypt` results file."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError:
        return None
    metrics = data.get("results_metrics") or {}
    params: dict[str, Any] = {}
    for space in ("buy", "sell", "protection"):
        params.update((data.get("params_details") or {}).get(space) or {})
    stoploss = (data.get("params_details") or {}).get("stoploss") or {}
    params.update(stoploss)
    return EpochResult(
        epoch=int(data.get("current_epoch", 0)),
        loss=float(data.get("loss", 0.0)),
        profit_pct=round(float(metrics.get("profit_total", 0.0)) * 100, 3),
        trades=int(metrics.get("total_trades", 0)),
        is_best=bool(data.get("is_best")),
        params=params,
    )


def read_epochs(results_dir: Path) -> list[EpochResult]:
    """Read every epoch written so far (Freqtrade appends one JSON line per epoch)."""
    epochs: list[EpochResult] = []
    if not results_dir.exists():
        return epochs
    for path in sorted(results_dir.glob("*.fthypt")):
        for line in path.read_text().splitlines():
            parsed = parse_epoch(line)
            if parsed is not None:
                epochs.append(parsed)
    return sorted(epochs, key=lambda e: e.epoch)


async def run_hyperopt(
    code: str,
    class_name: str,
    *,
    datadir: Path,
    exchange_section: dict[str, Any],
    pair: str,
    timeframe: str,
    timerange: str,
    epochs: int,
    spaces: Sequence[str] | None = None,
    loss: str = "SharpeHyperOptLossDaily",
    timeout: float = 900,
    wallet: float = 1000,
    markets: Path,
    progress: ProgressCallback | None = None,
    limits: Limits | None = None,
    trusted: bool = False,
) -> HyperoptResult:
    """Optimise a strategy's parameters with real Freqtrade hyperopt, confined."""
    spaces = list(spaces or declared_spaces(code))
    if not spaces:
        raise HyperoptError("the strategy declares no parameter hyperopt could tune")
    with tempfile.TemporaryDirectory(prefix="nofomo-hyperopt-") as tmp:
        work = Path(tmp)
        userdir, strategies = work / "user_data", work / "strategies"
        for sub in ("hyperopt_results", "backtest_results", "data", "logs"):
            (userdir / sub).mkdir(parents=True)
        strategies.mkdir()
        (strategies / f"{class_name}.py").write_text(code)
        exchange = str(exchange_section.get("name", "binance"))
        config = freqtrade_config(
            exchange_section, exchange, [pair], timeframe=timeframe, wallet=wallet
        )
        config_path = write_config(work, config)
        replayed = shutil.copyfile(markets, work / "markets.json")
        args = [
            "hyperopt", "--config", "config.json", "--userdir", str(userdir),
            "--strategy", class_name, "--strategy-path", str(strategies),
            "--datadir", str(datadir), "--timerange", timerange, "--epochs", str(epochs),
            "--spaces", *spaces, "--hyperopt-loss", loss, "-j", "1",
            "--disable-param-export", "--no-color", "--data-format-ohlcv", "feather",
        ]  # fmt: skip
        watcher = asyncio.create_task(_watch(userdir / "hyperopt_results", epochs, progress))
        try:
            limits = limits or Limits(cpu_seconds=int(timeout) + 60)
            run = await run_confined(
                args,
                workdir=work,
                timeout=timeout,
                limits=limits,
                sandbox="preferred" if trusted else "required",
                readonly=[datadir],
                replay=(replayed, config_path),
            )
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
        found = read_epochs(userdir / "hyperopt_results")
    return _result(run, found, epochs, progress_done=progress)


def declared_spaces(code: str) -> list[str]:
    """Return the buy/sell spaces the strategy's tunable parameters are declared in.

    Freqtrade refuses a space with no parameter, and a rendered spec may have no sell
    parameter at all (an exit that is a plain crossover).
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "").endswith("Parameter"):
            space = next((k.value for k in node.keywords if k.arg == "space"), None)
            tuned = next((k.value for k in node.keywords if k.arg == "optimize"), None)
            if isinstance(tuned, ast.Constant) and tuned.value is False:
                continue
            if isinstance(space, ast.Constant) and space.value in ("buy", "sell"):
                found.add(space.value)
    return sorted(found)


def _result(
    run: JailRun, found: list[EpochResult], epochs: int, progress_done: Any
) -> HyperoptResult:
    if run.timed_out and not found:
        raise HyperoptError(f"hyperopt timed out after {run.seconds:.0f} s")
    if run.returncode != 0 and not found:
        lines = [ln for ln in run.log.splitlines() if "Error" in ln or "ERROR" in ln]
        raise HyperoptError((lines[-1] if lines else "hyperopt failed").strip()[-300:])
    candidates = [e for e in found if e.trades > 0] or found
    best = min(candidates, key=lambda e: e.loss) if candidates else None
    return HyperoptResult(found, best, run.seconds)


async def _watch(results_dir: Path, total: int, progress: ProgressCallback | None) -> None:
    if progress is None:
        return
    seen = 0
    while True:
        await asyncio.sleep(1.0)
        done = await asyncio.to_thread(read_epochs, results_dir)
        if len(done) != seen:
            seen = len(done)
            best = min(done, key=lambda e: e.loss) if done else None
            await progress(seen, total, best)
