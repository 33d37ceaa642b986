"""Backtest untrusted strategy code with real `freqtrade backtesting`, confined."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ai_strategies.ftconfig import freqtrade_config
from ai_strategies.jail import Limits, run_confined
from ai_strategies.runlog import STRATEGY_ERROR, Failure, failure_of, strategy_errors
from ai_strategies.workspace import strategy_workspace

_MAX_RESULT_BYTES = 64 * 1024 * 1024


class BacktestError(Exception):
    """The backtest did not produce results; `code` is stable, `message` is one line."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    @classmethod
    def of(cls, failure: Failure) -> BacktestError:
        """Wrap a parsed run failure."""
        return cls(failure.code, failure.message)


@dataclass(frozen=True)
class Trade:
    """One closed (or force-closed) backtest trade."""

    pair: str
    open_date: datetime
    close_date: datetime
    open_rate: float
    close_rate: float
    profit_ratio: float
    profit_abs: float
    exit_reason: str


@dataclass(frozen=True)
class BacktestSummary:
    """Freqtrade's own totals for the run."""

    start: datetime
    end: datetime
    total_trades: int
    profit_total: float
    profit_total_abs: float
    max_drawdown_account: float
    winrate: float
    starting_balance: float
    final_balance: float
    market_change: float


@dataclass(frozen=True)
class BacktestResult:
    """Trades and totals of one backtest, and how long Freqtrade took."""

    trades: list[Trade]
    summary: BacktestSummary
    seconds: float


async def run_backtest(
    code: str,
    class_name: str,
    *,
    datadir: Path,
    exchange_section: Mapping[str, Any],
    pair: str,
    timeframe: str,
    timerange: str,
    stake: float = 100,
    wallet: float = 1000,
    timeout: float = 60,
    markets: Path,
    exchange: str = "binance",
    limits: Limits | None = None,
    trusted: bool = False,
) -> BacktestResult:
    """Backtest `code` on one pair; raise `BacktestError` with a clear reason on failure.

    Untrusted code (anything we did not render ourselves) runs only in the sandbox.
    """
    config = freqtrade_config(
        exchange_section, exchange, [pair], timeframe=timeframe, stake=stake, wallet=wallet
    )
    with strategy_workspace(code, class_name, config, markets) as ws:
        args = [
            "backtesting",
            *ws.strategy_args(
                class_name, datadir=datadir, pair=pair, timeframe=timeframe, timerange=timerange
            ),
            *("--export", "trades", "--backtest-directory", str(ws.results), "--cache", "none"),
        ]
        run = await run_confined(
            args,
            workdir=ws.root,
            timeout=timeout,
            limits=limits,
            stop_on=STRATEGY_ERROR,
            sandbox="preferred" if trusted else "required",
            readonly=[datadir],
            replay=(ws.markets, ws.config),
        )
        failure = failure_of(run) or strategy_errors(run.log)
        if failure is not None:
            raise BacktestError.of(failure)
        strategy = read_results(ws.results, class_name)
    return BacktestResult(
        trades=[_trade(raw) for raw in strategy["trades"]],
        summary=_summary(strategy),
        seconds=run.seconds,
    )


def read_results(directory: Path, class_name: str) -> dict[str, Any]:
    """Return one strategy's section of the newest backtest result zip in `directory`."""
    try:
        latest = json.loads((directory / ".last_result.json").read_text())["latest_backtest"]
        with zipfile.ZipFile(directory / latest) as archive:
            member = next(
                info
                for info in archive.infolist()
                if info.filename.endswith(".json") and not info.filename.endswith("_config.json")
            )
            if member.file_size > _MAX_RESULT_BYTES:
                raise BacktestError("result_too_large", "the backtest result is too large")
            data = json.loads(archive.read(member))
        section = data["strategy"][class_name]
    except (OSError, KeyError, StopIteration, ValueError, zipfile.BadZipFile) as exc:
        raise BacktestError("no_results", f"Freqtrade wrote no readable result ({exc!r})") from exc
    if not isinstance(section, dict):
        raise BacktestError("no_results", "Freqtrade wrote no result for the strategy")
    return section


def _trade(raw: Mapping[str, Any]) -> Trade:
    """Convert one exported trade."""
    return Trade(
        pair=str(raw["pair"]),
        open_date=_from_ms(raw["open_timestamp"]),
        close_date=_from_ms(raw["close_timestamp"]),
        open_rate=float(raw["open_rate"]),
        close_rate=float(raw["close_rate"]),
        profit_ratio=float(raw["profit_ratio"]),
        profit_abs=float(raw["profit_abs"]),
        exit_reason=str(raw.get("exit_reason") or ""),
    )


def _summary(raw: Mapping[str, Any]) -> BacktestSummary:
    """Convert the strategy's totals."""
    return BacktestSummary(
        start=_from_text(raw["backtest_start"]),
        end=_from_text(raw["backtest_end"]),
        total_trades=int(raw["total_trades"]),
        profit_total=float(raw["profit_total"]),
        profit_total_abs=float(raw["profit_total_abs"]),
        max_drawdown_account=float(raw.get("max_drawdown_account") or 0.0),
        winrate=float(raw.get("winrate") or 0.0),
        starting_balance=float(raw["starting_balance"]),
        final_balance=float(raw["final_balance"]),
        market_change=float(raw.get("market_change") or 0.0),
    )


def _from_ms(value: int | float) -> datetime:
    """Convert epoch milliseconds to an aware UTC datetime."""
    return datetime.fromtimestamp(value / 1000, UTC)


def _from_text(value: str) -> datetime:
    """Parse Freqtrade's "YYYY-MM-DD HH:MM:SS" (UTC, sometimes with an offset)."""
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
