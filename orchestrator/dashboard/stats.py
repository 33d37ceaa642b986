"""A bot's trading statistics and profit series, from its closed trades (pure, no I/O).

Functions take closed trades' realised profits in the order they closed, or what a database
worked out of them (`Sums`, running totals: `stats_of_sums` and `deepest_fall` give the very
figures `stats` gives, so the bot page can read them cheaply; tests hold the two equal). Win rate
counts a trade as won when its profit is above zero (a break-even trade is not a win, as
in Freqtrade). The profit factor is gross profit over gross loss: infinite when there are
gains and no losses, undefined (None) without trades or with neither gains nor losses.
Drawdown is the largest drop of cumulative realised profit from an earlier peak, with the
curve starting at zero before the first trade.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, TypeVar

Unit = Literal["day", "week", "month"]
N = TypeVar("N", int, Decimal)  # exact numbers: Decimal, or integers of a fixed unit
X = TypeVar("X")
ZERO = Decimal(0)
INFINITE = Decimal("Infinity")


@dataclass(frozen=True)
class Drawdown:
    """The largest peak-to-trough drop of cumulative profit, and when it happened."""

    amount: Decimal  # zero or positive
    peak_index: int | None  # trade after which the peak stood (None: before any trade)
    trough_index: int | None  # trade at the bottom (None: no drawdown)
    ratio: Decimal | None  # of the capital at the peak, when the starting capital is known


@dataclass(frozen=True)
class Stats:
    """The figures the bot page shows under Statistics."""

    trades: int
    wins: int
    losses: int
    win_rate: Decimal | None  # 0..1
    profit_factor: Decimal | None
    expectancy: Decimal | None  # mean profit per trade
    total: Decimal
    drawdown: Drawdown


def win_rate(profits: Sequence[Decimal]) -> Decimal | None:
    """Return the share of trades that made money (None without trades)."""
    if not profits:
        return None
    return Decimal(sum(1 for p in profits if p > 0)) / len(profits)


def profit_factor(profits: Sequence[Decimal]) -> Decimal | None:
    """Return gross profit over gross loss (Infinity: no losses; None: nothing either way)."""
    gains = sum((p for p in profits if p > 0), ZERO)
    return factor(gains, -sum((p for p in profits if p < 0), ZERO))


def factor(gains: Decimal, losses: Decimal) -> Decimal | None:
    """Return gross profit over gross loss (`losses` as a positive amount)."""
    if losses == 0:
        return INFINITE if gains > 0 else None
    return gains / losses


def expectancy(profits: Sequence[Decimal]) -> Decimal | None:
    """Return the mean profit per trade (None without trades)."""
    return sum(profits, ZERO) / len(profits) if profits else None


def cumulative(profits: Iterable[Decimal]) -> list[Decimal]:
    """Return the running total of profit after each trade."""
    running, out = ZERO, []
    for profit in profits:
        running += profit
        out.append(running)
    return out


def max_drawdown(profits: Sequence[Decimal], start: Decimal = ZERO) -> Drawdown:
    """Return the largest drop of cumulative profit below an earlier peak.

    With a starting capital `start` > 0, the ratio is the drop over the capital at the peak.
    """
    return drawdown_at(*deepest_fall(cumulative(profits), ZERO), start)


def deepest_fall(levels: Iterable[N], zero: N) -> tuple[N, N, int | None, int | None]:
    """Return the largest drop of running totals below an earlier peak, the first on a tie.

    As (drop, the peak, the peak's index, the trough's index); the curve starts at `zero`,
    so a peak is never below it (its index is None while no total rose above zero).
    """
    peak, peak_at = zero, None
    worst, worst_peak, worst_peak_at, worst_at = zero, zero, None, None
    for index, level in enumerate(levels):
        if level > peak:
            peak, peak_at = level, index
        if peak - level > worst:
            worst, worst_peak, worst_peak_at, worst_at = peak - level, peak, peak_at, index
    return worst, worst_peak, worst_peak_at, worst_at


def stats(profits: Sequence[Decimal], start: Decimal = ZERO) -> Stats:
    """Return every statistic of a close-ordered sequence of realised profits."""
    return Stats(
        trades=len(profits),
        wins=sum(1 for p in profits if p > 0),
        losses=sum(1 for p in profits if p < 0),
        win_rate=win_rate(profits),
        profit_factor=profit_factor(profits),
        expectancy=expectancy(profits),
        total=sum(profits, ZERO),
        drawdown=max_drawdown(profits, start),
    )


@dataclass(frozen=True)
class Sums:
    """Counts and exact sums of closed trades' profits, as a database adds them up."""

    trades: int
    wins: int  # profit above zero
    losses: int  # profit below zero
    gains: Decimal  # sum of the profits above zero
    lost: Decimal  # sum of the losses, as a positive amount
    total: Decimal


