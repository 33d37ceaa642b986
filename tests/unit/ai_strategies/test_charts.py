"""Telegram charts: valid PNGs of the intended size, in both languages, for awkward inputs too."""

from __future__ import annotations

import ast
import io
import math
import struct
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from matplotlib import image

from ai_strategies.charts import (
    CandleSeries,
    EpochPoint,
    EquityPoint,
    TradeMark,
    equity_chart,
    hyperopt_chart,
    trades_chart,
)
from ai_strategies.charts.equity import drawdown_pct
from ai_strategies.charts.hyperopt import best_so_far
from ai_strategies.charts.labels import moment, number, percent

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PORTRAIT = (1080, 1350)
LANDSCAPE = (1200, 900)
START = datetime(2025, 1, 6, tzinfo=UTC)
PACKAGE = Path(__file__).resolve().parents[3] / "ai_strategies" / "charts"


def png_size(data: bytes) -> tuple[int, int]:
    """Read width and height from the IHDR chunk that follows the PNG signature."""
    assert data[:8] == PNG_MAGIC
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def assert_chart(data: bytes, size: tuple[int, int]) -> None:
    """Check a chart is a PNG of the given size with real content on it."""
    assert png_size(data) == size
    assert len(data) > 15_000
    pixels = image.imread(io.BytesIO(data), format="png")
    assert pixels.shape[:2] == (size[1], size[0])
    assert float(pixels[..., :3].var()) > 0.005


def equity_points(count: int = 120, seed: int = 3) -> list[EquityPoint]:
    rng = np.random.default_rng(seed)
    balance = 1000 * np.cumprod(1 + rng.normal(0.003, 0.02, count))
    return [EquityPoint(START + timedelta(hours=6 * i), float(v)) for i, v in enumerate(balance)]


def candles(count: int = 200, seed: int = 5) -> CandleSeries:
    rng = np.random.default_rng(seed)
    close = 60_000 * np.cumprod(1 + rng.normal(0, 0.004, count))
    open_ = np.r_[close[0], close[:-1]]
    spread = 1 + np.abs(rng.normal(0, 0.002, count))
    times = [START + timedelta(hours=i) for i in range(count)]
    ema = np.convolve(close, np.ones(9) / 9, mode="full")[:count]
    ema[:8] = np.nan
    return CandleSeries(
        times,
        open_.tolist(),
        (np.maximum(open_, close) * spread).tolist(),
        (np.minimum(open_, close) / spread).tolist(),
        close.tolist(),
        {"SMA 9": ema.tolist()},
    )


def trades_for(series: CandleSeries, every: int = 20) -> list[TradeMark]:
    marks = []
    for entry in range(5, len(series) - 10, every):
        leave = entry + 7
        marks.append(
            TradeMark(
                series.times[entry],
                series.close[entry],
                series.times[leave],
                series.close[leave],
            )
        )
    return marks


def epochs(count: int = 150, seed: int = 11) -> list[EpochPoint]:
    rng = np.random.default_rng(seed)
    points = []
    best = math.inf
    for epoch in range(1, count + 1):
        profit = float(rng.normal(epoch * 0.05, 6))
        loss = -profit
        points.append(EpochPoint(epoch, profit, loss, int(rng.integers(0, 90)), loss < best))
        best = min(best, loss)
    return points


def render_equity(language: str) -> bytes:
    return equity_chart(
        equity_points(),
        title="RSI dip buyer · BTC/USDT backtest",
        starting_balance=1000,
        split_at=START + timedelta(days=22),
        language=language,
    )


def render_trades(language: str) -> bytes:
    series = candles()
    return trades_chart(series, trades_for(series), title="BTC/USDT 1h trades", language=language)


def render_hyperopt(language: str) -> bytes:
    return hyperopt_chart(epochs(), title="Hyperopt · 150 epochs", language=language)


RENDERERS: dict[str, tuple[Callable[[str], bytes], tuple[int, int]]] = {
    "equity": (render_equity, PORTRAIT),
    "trades": (render_trades, LANDSCAPE),
    "hyperopt": (render_hyperopt, LANDSCAPE),
}


