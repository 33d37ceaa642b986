"""Kline intervals: their names on each exchange and the open times of their candles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

MINUTE_MS: Final = 60_000
HOUR_MS: Final = 60 * MINUTE_MS
DAY_MS: Final = 24 * HOUR_MS
WEEK_MS: Final = 7 * DAY_MS
# 1970-01-01 was a Thursday; weekly candles open on Mondays like Binance's.
WEEK_OFFSET_MS: Final = 4 * DAY_MS


@dataclass(frozen=True)
class Interval:
    """A candle length on a fixed grid (length and offset), or calendar months."""

    name: str
    length_ms: int
    offset_ms: int = 0
    monthly: bool = False

    def floor(self, t_ms: int) -> int:
        """Return the open time of the candle that contains t_ms."""
        if self.monthly:
            moment = datetime.fromtimestamp(t_ms / 1000, tz=UTC)
            return _month_start(moment.year, moment.month)
        return (t_ms - self.offset_ms) // self.length_ms * self.length_ms + self.offset_ms

    def ceil(self, t_ms: int) -> int:
        """Return the first open time at or after t_ms."""
        start = self.floor(t_ms)
        return start if start == t_ms else self.next_open(start)

    def next_open(self, open_ms: int) -> int:
        """Return the open time of the candle after the one opening at open_ms."""
        if not self.monthly:
            return open_ms + self.length_ms
        moment = datetime.fromtimestamp(open_ms / 1000, tz=UTC)
        year, month = divmod(moment.year * 12 + moment.month, 12)
        return _month_start(year, month + 1)

    def previous_open(self, open_ms: int) -> int:
        """Return the open time of the candle before the one opening at open_ms."""
        if not self.monthly:
            return open_ms - self.length_ms
        return self.floor(open_ms - 1)


def _month_start(year: int, month: int) -> int:
    """Return the epoch milliseconds of the first instant of a UTC month."""
    return int(datetime(year, month, 1, tzinfo=UTC).timestamp() * 1000)


def _regular(name: str, length_ms: int, offset_ms: int = 0) -> Interval:
    """Build a fixed-length interval."""
    return Interval(name=name, length_ms=length_ms, offset_ms=offset_ms)


BINANCE_INTERVALS: Final[dict[str, Interval]] = {
    "1m": _regular("1m", MINUTE_MS),
    "3m": _regular("3m", 3 * MINUTE_MS),
    "5m": _regular("5m", 5 * MINUTE_MS),
    "15m": _regular("15m", 15 * MINUTE_MS),
    "30m": _regular("30m", 30 * MINUTE_MS),
    "1h": _regular("1h", HOUR_MS),
    "2h": _regular("2h", 2 * HOUR_MS),
    "4h": _regular("4h", 4 * HOUR_MS),
    "6h": _regular("6h", 6 * HOUR_MS),
    "8h": _regular("8h", 8 * HOUR_MS),
    "12h": _regular("12h", 12 * HOUR_MS),
    "1d": _regular("1d", DAY_MS),
    "3d": _regular("3d", 3 * DAY_MS),
    "1w": _regular("1w", WEEK_MS, WEEK_OFFSET_MS),
    "1M": Interval(name="1M", length_ms=31 * DAY_MS, monthly=True),
}

BYBIT_INTERVALS: Final[dict[str, Interval]] = {
    code: BINANCE_INTERVALS[name]
    for code, name in {
        "1": "1m",
        "3": "3m",
        "5": "5m",
        "15": "15m",
        "30": "30m",
        "60": "1h",
        "120": "2h",
        "240": "4h",
        "360": "6h",
        "720": "12h",
        "D": "1d",
        "W": "1w",
        "M": "1M",
    }.items()
}
