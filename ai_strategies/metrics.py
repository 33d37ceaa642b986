"""Performance of a list of backtest trades, in-/out-of-sample splits and quality flags.

Pure functions: no I/O, so they are unit-tested on hand-made trades.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from ai_strategies.findings import Finding

if TYPE_CHECKING:
    from ai_strategies.backtest import Trade

IN_SAMPLE_SHARE = 0.7
MIN_TRADES = 5
MIN_OOS_TRADES = 2
OOS_SHORTFALL = 3.0  # flag when out-of-sample earns less than 1/3 of in-sample per day
TOO_GOOD_WIN_RATE = 0.9
TOO_GOOD_MIN_TRADES = 10
TOO_GOOD_PROFIT_PCT = 200.0
LOSING_PROFIT_PCT = -5.0  # flag a total loss deeper than this
LOW_WIN_RATE = 0.3  # flag winning fewer trades than this ...
LOW_WIN_RATE_MIN_TRADES = 10  # ... once there are enough trades to tell
HIGH_DRAWDOWN_PCT = 25.0


@dataclass(frozen=True)
class Metrics:
    """Summary of the trades of one period; percentages are of the equity at its start."""

    trades: int
    wins: int
    win_rate: float
    profit_pct: float
    profit_abs: float
    max_drawdown_pct: float
    avg_duration: timedelta
    profit_factor: float | None  # gross win / gross loss; None without losing trades
    sharpe: float | None  # mean / stdev of per-trade returns; None under 2 trades
    days: float

    @property
    def profit_pct_per_day(self) -> float:
        """Return the profit in percent per day of the period."""
        return self.profit_pct / self.days if self.days > 0 else 0.0


class EquityPoint(NamedTuple):
    """Account equity right after a trade closed."""

    time: datetime
    equity: float


def compute_metrics(
    trades: Sequence[Trade], wallet: float, start: datetime, end: datetime
) -> Metrics:
    """Summarise `trades` of the period start..end for an account starting at `wallet`."""
    returns = [t.profit_ratio for t in trades]
    profit = sum(t.profit_abs for t in trades)
    wins = sum(1 for t in trades if t.profit_abs > 0)
    durations = [t.close_date - t.open_date for t in trades]
    return Metrics(
        trades=len(trades),
        wins=wins,
        win_rate=wins / len(trades) if trades else 0.0,
        profit_pct=100 * profit / wallet if wallet else 0.0,
        profit_abs=profit,
        max_drawdown_pct=max_drawdown_pct(equity_curve(trades, wallet, start)),
        avg_duration=sum(durations, timedelta()) / len(durations) if durations else timedelta(),
        profit_factor=profit_factor(trades),
        sharpe=_sharpe(returns),
        days=max((end - start).total_seconds(), 0.0) / 86400,
    )


def equity_curve(trades: Sequence[Trade], wallet: float, start: datetime) -> list[EquityPoint]:
    """Return equity at `start` and after each trade closes, in closing order."""
    points = [EquityPoint(start, wallet)]
    equity = wallet
    for trade in sorted(trades, key=lambda t: t.close_date):
        equity += trade.profit_abs
        points.append(EquityPoint(trade.close_date, equity))
    return points


def max_drawdown_pct(curve: Sequence[EquityPoint]) -> float:
    """Return the largest fall from a running peak, in percent of that peak."""
    peak, worst = float("-inf"), 0.0
    for point in curve:
        peak = max(peak, point.equity)
        if peak > 0:
            worst = max(worst, 100 * (peak - point.equity) / peak)
    return worst


def profit_factor(trades: Sequence[Trade]) -> float | None:
    """Return gross profit over gross loss, or None when nothing was lost."""
    gained = sum(t.profit_abs for t in trades if t.profit_abs > 0)
    lost = -sum(t.profit_abs for t in trades if t.profit_abs < 0)
    return gained / lost if lost > 0 else None


def _sharpe(returns: Sequence[float]) -> float | None:
    """Return mean over standard deviation of per-trade returns."""
    if len(returns) < 2:
        return None
    spread = statistics.stdev(returns)
    return statistics.fmean(returns) / spread if spread > 0 else None


def split_boundary(start: datetime, end: datetime, share: float = IN_SAMPLE_SHARE) -> datetime:
    """Return the time that ends the in-sample part (the first `share` of the period)."""
    return start + (end - start) * share


def split_in_out(trades: Sequence[Trade], boundary: datetime) -> tuple[list[Trade], list[Trade]]:
    """Split trades by opening time into in-sample (before `boundary`) and out-of-sample."""
    inside = [t for t in trades if t.open_date < boundary]
    outside = [t for t in trades if t.open_date >= boundary]
    return inside, outside


def quality_flags(overall: Metrics, in_sample: Metrics, out_of_sample: Metrics) -> list[Finding]:
    """Return warnings about results that are too thin, overfitted, poor or too good to be true."""
    return [
        *_thin(overall, out_of_sample),
        *_overfitted(in_sample, out_of_sample),
        *_poor(overall),
        *_too_good(overall),
    ]


def _thin(overall: Metrics, out_of_sample: Metrics) -> list[Finding]:
    """Flag too few trades overall or out-of-sample."""
    if overall.trades < MIN_TRADES:
        text = f"Only {overall.trades} trades in {overall.days:.0f} days: too few to judge."
        return [Finding("too_few_trades", text)]
    if out_of_sample.trades < MIN_OOS_TRADES:
        text = (
            f"Only {out_of_sample.trades} trades in the out-of-sample period"
            f" (last {out_of_sample.days:.0f} days): too few to confirm the result."
        )
        return [Finding("too_few_trades", text)]
    return []


def _overfitted(in_sample: Metrics, out_of_sample: Metrics) -> list[Finding]:
    """Flag an out-of-sample period that earns far less per day than the in-sample one."""
    if in_sample.profit_pct <= 0 or out_of_sample.trades < MIN_OOS_TRADES:
        return []
    rate_in, rate_out = in_sample.profit_pct_per_day, out_of_sample.profit_pct_per_day
    if out_of_sample.profit_pct >= 0 and rate_out >= rate_in / OOS_SHORTFALL:
        return []
    text = (
        f"Profitable in-sample ({in_sample.profit_pct:+.1f}% in {in_sample.days:.0f} days)"
        f" but out-of-sample only {out_of_sample.profit_pct:+.1f}%"
        f" in {out_of_sample.days:.0f} days: the strategy may be overfitted."
    )
    return [Finding("out_of_sample_worse", text)]


def _poor(overall: Metrics) -> list[Finding]:
    """Flag a clear overall loss, a low win rate over enough trades and a deep drawdown."""
    found = []
    if overall.profit_pct < LOSING_PROFIT_PCT:
        text = f"Lost {overall.profit_pct:+.1f}% over {overall.days:.0f} days."
        found.append(Finding("losing", text))
    if overall.trades >= LOW_WIN_RATE_MIN_TRADES and overall.win_rate < LOW_WIN_RATE:
        text = f"Only {overall.win_rate:.0%} of {overall.trades} trades won."
        found.append(Finding("low_win_rate", text))
    if overall.max_drawdown_pct > HIGH_DRAWDOWN_PCT:
        text = f"The account fell {overall.max_drawdown_pct:.1f}% from a peak at worst."
        found.append(Finding("high_drawdown", text))
    return found


def _too_good(overall: Metrics) -> list[Finding]:
    """Flag win rates, profits or drawdowns that real markets do not give."""
    many = overall.trades >= TOO_GOOD_MIN_TRADES
    if many and overall.win_rate > TOO_GOOD_WIN_RATE:
        text = (
            f"Win rate {overall.win_rate:.0%} over {overall.trades} trades is too good to be true."
        )
    elif overall.profit_pct > TOO_GOOD_PROFIT_PCT:
        text = (
            f"Profit {overall.profit_pct:+.0f}% in {overall.days:.0f} days is too good to be true."
        )
    elif many and overall.max_drawdown_pct == 0:
        text = f"No drawdown at all over {overall.trades} trades is too good to be true."
    else:
        return []
    return [Finding("too_good_to_be_true", f"{text} Check for look-ahead bias.")]