@pytest.mark.parametrize("name", RENDERERS)
def test_chart_is_a_phone_sized_png_with_content(name: str) -> None:
    render, size = RENDERERS[name]
    assert_chart(render("en"), size)


@pytest.mark.parametrize("name", RENDERERS)
def test_languages_give_different_images(name: str) -> None:
    render, size = RENDERERS[name]
    english, indonesian = render("en"), render("id")
    assert_chart(indonesian, size)
    assert english != indonesian


def test_unknown_language_falls_back_to_english() -> None:
    assert render_hyperopt("fr") == render_hyperopt("en")


def test_rendering_is_deterministic_across_threads() -> None:
    expected = [render(language) for render, _ in RENDERERS.values() for language in ("en", "id")]
    jobs = [(render, language) for render, _ in RENDERERS.values() for language in ("en", "id")]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda job: job[0](job[1]), jobs))
    assert results == expected


EDGE_CASES: dict[str, tuple[Callable[[], bytes], tuple[int, int]]] = {
    "equity empty": (
        lambda: equity_chart([], title="x", starting_balance=100, language="id"),
        PORTRAIT,
    ),
    "equity single point": (
        lambda: equity_chart([EquityPoint(START, 101.0)], title="x", starting_balance=100),
        PORTRAIT,
    ),
    "equity never below its peak": (
        lambda: equity_chart(
            [EquityPoint(START + timedelta(days=i), 100.0 + i) for i in range(10)],
            title="x",
            starting_balance=100,
        ),
        PORTRAIT,
    ),
    "equity flat with NaN": (
        lambda: equity_chart(
            [EquityPoint(START, 100.0), EquityPoint(START, math.nan)],
            title="x",
            starting_balance=100,
        ),
        PORTRAIT,
    ),
    "equity naive and aware times, split outside": (
        lambda: equity_chart(
            [
                EquityPoint(datetime(2025, 1, 1, 9), 100.0),
                EquityPoint(datetime(2025, 1, 2, 9, tzinfo=timezone(timedelta(hours=7))), 95.0),
                EquityPoint(datetime(2025, 1, 3, 9, tzinfo=UTC), 104.0),
            ],
            title="x",
            starting_balance=100,
            split_at=datetime(2030, 1, 1),
        ),
        PORTRAIT,
    ),
    "equity naive split on aware points": (
        lambda: equity_chart(
            equity_points(20), title="x", starting_balance=1000, split_at=datetime(2025, 1, 9)
        ),
        PORTRAIT,
    ),
    "trades without candles": (
        lambda: trades_chart(CandleSeries([], [], [], [], []), [], title="x", language="id"),
        LANDSCAPE,
    ),
    "trades none in view": (
        lambda: trades_chart(
            candles(30),
            [TradeMark(START - timedelta(days=9), 1.0, START - timedelta(days=8), 2.0)],
            title="x",
        ),
        LANDSCAPE,
    ),
    "trades single flat candle, open trade": (
        lambda: trades_chart(
            CandleSeries([START], [5.0], [5.0], [5.0], [5.0]),
            [TradeMark(START, 5.0)],
            title="x",
        ),
        LANDSCAPE,
    ),
    "trades long series is resampled": (
        lambda: trades_chart(candles(2_000), trades_for(candles(2_000), 150), title="x"),
        LANDSCAPE,
    ),
    "trades naive times on aware candles": (
        lambda: trades_chart(
            candles(50),
            [TradeMark(datetime(2025, 1, 6, 3), 60_000.0, datetime(2025, 1, 6, 9), 59_000.0)],
            title="x",
        ),
        LANDSCAPE,
    ),
    "hyperopt empty": (lambda: hyperopt_chart([], title="x", language="id"), LANDSCAPE),
    "hyperopt single epoch without trades": (
        lambda: hyperopt_chart([EpochPoint(1, 0.0, math.inf, 0, False)], title="x"),
        LANDSCAPE,
    ),
    "title with emoji and dollars": (
        lambda: hyperopt_chart(epochs(5), title="🚀 $PEPE to the moon $$ 💎"),
        LANDSCAPE,
    ),
}


