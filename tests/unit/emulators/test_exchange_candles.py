"""Candles: deterministic per seed, consistent OHLC, aggregations that agree, wall-clock aligned."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from emulators.exchange.candles import CandleBook, Candles
from emulators.exchange.intervals import BINANCE_INTERVALS, DAY_MS, MINUTE_MS
from emulators.exchange.markets import DEFAULT_MARKETS
from emulators.exchange.pricepath import EPOCH_DAY, EPOCH_MS, RandomWalk

BTC = DEFAULT_MARKETS[0]
DAY = EPOCH_DAY + 3_600  # a day in 2026
NOW = (DAY + 2) * DAY_MS + 17 * 3_600_000 + 7 * MINUTE_MS + 23_456  # mid-candle on purpose


def book(seed: int = 42) -> CandleBook:
    return CandleBook.generated(seed, list(DEFAULT_MARKETS))


def candles(b: CandleBook, interval: str, **kwargs: int | None) -> Candles:
    args: dict[str, int | None] = {"start_ms": None, "end_ms": None, "limit": 1000, "now_ms": NOW}
    args.update(kwargs)
    return b.candles("BTCUSDT", BINANCE_INTERVALS[interval], **args)  # type: ignore[arg-type]


def test_same_seed_same_path_and_other_seed_differs() -> None:
    first, again = RandomWalk(42, BTC).day_bars(DAY), RandomWalk(42, BTC).day_bars(DAY)
    assert np.array_equal(first, again)
    assert not np.allclose(first, RandomWalk(43, BTC).day_bars(DAY))
    eth = RandomWalk(42, DEFAULT_MARKETS[1]).day_bars(DAY)
    assert not np.allclose(first[:, 3] / first[0, 0], eth[:, 3] / eth[0, 0])


def test_another_process_computes_the_same_day() -> None:
    code = (
        "import hashlib;from emulators.exchange.pricepath import RandomWalk;"
        "from emulators.exchange.markets import DEFAULT_MARKETS as M;"
        f"print(hashlib.sha256(RandomWalk(42, M[0]).day_bars({DAY}).tobytes()).hexdigest())"
    )
    root = Path(__file__).resolve().parents[3]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert (
        out.stdout.strip()
        == hashlib.sha256(RandomWalk(42, BTC).day_bars(DAY).tobytes()).hexdigest()
    )


def test_minute_bars_are_continuous_and_consistent() -> None:
    bars = np.vstack([RandomWalk(7, BTC).day_bars(DAY + i) for i in range(3)])
    opens, highs, lows, closes, volumes = bars.T
    assert np.allclose(opens[1:], closes[:-1])  # across day boundaries too
    assert (highs >= np.maximum(opens, closes)).all()
    assert (lows <= np.minimum(opens, closes)).all()
    assert (volumes > 0).all()


def test_path_moves_enough_to_trade_but_stays_plausible() -> None:
    closes = np.vstack([RandomWalk(42, BTC).day_bars(DAY + i) for i in range(5)])[4::5, 3]
    returns = np.diff(np.log(closes))
    assert 0.0008 < returns.std() < 0.005  # 5m volatility between calm and wild
    assert closes.max() / closes.min() < 1.5


@pytest.mark.parametrize("interval", ["3m", "5m", "15m", "1h", "4h", "1d", "1w"])
def test_intervals_aggregate_the_minutes(interval: str) -> None:
    coarse = candles(book(), interval, limit=3, end_ms=NOW - 8 * DAY_MS)
    first_day = coarse.open_times[0] // DAY_MS
    walk = RandomWalk(42, BTC)
    minutes = np.vstack([walk.day_bars(first_day + i) for i in range(3 * 7 + 1)])
    length = BINANCE_INTERVALS[interval].length_ms // MINUTE_MS
    for index, open_ms in enumerate(coarse.open_times):
        start = (open_ms - first_day * DAY_MS) // MINUTE_MS
        group = minutes[start : start + length]
        expected = [
            group[0, 0],
            group[:, 1].max(),
            group[:, 2].min(),
            group[-1, 3],
            group[:, 4].sum(),
        ]
        assert coarse.bars[index] == pytest.approx(expected)


def test_latest_candles_end_with_the_open_one() -> None:
    result = candles(book(), "5m", limit=500)
    step = 5 * MINUTE_MS
    assert len(result.open_times) == 500
    assert result.open_times[-1] == NOW // step * step
    assert np.all(np.diff(result.open_times) == step)
    last = result.bars[-1]
    assert last[3] == pytest.approx(book().price("BTCUSDT", NOW))
    assert last[2] <= min(last[0], last[3]) <= max(last[0], last[3]) <= last[1]


def test_open_candle_never_shows_the_future() -> None:
    b = book()
    partial = candles(b, "1h", limit=1).bars[0]
    later = candles(b, "1h", limit=1, now_ms=NOW // 3_600_000 * 3_600_000 + 3_600_000 - 1).bars[0]
    assert partial[1] <= later[1] and partial[2] >= later[2]
    assert partial[4] < later[4]


def test_start_time_pages_join_up() -> None:
    b = book()
    start = NOW - 3 * DAY_MS
    first = candles(b, "5m", start_ms=start, limit=400)
    second = candles(b, "5m", start_ms=first.open_times[-1] + 1, limit=400)
    assert second.open_times[0] == first.open_times[-1] + 5 * MINUTE_MS
    assert second.bars[0, 0] == pytest.approx(first.bars[-1, 3])


def test_start_time_zero_returns_the_first_listed_candles() -> None:
    result = candles(book(), "1d", start_ms=0, limit=3)
    assert result.open_times == [EPOCH_MS, EPOCH_MS + DAY_MS, EPOCH_MS + 2 * DAY_MS]


def test_weeks_open_on_monday_and_months_on_the_first() -> None:
    from datetime import UTC, datetime

    weeks = candles(book(), "1w", limit=3)
    months = candles(book(), "1M", limit=2)
    assert all(datetime.fromtimestamp(t / 1000, UTC).weekday() == 0 for t in weeks.open_times)
    assert all(datetime.fromtimestamp(t / 1000, UTC).day == 1 for t in months.open_times)


def test_csv_replay_serves_the_file(tmp_path: Path) -> None:
    rows = ["timestamp,open,high,low,close,volume"]
    for i in range(288 * 2):
        price = 100 + i * 0.01
        rows.append(
            f"{EPOCH_MS + i * 300_000},{price},{price + 0.05},{price - 0.05},{price + 0.01},{1 + i}"
        )
    path = tmp_path / "btc.csv"
    path.write_text("\n".join(rows))
    replay = CandleBook.generated(1, [BTC], {"BTCUSDT": path})
    result = replay.candles(
        "BTCUSDT", BINANCE_INTERVALS["5m"], start_ms=EPOCH_MS, end_ms=None, limit=3, now_ms=NOW
    )
    assert result.bars[0].tolist() == [100.0, 100.05, 99.95, 100.01, 1.0]
    with pytest.raises(ValueError):
        replay.level_for("BTCUSDT", BINANCE_INTERVALS["1m"])
