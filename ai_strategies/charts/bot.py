"""A bot's chart: its pair's candles with every entry and exit, and its profit in stake currency."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ai_strategies.charts import canvas, labels, ticks
from ai_strategies.charts.candles import Bars, draw_candles, to_bars
from ai_strategies.charts.equity import clean_currency
from ai_strategies.charts.inputs import BotTrade, CandleSeries, TradeMark, utc_naive
from ai_strategies.charts.ledger import BotLedger, profit_of, tally
from ai_strategies.charts.trades import BUY, MARKER_SIZE, draw_marks, legend_marker, place_marks

OPEN_EDGE = "#0B5CAD"
# Entries further than this share of the candles' range beyond it are named, not drawn.
FAR = 0.5
# Far entries named by price; more are shown as an ellipsis.
FAR_NAMED = 2


def bot_chart(
    candles: CandleSeries,
    trades: Sequence[BotTrade],
    *,
    title: str,
    currency: str = "USDT",
    language: str = "en",
) -> bytes:
    """Render candles with the bot's trades over its profit as phone-sized PNG bytes."""
    with bot_figure(candles, trades, title=title, currency=currency, language=language) as fig:
        return canvas.png_bytes(fig)


@contextmanager
def bot_figure(
    candles: CandleSeries,
    trades: Sequence[BotTrade],
    *,
    title: str,
    currency: str = "USDT",
    language: str = "en",
) -> Iterator[Figure]:
    """Yield the drawn bot figure (a placeholder without candles); see bot_chart."""
    if len(candles) == 0:
        message = labels.text("no_candles", language)
        with canvas.placeholder_figure(title, message, canvas.PORTRAIT) as fig:
            yield fig
        return
    bars = to_bars(candles)
    book = tally(trades, float(bars.close[-1]), bars.times[0])
    code = clean_currency(currency)
    with canvas.figure(canvas.PORTRAIT) as fig:
        canvas.set_title(fig, title, canvas.PORTRAIT)
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 1.4])
        canvas.style_axes(top, labels.text("price_in", language, currency=code))
        draw_candles(top, bars)
        handles = _draw_trades(top, bars, trades, language)
        _draw_price(top, bars, language)
        if not trades:
            canvas.note(top, labels.text("no_trades", language))
        ticks.number_axis(top.yaxis, language)
        _draw_profit(bottom, bars, trades, book, code, language)
        ticks.index_axis(bottom.xaxis, bars.times, language)
        if handles:
            fig.legend(
                handles=handles,
                loc="outside lower center",
                ncols=2,
                fontsize=canvas.TICK_SIZE,
                frameon=False,
            )
        yield fig


def _draw_trades(ax: Axes, bars: Bars, trades: Sequence[BotTrade], language: str) -> list[Artist]:
    """Mark closed trades like the backtest chart, and open ones from entry to the last price."""
    closed = [
        TradeMark(t.entry_time, t.entry_price, t.exit_time, t.exit_price, profit_of(t))
        for t in trades
        if not t.is_open
    ]
    handles = draw_marks(ax, place_marks(bars, closed), language)
    opened = [trade for trade in trades if trade.is_open]
    if opened:
        _draw_open(ax, bars, opened, language)
        marker = legend_marker("^", BUY, labels.text("open_entry", language))
        # A blue edge tells an open trade's entry from the closed trades' ones.
        marker.set_markeredgecolor(OPEN_EDGE)
        marker.set_markeredgewidth(2.5)
        handles.append(marker)
    return handles


def _draw_open(ax: Axes, bars: Bars, opened: Sequence[BotTrade], language: str) -> None:
    """Draw each open trade's entry and a dashed line from it to the last close."""
    last, price = float(len(bars.times) - 1), float(bars.close[-1])
    low, high = _reach(bars)
    entries, far_above, far_below = [], [], []
    for trade in opened:
        located = bars.locate(trade.entry_time)
        # An entry before the first candle starts its line on the left edge.
        start = -0.5 if located is None else float(located)
        colour = canvas.UP if trade.unrealised(price) >= 0 else canvas.DOWN
        ax.plot([start, last], [trade.entry_price, price], "--", color=colour, linewidth=2.2)
        # A far entry would squash the candles flat: its line leaves the panel, a label names it.
        if trade.entry_price > high:
            far_above.append(trade.entry_price)
        elif trade.entry_price < low:
            far_below.append(trade.entry_price)
        elif located is not None:
            entries.append((start, trade.entry_price))
    _fit_prices(ax, bars, [t.entry_price for t in opened if low <= t.entry_price <= high])
    _name_far_entries(ax, far_above, above=True, language=language)
    _name_far_entries(ax, far_below, above=False, language=language)
    if entries:
        xs, ys = zip(*entries, strict=True)
        ax.scatter(
            xs,
            ys,
            s=MARKER_SIZE * 1.3,
            marker="^",
            color=BUY,
            edgecolors=OPEN_EDGE,
            linewidths=2.5,
            zorder=6,
            gid="open_entry",
        )


def _reach(bars: Bars) -> tuple[float, float]:
    """Return the prices an entry may have and still be drawn: the candles' range, widened."""
    prices = np.concatenate([bars.low, bars.high])
    prices = prices[np.isfinite(prices)]
    low, high = float(prices.min()), float(prices.max())
    span = high - low or abs(high) * 0.02
    return low - span * FAR, high + span * FAR


