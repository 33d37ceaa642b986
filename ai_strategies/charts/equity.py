"""Equity curve over drawdown, with the out-of-sample period marked."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import NDArray

from ai_strategies.charts import canvas, labels, ticks
from ai_strategies.charts.inputs import EquityPoint, utc_naive

FloatArray = NDArray[np.float64]
# Points within a minute of each other (or a lone point) get an hour-wide window, in days.
ONE_MINUTE = 1 / 1440
HALF_HOUR = 1 / 48


def equity_chart(
    points: Sequence[EquityPoint],
    *,
    title: str,
    starting_balance: float,
    currency: str = "USDT",
    split_at: datetime | None = None,
    language: str = "en",
) -> bytes:
    """Render the balance over time, its drawdown below, as phone-sized PNG bytes."""
    figure = equity_figure(
        points,
        title=title,
        starting_balance=starting_balance,
        currency=currency,
        split_at=split_at,
        language=language,
    )
    with figure as fig:
        return canvas.png_bytes(fig)


@contextmanager
def equity_figure(
    points: Sequence[EquityPoint],
    *,
    title: str,
    starting_balance: float,
    currency: str = "USDT",
    split_at: datetime | None = None,
    language: str = "en",
) -> Iterator[Figure]:
    """Yield the drawn equity figure (a placeholder without points); see equity_chart."""
    if not starting_balance > 0:
        raise ValueError(f"starting_balance must be positive, got {starting_balance}")
    ordered = sorted(
        (EquityPoint(utc_naive(p.time), p.equity) for p in points if math.isfinite(p.equity)),
        key=lambda point: point.time,
    )
    if not ordered:
        message = labels.text("no_trades", language)
        with canvas.placeholder_figure(title, message, canvas.PORTRAIT) as fig:
            yield fig
        return
    x = ticks.date_numbers([point.time for point in ordered])
    equity = np.array([point.equity for point in ordered], dtype=np.float64)
    with canvas.figure(canvas.PORTRAIT) as fig:
        canvas.set_title(fig, title, canvas.PORTRAIT)
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 1])
        _draw_balance(top, x, equity, starting_balance, clean_currency(currency), language)
        _draw_drawdown(bottom, x, drawdown_pct(equity, starting_balance), language)
        if x[-1] - x[0] < ONE_MINUTE:
            bottom.set_xlim(x[0] - HALF_HOUR, x[-1] + HALF_HOUR)
        if split_at is not None:
            _mark_split(top, bottom, float(ticks.date_numbers([utc_naive(split_at)])[0]), language)
        ticks.date_axis(bottom.xaxis, language)
        yield fig


def clean_currency(currency: str) -> str:
    """Return a drawable currency code."""
    return canvas.clean(currency) or "USDT"


def drawdown_pct(equity: FloatArray, starting_balance: float) -> FloatArray:
    """Return how far each point sits below the highest balance so far, in percent (<= 0)."""
    peaks = np.maximum.accumulate(np.maximum(equity, starting_balance))
    return (equity / peaks - 1.0) * 100.0


def _draw_balance(
    ax: Axes, x: FloatArray, equity: FloatArray, start: float, currency: str, language: str
) -> None:
    """Draw the balance line against the starting balance and annotate the final profit."""
    canvas.style_axes(ax, labels.text("balance", language, currency=currency))
    ax.axhline(start, color=canvas.MUTED, linewidth=1.6, linestyle=(0, (6, 4)))
    for above, colour in ((True, canvas.UP), (False, canvas.DOWN)):
        where = (equity >= start) == above
        ax.fill_between(x, equity, start, where=where, interpolate=True, color=colour, alpha=0.13)
    marker = "o" if len(x) == 1 else None
    ax.plot(x, equity, color=canvas.LINE, linewidth=3.2, marker=marker, markersize=10)
    ax.margins(x=0.03, y=0.15)
    ticks.number_axis(ax.yaxis, language)
    _annotate_final(ax, x[-1], float(equity[-1]), start, language)
    final = labels.number(float(equity[-1]), _decimals(float(equity[-1])), language)
    amount = labels.number(start, _decimals(start), language)
    summary = labels.text("start_to_end", language, start=amount, end=final, currency=currency)
    ax.set_title(summary, loc="right", fontsize=canvas.PANEL_SIZE, color=canvas.INK)


def _annotate_final(ax: Axes, x: float, final: float, start: float, language: str) -> None:
    """Label the last point with the total profit in percent."""
    profit = (final / start - 1.0) * 100.0
    low, high = ax.get_ylim()
    above = final < (low + high) / 2
    ax.plot([x], [final], "o", color=canvas.LINE, markersize=12, markeredgecolor="white")
    ax.annotate(
        labels.percent(profit, language),
        xy=(x, final),
        xytext=(-12, 16 if above else -16),
        textcoords="offset points",
        ha="right",
        va="bottom" if above else "top",
        fontsize=canvas.CALLOUT_SIZE + 4,
        fontweight="bold",
        color=canvas.UP if profit >= 0 else canvas.DOWN,
        path_effects=canvas.HALO,
    )


def _draw_drawdown(ax: Axes, x: FloatArray, drawdown: FloatArray, language: str) -> None:
    """Draw the drawdown as a filled area under zero and name its deepest point."""
    canvas.style_axes(ax, labels.text("drawdown", language))
    ax.fill_between(x, drawdown, 0.0, color=canvas.DOWN, alpha=0.3, linewidth=0)
    ax.plot(x, drawdown, color=canvas.DOWN, linewidth=2.2)
    deepest = int(np.argmin(drawdown))
    worst = float(drawdown[deepest])
    if worst < 0:
        ax.set_ylim(worst * 1.25, -worst * 0.08)
        summary = labels.text("max_drawdown", language, value=labels.percent(worst, language))
        ax.plot([x[deepest]], [worst], "o", color=canvas.DOWN, markersize=9)
    else:
        ax.set_ylim(-1.0, 0.1)
        summary = labels.text("no_drawdown", language)
    ax.set_title(summary, loc="right", fontsize=canvas.PANEL_SIZE, color=canvas.DOWN)
    ticks.number_axis(ax.yaxis, language, suffix="%")


def _mark_split(top: Axes, bottom: Axes, split: float, language: str) -> None:
    """Shade the out-of-sample period from split to the right edge and name both sides."""
    low, high = top.get_xlim()
    if not low < split < high:
        return
    for ax in (top, bottom):
        ax.axvspan(split, high, color=canvas.SHADE, zorder=0)
        ax.axvline(split, color=canvas.WARN, linewidth=2.4, linestyle=(0, (5, 3)))
    top.set_xlim(low, high)
    share = (split - low) / (high - low)
    sides = (
        ("in_sample", canvas.MUTED, (low + split) / 2, low, "left", share),
        ("out_of_sample", canvas.WARN, (split + high) / 2, high, "right", 1.0 - share),
    )
    for key, colour, centre, edge, edge_align, width in sides:
        # A narrow region gets its label pinned to the outer edge, running inwards.
        narrow = width < 0.3
        inset = {"left": 8, "right": -8}[edge_align] if narrow else 0
        top.annotate(
            labels.text(key, language),
            xy=(edge if narrow else centre, 0.97),
            xycoords=top.get_xaxis_transform(),
            xytext=(inset, 0),
            textcoords="offset points",
            ha=edge_align if narrow else "center",
            va="top",
            fontsize=canvas.NOTE_SIZE,
            fontweight="bold",
            color=colour,
            path_effects=canvas.HALO,
        )


def _decimals(amount: float) -> int:
    """Return how many decimals an amount of money needs."""
    return 0 if abs(amount) >= 1000 else 2