@pytest.mark.parametrize("case", EDGE_CASES)
def test_edge_cases_render_without_raising(case: str) -> None:
    render, size = EDGE_CASES[case]
    data = render()
    assert png_size(data) == size
    assert float(image.imread(io.BytesIO(data), format="png")[..., :3].var()) > 0.001


def test_placeholder_differs_per_language() -> None:
    english = equity_chart([], title="x", starting_balance=100)
    assert english != equity_chart([], title="x", starting_balance=100, language="id")


def test_inconsistent_candles_are_refused() -> None:
    with pytest.raises(ValueError, match="close has 1 values for 2 candles"):
        CandleSeries([START, START], [1.0, 1.0], [1.0, 1.0], [1.0, 1.0], [1.0])
    with pytest.raises(ValueError, match="overlay 'EMA'"):
        CandleSeries([START], [1.0], [1.0], [1.0], [1.0], {"EMA": []})


def test_non_positive_starting_balance_is_refused() -> None:
    with pytest.raises(ValueError, match="starting_balance"):
        equity_chart(equity_points(3), title="x", starting_balance=0)


def test_drawdown_counts_from_the_starting_balance() -> None:
    equity = np.array([90.0, 120.0, 108.0, 130.0])
    assert drawdown_pct(equity, 100.0) == pytest.approx([-10.0, 0.0, -10.0, 0.0])


def test_best_so_far_follows_the_lowest_loss() -> None:
    points = [EpochPoint(i, 0.0, loss, 1) for i, loss in enumerate([5, math.nan, 3, 4, 3, 1])]
    assert best_so_far(points) == [0, 0, 2, 2, 2, 5]


def test_trade_result_is_derived_from_prices() -> None:
    assert TradeMark(START, 100.0, START, 103.0).result_pct() == pytest.approx(3.0)
    assert TradeMark(START, 100.0, START, 103.0, profit_pct=2.5).result_pct() == 2.5
    assert TradeMark(START, 100.0).result_pct() is None


def test_numbers_are_written_per_language() -> None:
    assert number(12345.678, 2, "en") == "12,345.68"
    assert number(12345.678, 2, "id") == "12.345,68"
    assert percent(-3.25, "id") == "−3,2%"
    assert percent(12.0, "en") == "+12.0%"


def test_tick_times_are_written_per_language_in_jakarta_time() -> None:
    evening = datetime(2025, 8, 5, 17, 30)  # naive UTC: 00:30 the next day in Jakarta
    assert moment(evening, timedelta(hours=30), "id") == "00.30\n6 Agu"
    assert moment(evening, timedelta(days=30), "en") == "Aug 6"
    assert moment(evening, timedelta(days=900), "id") == "Agu 2025"


def test_package_stays_pure() -> None:
    allowed = {"__future__", "collections", "contextlib", "dataclasses", "datetime", "functools"}
    allowed |= {"io", "math", "textwrap", "numpy", "matplotlib", "ai_strategies", "kernel"}
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] in allowed, f"{path.name} imports {name}"
                assert name != "matplotlib.pyplot", f"{path.name} imports pyplot"
                assert not name.startswith("ai_strategies.") or name.startswith(
                    "ai_strategies.charts"
                ), f"{path.name} imports {name}"


SPANS = [timedelta(minutes=10), timedelta(hours=30), timedelta(days=12), timedelta(days=1500)]


@pytest.mark.parametrize("span", SPANS, ids=str)
def test_equity_spans_from_minutes_to_years(span: timedelta) -> None:
    points = [EquityPoint(START + span * i / 9, 100.0 + (-1) ** i * i) for i in range(10)]
    data = equity_chart(points, title="x", starting_balance=100, split_at=START + span / 2)
    assert png_size(data) == PORTRAIT
