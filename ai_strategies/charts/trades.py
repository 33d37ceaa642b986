"""Price candles with the bot's buys and sells on top."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ai_strategies.charts import canvas, labels, ticks
from ai_strategies.charts.candles import Bars, draw_candles, to_bars
from ai_strategies.charts.inputs import CandleSeries, TradeMark

BUY = "#1A7F37"
SELL_WIN = "#F28C28"
SELL_LOSS = "#B31D28"
OVERLAY_COLOURS = ("#8250DF", "#0B5CAD", "#9A6700", "#57606A")
MARKER_SIZE = 190


@dataclass
class Marks:
    """Trade positions in bar coordinates, grouped by how they are drawn."""

    buys: list[tuple[float, float]] = field(default_factory=list)
    wins: list[tuple[float, float]] = field(default_factory=list)
    losses: list[tuple[float, float]] = field(default_factory=list)
    links: list[tuple[tuple[float, float], tuple[float, float], str]] = field(default_factory=list)


def trades_chart(
    candles: CandleSeries, trades: Sequence[TradeMark], *, title: str, language: str = "en"
) -> bytes:
    """Render candles with entry and exit markers as phone-sized PNG bytes."""
    with trades_figure(candles, trades, title=title, language=language) as fig:
        return canvas.png_bytes(fig)


@contextmanager
def trades_figure(
    candles: CandleSeries, trades: Sequence[TradeMark], *, title: str, language: str = "en"
) -> Iterator[Figure]:
    """Yield the drawn trades figure (a placeholder without candles); see trades_chart."""
    if len(candles) == 0:
        message = labels.text("no_candles", language)
        with canvas.placeholder_figure(title, message, canvas.LANDSCAPE) as fig:
            yield fig
        return
    bars = to_bars(candles)
    marks = place_marks(bars, trades)
    with canvas.figure(canvas.LANDSCAPE) as fig:
        canvas.set_title(fig, title, canvas.LANDSCAPE)
        ax = fig.subplots()
        canvas.style_axes(ax, labels.text("price", language))
        draw_candles(ax, bars)
        handles = _draw_overlays(ax, bars) + draw_marks(ax, marks, language)
        ticks.index_axis(ax.xaxis, bars.times, language)
        ticks.number_axis(ax.yaxis, language)
        if not marks.buys and not marks.wins and not marks.losses:
            canvas.note(ax, labels.text("no_trades_in_view", language))
        if bars.per_bar > 1:
            note = labels.text("per_bar", language, count=bars.per_bar)
            ax.set_title(note, loc="right", fontsize=canvas.TICK_SIZE, color=canvas.MUTED)
        if handles:
            fig.legend(
                handles=handles,
                loc="outside lower center",
                ncols=min(len(handles), 3),
                fontsize=canvas.TICK_SIZE,
                frameon=False,
            )
        yield fig


def place_marks(bars: Bars, trades: Sequence[TradeMark]) -> Marks:
    """Return each trade's markers at the bars they happened in; skip those outside."""
    marks = Marks()
    for trade in trades:
        entry = bars.locate(trade.entry_time)
        if entry is not None:
            marks.buys.append((entry, trade.entry_price))
        if trade.exit_time is None or trade.exit_price is None:
            continue
        exit_ = bars.locate(trade.exit_time)
        if exit_ is None:
            continue
        won = (trade.result_pct() or 0.0) >= 0
        (marks.wins if won else marks.losses).append((exit_, trade.exit_price))
        if entry is not None:
            link = ((entry, trade.entry_price), (exit_, trade.exit_price))
            marks.links.append((*link, canvas.UP if won else canvas.DOWN))
    return marks


def draw_marks(ax: Axes, marks: Marks, language: str) -> list[Artist]:
    """Draw entry-to-exit links and triangle markers; return their legend handles."""
    if marks.links:
        segments = [[start, end] for start, end, _ in marks.links]
        colours = [colour for _, _, colour in marks.links]
        ax.add_collection(
            LineCollection(segments, colors=colours, linewidths=1.8, linestyles="--", alpha=0.7)
        )
    groups = (
        (marks.buys, "^", BUY, "buy"),
        (marks.wins, "v", SELL_WIN, "sell_win"),
        (marks.losses, "v", SELL_LOSS, "sell_loss"),
    )
    handles: list[Artist] = []
    for points, shape, colour, key in groups:
        if not points:
            continue
        xs, ys = zip(*points, strict=True)
        ax.scatter(
            xs,
            ys,
            s=MARKER_SIZE,
            marker=shape,
            color=colour,
            edgecolors=canvas.INK,
            zorder=5,
            gid=key,
        )
        handles.append(legend_marker(shape, colour, labels.text(key, language)))
    return handles


def _draw_overlays(ax: Axes, bars: Bars) -> list[Artist]:
    """Draw indicator lines over the candles; return their legend handles."""
    handles: list[Artist] = []
    for index, (name, values) in enumerate(bars.overlays.items()):
        colour = OVERLAY_COLOURS[index % len(OVERLAY_COLOURS)]
        (line,) = ax.plot(values, color=colour, linewidth=2.4, label=canvas.clean(name))
        handles.append(line)
    return handles


def legend_marker(shape: str, colour: str, label: str) -> Line2D:
    """Return a legend entry that shows a marker shape in a colour."""
    return Line2D(
        [],
        [],
        marker=shape,
        linestyle="",
        markersize=13,
        markerfacecolor=colour,
        markeredgecolor=canvas.INK,
        label=label,
    )
