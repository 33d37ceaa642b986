"""Validate strategy code in stages: static check, real Freqtrade backtest, quality, bias.

1. static: `check_source` (errors stop here; warnings are kept);
2+3. load + backtest: a confined `freqtrade backtesting` over the last `days` of candles
   (Freqtrade's own load is the real load check), then in-/out-of-sample metrics and flags;
4. with `live=True`: a confined `freqtrade lookahead-analysis`; detected bias fails.
"""

from __future__ import annotations

import contextlib
import logging
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ai_strategies.backtest import BacktestError, BacktestResult, Trade, run_backtest
from ai_strategies.errors import ServiceFailure
from ai_strategies.findings import Finding
from ai_strategies.ftconfig import timeframe_seconds
from ai_strategies.lookahead import LookaheadResult, run_lookahead
from ai_strategies.marketdata import MarketData, MarketDataError
from ai_strategies.metrics import (
    EquityPoint,
    Metrics,
    compute_metrics,
    equity_curve,
    quality_flags,
    split_boundary,
    split_in_out,
)
from ai_strategies.static import check_source
from ai_strategies.strategy_facts import StrategyFacts, candle_series, read_facts
from ai_strategies.window import MAX_DAYS, MAX_STARTUP_CANDLES, judging_window

if TYPE_CHECKING:
    from ai_strategies.generator.types import Validator

log = logging.getLogger(__name__)

DEFAULT_PAIR = "BTC/USDT"
DEFAULT_TIMEFRAME = "5m"
STAKE = 100.0
WALLET = 1000.0
# Run failures that say nothing about the strategy: Freqtrade or its data failed.
_OUR_FAILURES = frozenset({"no_data", "no_results", "freqtrade_error", "crashed"})


@dataclass(frozen=True)
class ValidationReport:
    """Everything the validator found; `reasons` (why it failed) are empty when `ok`."""

    ok: bool
    class_name: str | None
    pair: str | None = None
    timeframe: str | None = None
    reasons: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    flags: list[Finding] = field(default_factory=list)
    trades: int = 0
    trade_list: list[Trade] = field(default_factory=list)
    days: int | None = None  # the window the strategy was judged on
    split_at: datetime | None = None  # where the in-sample part ends and out-of-sample begins
    overall: Metrics | None = None
    in_sample: Metrics | None = None
    out_of_sample: Metrics | None = None
    equity: list[EquityPoint] = field(default_factory=list)
    lookahead: LookaheadResult | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def errors(self) -> list[str]:
        """Return the reasons as plain messages (what the LLM repair loop reads)."""
        return [reason.message for reason in self.reasons]


async def validate_strategy(
    code: str,
    *,
    market: MarketData | None,
    pair: str | None = None,
    timeframe: str | None = None,
    days: int | None = None,
    max_days: int = MAX_DAYS,
    live: bool = False,
    timeout: float = 60,
    trusted: bool = False,
) -> ValidationReport:
    """Run every stage that applies and report; `market=None` runs the static stage only.

    `trusted` is for code our own renderer wrote; anything else runs only in the sandbox.

    `days=None` judges the strategy on a window sized by its timeframe and indicators,
    capped at `max_days` (the plan's backtest limit).
    """
    timings: dict[str, float] = {}
    with _timed(timings, "static"):
        static = check_source(code)
    report = ValidationReport(
        ok=static.ok,
        class_name=static.class_name,
        reasons=[Finding(p.code, p.message) for p in static.errors],
        warnings=[Finding(p.code, p.message) for p in static.warnings],
        timings=timings,
    )
    if not static.ok or static.class_name is None:
        return replace(report, ok=False)
    facts = read_facts(code, static.class_name)
    pair = pair or DEFAULT_PAIR
    timeframe = timeframe or facts.timeframe or DEFAULT_TIMEFRAME
    report = replace(report, pair=pair, timeframe=timeframe)
    if facts.startup_candles > MAX_STARTUP_CANDLES:
        text = (
            f"startup_candle_count is {facts.startup_candles}; at most {MAX_STARTUP_CANDLES}"
            " candles of warm-up are supported."
        )
        return replace(report, ok=False, reasons=[Finding("startup_too_long", text)])
    if days is None:
        days = judging_window(timeframe, facts.startup_candles, max_days).days
    report = replace(report, days=days)
    if market is None:
        skipped = Finding("runtime_skipped", "Only the static check ran (no market data).")
        return replace(report, warnings=[*report.warnings, skipped])
    run = _Run(code, static.class_name, market, pair, timeframe, days, timeout, timings, trusted)
    return await run.execute(report, facts, live)


