"""Detect look-ahead bias with real `freqtrade lookahead-analysis`, confined."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ai_strategies.backtest import BacktestError
from ai_strategies.ftconfig import freqtrade_config
from ai_strategies.jail import Limits, run_confined
from ai_strategies.runlog import failure_of
from ai_strategies.workspace import strategy_workspace

REPORT_NAME = "lookahead.csv"


@dataclass(frozen=True)
class LookaheadResult:
    """Freqtrade's verdict; `has_bias` is None when there were too few signals to decide."""

    has_bias: bool | None
    total_signals: int = 0
    biased_entry_signals: int = 0
    biased_exit_signals: int = 0
    biased_indicators: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def message(self) -> str:
        """Describe the verdict in one English line."""
        if self.has_bias is None:
            return "Look-ahead analysis was inconclusive: too few entry signals."
        if not self.has_bias:
            return f"No look-ahead bias found in {self.total_signals} signals."
        columns = ", ".join(self.biased_indicators) or "none"
        changed = self.biased_entry_signals + self.biased_exit_signals
        return (
            f"Look-ahead bias: hiding future candles changes {changed} of"
            f" {self.total_signals} checked signals and these columns: {columns}."
        )


async def run_lookahead(
    code: str,
    class_name: str,
    *,
    datadir: Path,
    exchange_section: Mapping[str, Any],
    pair: str,
    timeframe: str,
    timerange: str,
    markets: Path,
    timeout: float = 180,
    exchange: str = "binance",
    min_trades: int = 10,
    target_trades: int = 20,
    trusted: bool = False,
) -> LookaheadResult:
    """Run the analysis on one pair; raise `BacktestError` when it cannot run."""
    config = freqtrade_config(exchange_section, exchange, [pair], timeframe=timeframe)
    with strategy_workspace(code, class_name, config, markets) as ws:
        report = ws.root / REPORT_NAME
        args = [
            "lookahead-analysis",
            *ws.strategy_args(
                class_name, datadir=datadir, pair=pair, timeframe=timeframe, timerange=timerange
            ),
            *("--backtest-directory", str(ws.results)),
            *("--minimum-trade-amount", str(min_trades)),
            *("--targeted-trade-amount", str(target_trades)),
            *("--lookahead-analysis-exportfilename", str(report)),
        ]
        run = await run_confined(
            args,
            workdir=ws.root,
            timeout=timeout,
            limits=Limits(),
            sandbox="preferred" if trusted else "required",
            readonly=[datadir],
            replay=(ws.markets, ws.config),
        )
        failure = failure_of(run)
        if failure is not None:
            raise BacktestError.of(failure)
        return _read_report(report, class_name, run.seconds)


def _read_report(path: Path, class_name: str, seconds: float) -> LookaheadResult:
    """Read the strategy's row of the exported CSV (absent when signals were too few)."""
    if not path.exists():
        return LookaheadResult(has_bias=None, seconds=seconds)
    with path.open(newline="") as file:
        row = next((r for r in csv.DictReader(file) if r.get("strategy") == class_name), None)
    if row is None:
        return LookaheadResult(has_bias=None, seconds=seconds)
    indicators = [name.strip() for name in (row.get("biased_indicators") or "").split(",")]
    return LookaheadResult(
        has_bias=row.get("has_bias") == "True",
        total_signals=_int(row.get("total_signals")),
        biased_entry_signals=_int(row.get("biased_entry_signals")),
        biased_exit_signals=_int(row.get("biased_exit_signals")),
        biased_indicators=[name for name in indicators if name],
        seconds=seconds,
    )


def _int(value: str | None) -> int:
    """Read a CSV cell as an int, 0 when empty or malformed."""
    try:
        return int(value or 0)
    except ValueError:
        return 0
