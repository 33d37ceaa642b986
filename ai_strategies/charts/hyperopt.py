"""Hyperopt progress: every epoch's profit, the best so far, and the winner."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from numpy.typing import NDArray

from ai_strategies.charts import canvas, labels, ticks
from ai_strategies.charts.inputs import EpochPoint

DOT_SIZE = 46
BEST = "#FFC83D"
CALLOUT = "#FFF8E1"


def hyperopt_chart(epochs: Sequence[EpochPoint], *, title: str, language: str = "en") -> bytes:
    """Render profit per epoch with the best-so-far line as phone-sized PNG bytes."""
    with hyperopt_figure(epochs, title=title, language=language) as fig:
        return canvas.png_bytes(fig)


@contextmanager
def hyperopt_figure(
    epochs: Sequence[EpochPoint], *, title: str, language: str = "en"
) -> Iterator[Figure]:
    """Yield the drawn hyperopt figure (a placeholder without epochs); see hyperopt_chart."""
    ordered = sorted(epochs, key=lambda point: point.epoch)
    if not ordered:
        message = labels.text("no_epochs", language)
        with canvas.placeholder_figure(title, message, canvas.LANDSCAPE) as fig:
            yield fig
        return
    leaders = best_so_far(ordered)
    x = np.array([point.epoch for point in ordered], dtype=np.float64)
    profit = np.array([point.profit_pct for point in ordered], dtype=np.float64)
    with canvas.figure(canvas.LANDSCAPE) as fig:
        canvas.set_title(fig, title, canvas.LANDSCAPE)
        ax = fig.subplots()
        canvas.style_axes(ax, labels.text("profit", language))
        handles = _draw_epochs(ax, x, profit, leaders, language)
        rings = [i for i, point in enumerate(ordered) if point.is_best]
        ax.scatter(
            x[rings],
            profit[rings],
            s=DOT_SIZE * 3,
            facecolors="none",
            zorder=4,
            edgecolors=canvas.LINE,
            linewidths=1.8,
        )
        _frame(ax, x, profit)
        _annotate_best(ax, ordered[leaders[-1]], language)
        ax.set_xlabel(labels.text("epoch", language), fontsize=canvas.TICK_SIZE, color=canvas.INK)
        ticks.integer_axis(ax.xaxis)
        ticks.number_axis(ax.yaxis, language, suffix="%")
        ax.legend(handles=handles, loc="lower right", fontsize=canvas.TICK_SIZE, framealpha=0.92)
        yield fig


def best_so_far(epochs: Sequence[EpochPoint]) -> list[int]:
    """Return, for each epoch, the index of the lowest-loss epoch up to it (first on ties)."""
    leaders: list[int] = []
    best_loss = math.inf
    for index, point in enumerate(epochs):
        loss = point.loss if math.isfinite(point.loss) else math.inf
        if not leaders or loss < best_loss:
            leaders.append(index)
            best_loss = loss
        else:
            leaders.append(leaders[-1])
    return leaders


def _draw_epochs(
    ax: Axes, x: NDArray[np.float64], profit: NDArray[np.float64], leaders: list[int], language: str
) -> list[Artist]:
    """Draw one dot per epoch and the best-so-far step line; return legend handles."""
    colours = np.where(profit >= 0, canvas.UP, canvas.DOWN).tolist()
    ax.axhline(0.0, color=canvas.MUTED, linewidth=1.6)
    ax.scatter(x, profit, s=DOT_SIZE, c=colours, alpha=0.55, linewidths=0)
    (step,) = ax.step(
        x,
        profit[leaders],
        where="post",
        color=canvas.LINE,
        linewidth=3.2,
        zorder=3,
        label=labels.text("best_so_far", language),
    )
    dots = Line2D(
        [],
        [],
        marker="o",
        linestyle="",
        markersize=9,
        color=canvas.MUTED,
        alpha=0.7,
        label=labels.text("each_epoch", language),
    )
    return [dots, step]


def _frame(ax: Axes, x: NDArray[np.float64], profit: NDArray[np.float64]) -> None:
    """Fit the axes to the data, with zero in view and headroom for the callout."""
    finite = profit[np.isfinite(profit)]
    low = min(float(finite.min()), 0.0) if finite.size else -1.0
    high = max(float(finite.max()), 0.0) if finite.size else 1.0
    span = high - low or 1.0
    ax.set_ylim(low - 0.08 * span, high + 0.4 * span)
    pad = max(1.0, float(x[-1] - x[0]) * 0.04)
    ax.set_xlim(float(x[0]) - pad, float(x[-1]) + pad)


def _annotate_best(ax: Axes, best: EpochPoint, language: str) -> None:
    """Mark the best epoch with a star and a callout of its profit and trade count."""
    ax.scatter(
        [best.epoch],
        [best.profit_pct],
        marker="*",
        s=620,
        color=BEST,
        edgecolors=canvas.INK,
        linewidths=1.4,
        zorder=6,
    )
    low, high = ax.get_xlim()
    on_right = best.epoch > (low + high) / 2
    heading = labels.text("best", language, epoch=best.epoch)
    profit = labels.percent(best.profit_pct, language)
    detail = labels.text("best_detail", language, profit=profit, trades=best.trades)
    ax.annotate(
        f"{heading}\n{detail}",
        xy=(best.epoch, best.profit_pct),
        xytext=(0.03 if on_right else 0.97, 0.97),
        textcoords="axes fraction",
        ha="left" if on_right else "right",
        va="top",
        fontsize=canvas.NOTE_SIZE + 1,
        fontweight="bold",
        color=canvas.INK,
        bbox={"boxstyle": "round,pad=0.45", "facecolor": CALLOUT, "edgecolor": BEST},
        arrowprops={"arrowstyle": "-|>", "color": canvas.INK, "linewidth": 1.6},
        zorder=7,
    )
