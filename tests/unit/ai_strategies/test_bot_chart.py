"""The bot chart: candles with the bot's trades where they happened, profit in stake currency."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from matplotlib import image
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ai_strategies.charts import BotTrade, CandleSeries, bot_chart, candles_to_show, tally
from ai_strategies.charts.bot import bot_figure
from ai_strategies.charts.ledger import LEAST_CANDLES, MOST_CANDLES
from tests.support.charts import PORTRAIT, artifacts, assert_chart

START = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def candles(count: int = 120, seed: int = 4) -> CandleSeries:
    rng = np.random.default_rng(seed)
    close = 60_000 * np.cumprod(1 + rng.normal(0, 0.004, count))
    open_ = np.r_[close[0], close[:-1]]
    spread = 1 + np.abs(rng.normal(0, 0.002, count))
    return CandleSeries(
        [START + HOUR * i for i in range(count)],
        open_.tolist(),
        (np.maximum(open_, close) * spread).tolist(),
        (np.minimum(open_, close) / spread).tolist(),
        close.tolist(),
    )


SERIES = candles()
T, C = SERIES.times, SERIES.close
# One trade closed before the first candle, a loss and a win in view, one still open.
EARLIER = BotTrade(START - 3 * HOUR * 24, 59_000.0, 0.001, START - 2 * HOUR * 24, 59_500.0, 0.48)
LOSS = BotTrade(T[20], C[20], 0.001, T[31], C[20] * 0.99, -0.62)
WIN = BotTrade(T[45], C[45], 0.001, T[60], C[45] * 1.01, 0.55)
OPEN = BotTrade(T[100], C[100], 0.002)
TRADES = [EARLIER, LOSS, WIN, OPEN]


def points(fig: Figure, gid: str) -> list[tuple[float, float]]:
    """Return the positions of the markers drawn with gid, on any panel."""
    found = [
        artist
        for ax in fig.axes
        for artist in ax.get_children()
        if isinstance(artist, PathCollection) and artist.get_gid() == gid
    ]
    assert len(found) == 1, gid
    return [(float(x), float(y)) for x, y in found[0].get_offsets()]


def line(fig: Figure, gid: str) -> Line2D:
    (found,) = [ln for ax in fig.axes for ln in ax.get_lines() if ln.get_gid() == gid]
    return found


@pytest.mark.parametrize("language", ["en", "id"])
def test_bot_chart_is_a_phone_sized_png_kept_for_a_person(language: str) -> None:
    data = bot_chart(SERIES, TRADES, title="AlwaysIn BTC/USDT · 1h", language=language)
    assert_chart(data, PORTRAIT)
    (artifacts("charts") / f"bot-{language}.png").write_bytes(data)


def test_languages_give_different_images() -> None:
    english = bot_chart(SERIES, TRADES, title="x", language="en")
    assert english != bot_chart(SERIES, TRADES, title="x", language="id")


def test_trades_are_marked_at_their_candles_and_prices() -> None:
    with bot_figure(SERIES, TRADES, title="x") as fig:
        assert points(fig, "buy") == [(20, C[20]), (45, C[45])]
        assert points(fig, "sell_loss") == [(31, C[20] * 0.99)]
        assert points(fig, "sell_win") == [(60, C[45] * 1.01)]
        assert points(fig, "open_entry") == [(100, C[100])]
        assert points(fig, "now") == [(119, C[-1])]


def test_profit_is_in_stake_currency_from_the_earlier_trades_on() -> None:
    unrealised = 0.002 * (C[-1] - C[100])
    with bot_figure(SERIES, TRADES, title="x", currency="USDT", language="id") as fig:
        realised = line(fig, "realised")
        ys = realised.get_ydata()
        assert ys[0] == pytest.approx(0.48)  # closed before the window: the starting level
        assert ys[-1] == pytest.approx(0.48 - 0.62 + 0.55)
        (with_open,) = line(fig, "with_open").get_ydata()
        assert with_open == pytest.approx(0.41 + unrealised)
        legend = [text.get_text() for text in fig.axes[1].get_legend().get_texts()]
        total = f"{0.41 + unrealised:+.2f}".replace(".", ",").replace("-", "\u2212")
        assert legend == ["Terealisasi: +0,41 USDT", f"Termasuk posisi terbuka: {total} USDT"]
        assert fig.axes[1].get_title(loc="left") == "Laba/rugi (USDT)"


def test_only_an_open_trade_still_draws_candles_and_its_profit() -> None:
    with bot_figure(SERIES, [OPEN], title="x") as fig:
        assert len(fig.axes) == 2
        assert points(fig, "open_entry") == [(100, C[100])]
        assert line(fig, "realised").get_ydata()[-1] == 0
        assert line(fig, "with_open").get_ydata()[0] == pytest.approx(0.002 * (C[-1] - C[100]))


def test_an_open_trade_from_before_the_window_still_shows_its_line() -> None:
    old = BotTrade(START - 5 * HOUR, 61_000.0, 0.001)
    data = bot_chart(SERIES, [old], title="x")
    assert_chart(data, PORTRAIT)
    with bot_figure(SERIES, [old], title="x") as fig:
        dashed = [ln for ln in fig.axes[0].get_lines() if ln.get_linestyle() == "--"]
        assert [tuple(ln.get_xdata()) for ln in dashed] == [(-0.5, 119.0)]


def test_no_candles_and_no_trades_still_render() -> None:
    empty = CandleSeries([], [], [], [], [])
    image_data = bot_chart(empty, TRADES, title="x", language="id")
    assert float(image.imread(io.BytesIO(image_data), format="png")[..., :3].var()) > 0.001
    assert_chart(bot_chart(SERIES, [], title="x"), PORTRAIT)


def test_ledger_adds_up_realised_open_and_earlier_trades() -> None:
    book = tally(TRADES, 61_000.0, START)
    assert book.realised == pytest.approx(0.41)
    assert book.unrealised == pytest.approx(0.002 * (61_000.0 - C[100]))
    assert (book.open_trades, book.closed_trades) == (1, 3)
    assert (book.earlier_trades, book.earlier_profit) == (1, pytest.approx(0.48))
    short = BotTrade(START, 100.0, 2.0, is_short=True)
    assert tally([short], 90.0, START).unrealised == pytest.approx(20.0)
    assert tally([short], None, START).unrealised is None


def test_candles_reach_before_the_first_trade_within_bounds() -> None:
    now = START + 200 * HOUR
    assert candles_to_show([], now, HOUR) == LEAST_CANDLES
    recent = BotTrade(now - 100 * HOUR, 1.0, 1.0)
    assert candles_to_show([recent], now, HOUR) == 110
    assert candles_to_show([recent], now, timedelta(minutes=1)) == MOST_CANDLES
    assert candles_to_show([BotTrade(now - HOUR, 1.0, 1.0)], now, HOUR) == LEAST_CANDLES
