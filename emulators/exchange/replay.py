"""Replay recorded candles from a CSV file, looped over the wall clock."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from emulators.exchange.intervals import DAY_MS
from emulators.exchange.pricepath import EPOCH_MS, Bars

SECONDS_CUTOFF = 100_000_000_000  # timestamps below this are seconds, not milliseconds


class CsvReplay:
    """Bars read from `timestamp,open,high,low,close,volume` rows, repeated end to end.

    Row i covers [t0 + i*step, t0 + (i+1)*step). Time before and after the file maps onto
    the file again; each lap is scaled by last close / first open so the loop joins smoothly.
    """

    start_ms = EPOCH_MS

    def __init__(self, path: Path) -> None:
        times, rows = _read_rows(path)
        if len(rows) < 2:
            raise ValueError(f"{path}: need at least two candles")
        self.base_ms = int(np.median(np.diff(times)))
        if self.base_ms <= 0 or DAY_MS % self.base_ms:
            raise ValueError(f"{path}: candle step {self.base_ms} ms does not divide a day")
        self._t0 = int(times[0]) // self.base_ms * self.base_ms
        self._rows = rows
        self._lap_ratio = float(rows[-1, 3] / rows[0, 0])

    def day_bars(self, day: int) -> Bars:
        """Return the replayed bars of a day (days since the Unix epoch)."""
        per_day = DAY_MS // self.base_ms
        first = (day * DAY_MS - self._t0) // self.base_ms
        index = np.arange(first, first + per_day, dtype=np.int64)
        lap, row = np.divmod(index, len(self._rows))
        bars = self._rows[row].copy()
        bars[:, :4] *= np.power(self._lap_ratio, lap.astype(np.float64))[:, None]
        return bars


def _read_rows(path: Path) -> tuple[np.ndarray, Bars]:
    """Read timestamps (ms) and OHLCV rows, skipping a header line if present."""
    times: list[int] = []
    values: list[list[float]] = []
    with path.open(newline="", encoding="utf-8") as handle:
        for record in csv.reader(handle):
            if not record or not _is_number(record[0]):
                continue
            stamp = float(record[0])
            times.append(int(stamp * 1000 if stamp < SECONDS_CUTOFF else stamp))
            values.append([float(field) for field in record[1:6]])
    order = np.argsort(np.asarray(times, dtype=np.int64), kind="stable")
    return np.asarray(times, dtype=np.int64)[order], np.asarray(values, dtype=np.float64)[order]


def _is_number(text: str) -> bool:
    """Tell whether a CSV field parses as a number."""
    try:
        float(text)
    except ValueError:
        return False
    return True