def _fit_prices(ax: Axes, bars: Bars, extra: Sequence[float]) -> None:
    """Set the price axis to the candles' range and the given prices, with a little air."""
    prices = np.concatenate([bars.low, bars.high, np.asarray(extra, dtype=np.float64)])
    prices = prices[np.isfinite(prices)]
    low, high = float(prices.min()), float(prices.max())
    air = (high - low) * 0.06 or abs(high) * 0.01 or 1.0
    ax.set_ylim(low - air, high + air)


def _name_far_entries(ax: Axes, prices: Sequence[float], *, above: bool, language: str) -> None:
    """Name the entries beyond the panel in one label on the edge they lie past, at the left."""
    if not prices:
        return
    written = [labels.price(price, language) for price in prices[:FAR_NAMED]]
    listed = " · ".join(written) + (" …" if len(prices) > FAR_NAMED else "")
    ax.annotate(
        labels.text("entry_above" if above else "entry_below", language, price=listed),
        xy=(0.02, 0.97 if above else 0.03),
        xycoords="axes fraction",
        ha="left",
        va="top" if above else "bottom",
        fontsize=canvas.NOTE_SIZE,
        fontweight="bold",
        color=OPEN_EDGE,
        path_effects=canvas.HALO,
        zorder=8,
        gid="far_entry",
    )


def _draw_price(ax: Axes, bars: Bars, language: str) -> None:
    """Mark the last close with a dotted level line and name it above the panel."""
    price = float(bars.close[-1])
    ax.axhline(price, color=canvas.MUTED, linewidth=1.4, linestyle=":")
    ax.scatter([len(bars.times) - 1], [price], s=70, color=canvas.INK, zorder=7, gid="now")
    now = labels.text("now_price", language, price=labels.price(price, language))
    ax.set_title(now, loc="right", fontsize=canvas.PANEL_SIZE, color=canvas.INK)


def _draw_profit(
    ax: Axes,
    bars: Bars,
    trades: Sequence[BotTrade],
    book: BotLedger,
    currency: str,
    language: str,
) -> None:
    """Draw cumulative realised profit as steps, and the open trades' profit on top at the end."""
    canvas.style_axes(ax, labels.text("profit_in", language, currency=currency))
    xs, ys = _realised_steps(bars, trades, book.earlier_profit)
    amount = labels.money(book.realised, currency, language)
    ax.axhline(0.0, color=canvas.MUTED, linewidth=1.4, linestyle=(0, (6, 4)))
    for above, colour in ((True, canvas.UP), (False, canvas.DOWN)):
        where = (ys >= 0) == above
        ax.fill_between(xs, ys, 0.0, where=where, interpolate=True, color=colour, alpha=0.15)
    ax.plot(
        xs,
        ys,
        color=canvas.LINE,
        linewidth=3.2,
        gid="realised",
        label=labels.text("realised", language, amount=amount),
    )
    if book.open_trades and book.total is not None:
        _draw_with_open(ax, float(len(bars.times) - 1), book, currency, language)
    _frame(ax, ys, book.total)
    ticks.number_axis(ax.yaxis, language)
    ax.legend(loc="upper left", fontsize=canvas.TICK_SIZE, framealpha=0.92)


def _realised_steps(
    bars: Bars, trades: Sequence[BotTrade], earlier: float
) -> tuple[np.ndarray, np.ndarray]:
    """Return the corners of the realised profit's steps: earlier trades' sum, then each close."""
    last = len(bars.times) - 1
    closes = []
    for trade in trades:
        if trade.exit_time is None:
            continue
        located = bars.locate(trade.exit_time)
        # Closed after the last candle (it is still forming): counted at the right edge.
        if located is not None or utc_naive(trade.exit_time) > bars.times[-1]:
            closes.append((last if located is None else located, profit_of(trade)))
    closes.sort(key=lambda close: close[0])
    xs, ys = [-0.5], [earlier]
    for index, profit in closes:
        # Two corners per close, level then up or down, so fills follow the steps exactly.
        xs += [float(index), float(index)]
        ys += [ys[-1], ys[-1] + profit]
    xs.append(last + 0.5)
    ys.append(ys[-1])
    return np.array(xs, dtype=np.float64), np.array(ys, dtype=np.float64)


def _draw_with_open(ax: Axes, x: float, book: BotLedger, currency: str, language: str) -> None:
    """Draw where realised profit would stand if the open trades were sold at the last price."""
    total = book.total or 0.0
    colour = canvas.UP if (book.unrealised or 0.0) >= 0 else canvas.DOWN
    ax.plot([x, x], [book.realised, total], ":", color=colour, linewidth=2.6)
    ax.plot(
        [x],
        [total],
        "o",
        markersize=13,
        markerfacecolor="white",
        markeredgecolor=colour,
        markeredgewidth=3,
        linestyle="",
        gid="with_open",
        label=labels.text("with_open", language, amount=labels.money(total, currency, language)),
    )


def _frame(ax: Axes, realised: np.ndarray, total: float | None) -> None:
    """Fit the profit axis with zero in view and headroom for the legend in the top corner."""
    values = [*realised.tolist(), 0.0] + ([total] if total is not None else [])
    low, high = min(values), max(values)
    span = high - low or max(abs(high), 1.0)
    ax.set_ylim(low - 0.2 * span, high + 0.9 * span)
