"""No chart cuts a word off: every text it draws lies inside the picture, clear of its edges."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from matplotlib.figure import Figure

from ai_strategies.charts import BotTrade, CandleSeries, EpochPoint, EquityPoint, TradeMark
from ai_strategies.charts.bot import bot_figure
from ai_strategies.charts.equity import equity_figure
from ai_strategies.charts.hyperopt import hyperopt_figure
from ai_strategies.charts.trades import trades_figure
from tests.support.charts import drawn_texts, texts_outside

START = datetime(2026, 1, 6, tzinfo=UTC)
# About 3 px on a phone showing the chart 360 px wide: touching the edge reads as cut off.
MARGIN = 8
# Wide letters wrapped by count alone ran past the right edge; names can be this wide.
WIDE_TITLE = "WWWWWWWWWW MMMMMMMMMM WWWWWWWWWW MMMMMMMMMM WWWWWW · BTC/USDT 1h"
TITLE = "RSI dip buyer · BTC/USDT backtest"

Build = Callable[[str, str], AbstractContextManager[Figure]]


def candles(count: int, step: timedelta, seed: int = 5) -> CandleSeries:
    rng = np.random.default_rng(seed)
    close = 60_000 * np.cumprod(1 + rng.normal(0, 0.004, count))
    open_ = np.r_[close[0], close[:-1]]
    times = [START + step * i for i in range(count)]
    high, low = np.maximum(open_, close) * 1.002, np.minimum(open_, close) / 1.002
    return CandleSeries(times, open_.tolist(), high.tolist(), low.tolist(), close.tolist())


def equity(span: timedelta, split: float) -> Build:
    points = [EquityPoint(START + span * i / 59, 1000 + 80 * np.sin(i / 5)) for i in range(60)]

    def build(title: str, language: str) -> AbstractContextManager[Figure]:
        return equity_figure(
            points,
            title=title,
            starting_balance=1000,
            split_at=START + span * split,
            language=language,
        )

    return build


def trades(count: int, step: timedelta) -> Build:
    series = candles(count, step)
    marks = [
        TradeMark(series.times[i], series.close[i], series.times[i + 5], series.close[i + 5])
        for i in range(3, count - 6, 17)
    ]
    return lambda title, language: trades_figure(series, marks, title=title, language=language)


def bot(count: int, step: timedelta, *, closed: bool = True, entry: float = 1.0) -> Build:
    """A bot chart; entry scales the open trades' prices (far ones are named at the edge)."""
    series = candles(count, step)
    c, t = series.close, series.times
    done = [BotTrade(t[5], c[5], 0.01, t[12], c[12], -1.25)] if closed else []
    opened = [BotTrade(t[i], c[i] * entry, 0.01) for i in (3, -8)]

    def build(title: str, language: str) -> AbstractContextManager[Figure]:
        return bot_figure(series, done + opened, title=title, currency="USDT", language=language)

    return build


def hyperopt(count: int) -> Build:
    rng = np.random.default_rng(11)
    epochs = [EpochPoint(i, float(rng.normal(0, 6)), float(rng.normal()), 40) for i in range(count)]
    return lambda title, language: hyperopt_figure(epochs, title=title, language=language)


EMPTY = CandleSeries([], [], [], [], [])
MINUTE, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)
CHARTS: dict[str, Build] = {
    "equity, test period wide": equity(timedelta(days=30), 0.6),
    "equity, test period narrow": equity(timedelta(days=30), 0.8),
    "equity, test period on the edge": equity(timedelta(days=30), 0.97),
    "equity, minutes": equity(timedelta(minutes=10), 0.7),
    "equity, years": equity(timedelta(days=1500), 0.7),
    "equity, empty": lambda title, language: equity_figure(
        [], title=title, starting_balance=100, language=language
    ),
    "trades, hours": trades(200, HOUR),
    "trades, minutes": trades(120, MINUTE),
    "trades, empty": lambda title, language: trades_figure(
        EMPTY, [], title=title, language=language
    ),
    "hyperopt": hyperopt(150),
    "hyperopt, empty": hyperopt(0),
    "bot, 1m": bot(150, MINUTE),
    "bot, 1h": bot(150, HOUR),
    "bot, 1d": bot(150, DAY),
    "bot, only open trades": bot(60, MINUTE, closed=False),
    "bot, entries far below": bot(60, MINUTE, entry=0.8),
    "bot, entries far above": bot(60, HOUR, entry=1.3),
    "bot, no candles": lambda title, language: bot_figure(
        EMPTY, [], title=title, language=language
    ),
}


@pytest.mark.parametrize("title", [TITLE, WIDE_TITLE], ids=["title", "wide title"])
@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("chart", CHARTS)
def test_every_text_lies_inside_the_figure(chart: str, language: str, title: str) -> None:
    with CHARTS[chart](title, language) as fig:
        assert drawn_texts(fig), "the check saw no text at all"
        assert texts_outside(fig, MARGIN) == []


def test_the_check_notices_a_cut_off_label() -> None:
    with CHARTS["bot, 1h"](TITLE, "id") as fig:
        fig.axes[0].set_title("Kini 59.020,71 USDT", loc="right", x=1.04)
        (problem,) = texts_outside(fig, MARGIN)
        assert problem.startswith("'Kini 59.020,71 USDT' at (")


def test_a_wide_title_is_wrapped_to_two_lines_and_shortened() -> None:
    with CHARTS["hyperopt"](WIDE_TITLE, "en") as fig:
        title = fig.get_suptitle()
        assert title.count("\n") == 1
        assert title.endswith("…")