def stats_of_sums(sums: Sums, drawdown: Drawdown) -> Stats:
    """Return the statistics from sums and the drawdown (the same figures as `stats`)."""
    count = sums.trades
    return Stats(
        trades=count,
        wins=sums.wins,
        losses=sums.losses,
        win_rate=Decimal(sums.wins) / count if count else None,
        profit_factor=factor(sums.gains, sums.lost),
        expectancy=sums.total / count if count else None,
        total=sums.total,
        drawdown=drawdown,
    )


def drawdown_at(
    amount: Decimal, peak: Decimal, peak_index: int | None, trough_index: int | None,
    start: Decimal = ZERO,
) -> Drawdown:  # fmt: skip
    """Return the drawdown of a fall (`deepest_fall`), with its ratio when `start` is known."""
    if not amount > 0:
        return Drawdown(ZERO, None, None, None)
    base = start + peak
    ratio = amount / base if start > 0 and base > 0 else None
    return Drawdown(amount, peak_index, trough_index, ratio)


def thin(points: Sequence[tuple[int, float]], most: int) -> list[tuple[int, float]]:
    """Keep at most about `most` points of a curve, keeping each stretch's lowest and highest.

    A chart a few hundred pixels wide cannot show more points than that; keeping both
    extremes of every stretch (in their order) keeps the peaks and troughs a reader looks for.
    """
    return thin_curve(lambda i: points[i][0], [y for _, y in points], most)


def thin_curve(x_of: Callable[[int], X], ys: Sequence[float], most: int) -> list[tuple[X, float]]:
    """Thin a curve given as its y values, working out x only for the points kept."""
    kept = [(x_of(i), ys[i]) for i in extremes(ys, most)]
    if kept and kept[-1] != (x_of(len(ys) - 1), ys[-1]):
        kept.append((x_of(len(ys) - 1), ys[-1]))  # the curve ends where the profit stands now
    return kept


def extremes(ys: Sequence[float], most: int) -> list[int]:
    """Return the indices of each stretch's first lowest and highest y, in order (or all)."""
    if len(ys) <= most or most < 4:
        return list(range(len(ys)))
    size = -(-len(ys) // (most // 2))  # ceiling division: each stretch gives two points
    kept: list[int] = []
    for start in range(0, len(ys), size):
        stretch = ys[start : start + size]
        low, high = stretch.index(min(stretch)), stretch.index(max(stretch))
        kept += [start + i for i in sorted({low, high})]
    return kept


def period_start(unit: Unit, day: dt.date) -> dt.date:
    """Return the first day of the day, ISO week (Monday) or month that holds `day`."""
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def roll_up(days: Iterable[tuple[dt.date, Decimal]], unit: Unit) -> list[tuple[dt.date, Decimal]]:
    """Sum profit per day into days, weeks or months, oldest first; empty periods left out."""
    sums: dict[dt.date, Decimal] = {}
    for day, profit in days:
        start = period_start(unit, day)
        sums[start] = sums.get(start, ZERO) + profit
    return sorted(sums.items())