@dataclass
class _Run:
    """The runtime stages of one validation."""

    code: str
    class_name: str
    market: MarketData
    pair: str
    timeframe: str
    days: int
    timeout: float
    timings: dict[str, float]
    trusted: bool
    markets: Path | None = None

    async def execute(
        self, report: ValidationReport, facts: StrategyFacts, live: bool
    ) -> ValidationReport:
        """Load data, backtest, score, and optionally look for look-ahead bias."""
        try:
            with _timed(self.timings, "data"):
                await self.market.ensure_many(
                    candle_series(facts, self.pair, self.timeframe), self._download_days(facts)
                )
                self.markets = await self.market.markets_snapshot()
            with _timed(self.timings, "backtest"):
                result = await self._backtest()
        except MarketDataError as exc:
            raise ServiceFailure("market_data_unavailable", str(exc)) from exc
        except BacktestError as exc:
            return replace(report, ok=False, reasons=[_strategy_problem(exc)])
        report = _scored(report, result, self.days)
        if live and report.trades:
            report = await self._lookahead(report)
        return replace(report, ok=not report.reasons)

    def _download_days(self, facts: StrategyFacts) -> int:
        """Return the days of candles to hold: the test period plus the warm-up."""
        longest = max(
            timeframe_seconds(tf) for _, tf in [(None, self.timeframe), *facts.informative]
        )
        return self.days + math.ceil(facts.startup_candles * longest / 86400) + 1

    def _timerange(self) -> str:
        """Return Freqtrade's timerange for the last `days` days, in epoch seconds."""
        return f"{int((datetime.now(UTC) - timedelta(days=self.days)).timestamp())}-"

    def _target(self) -> dict[str, Any]:
        """Return the arguments the backtest and the look-ahead analysis share."""
        return {
            "datadir": self.market.datadir,
            "exchange_section": self.market.exchange_section,
            "exchange": self.market.exchange,
            "pair": self.pair,
            "timeframe": self.timeframe,
            "timerange": self._timerange(),
            "trusted": self.trusted,
            "markets": self.markets,
        }

    async def _backtest(self) -> BacktestResult:
        """Backtest the strategy over the test period."""
        return await run_backtest(
            self.code, self.class_name, stake=STAKE, wallet=WALLET, timeout=self.timeout,
            **self._target(),
        )  # fmt: skip

    async def _lookahead(self, report: ValidationReport) -> ValidationReport:
        """Run the look-ahead analysis; bias is a reason, an inconclusive run a warning."""
        try:
            with _timed(self.timings, "lookahead"):
                result = await run_lookahead(
                    self.code, self.class_name, timeout=self.timeout * 3, **self._target()
                )
        except BacktestError as exc:
            _strategy_problem(exc)
            failed = Finding("lookahead_failed", f"Look-ahead analysis failed: {exc.message}")
            return replace(report, reasons=[*report.reasons, failed])
        report = replace(report, lookahead=result)
        if result.has_bias:
            return replace(
                report, reasons=[*report.reasons, Finding("lookahead_bias", result.message)]
            )
        if result.has_bias is None:
            return replace(
                report,
                warnings=[*report.warnings, Finding("lookahead_inconclusive", result.message)],
            )
        return report


def _strategy_problem(exc: BacktestError) -> Finding:
    """Return a failed run as a reason, or raise when Freqtrade, not the strategy, failed."""
    if exc.code in _OUR_FAILURES:
        raise ServiceFailure("backtest_failed", f"{exc.code}: {exc.message}") from exc
    return Finding(exc.code, exc.message)


def _scored(report: ValidationReport, result: BacktestResult, days: int) -> ValidationReport:
    """Add metrics, the equity curve and quality flags; no trade at all is a failure."""
    start, end = result.summary.start, result.summary.end
    boundary = split_boundary(start, end)
    inside, outside = split_in_out(result.trades, boundary)
    overall = compute_metrics(result.trades, WALLET, start, end)
    in_sample = compute_metrics(inside, WALLET, start, boundary)
    equity_at_boundary = WALLET + in_sample.profit_abs
    out_of_sample = compute_metrics(outside, equity_at_boundary, boundary, end)
    reasons = list(report.reasons)
    if not result.trades:
        text = (
            f"The strategy made no trades in {days} days of {report.pair} {report.timeframe}"
            " candles; its entry conditions never all held at once."
        )
        reasons.append(Finding("no_trades", text))
    return replace(
        report,
        reasons=reasons,
        trades=len(result.trades),
        trade_list=list(result.trades),
        split_at=boundary,
        overall=overall,
        in_sample=in_sample,
        out_of_sample=out_of_sample,
        equity=equity_curve(result.trades, WALLET, start),
        flags=quality_flags(overall, in_sample, out_of_sample) if result.trades else [],
    )


@contextlib.contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    """Record how long a stage took, in seconds."""
    started = time.monotonic()
    try:
        yield
    finally:
        timings[stage] = round(time.monotonic() - started, 3)


def as_validator(
    market: MarketData | None,
    *,
    pair: str | None = None,
    timeframe: str | None = None,
    days: int | None = None,
    live: bool = False,
    timeout: float = 60,
    trusted: bool = False,
    on_report: Callable[[ValidationReport], object] | None = None,
) -> Validator:
    """Adapt `validate_strategy` to the generator's repair loop (errors = reasons).

    `on_report` sees every full report, e.g. to show the accepted strategy's metrics.
    """
    from ai_strategies.generator.types import ValidationOutcome

    async def validate(code: str) -> ValidationOutcome:
        """Validate one draft and tell the repair loop what to fix."""
        report = await validate_strategy(
            code,
            market=market,
            pair=pair,
            timeframe=timeframe,
            days=days,
            live=live,
            timeout=timeout,
            trusted=trusted,
        )
        if on_report is not None:
            on_report(report)
        return ValidationOutcome.passed() if report.ok else ValidationOutcome.failed(report.errors)

    return validate
