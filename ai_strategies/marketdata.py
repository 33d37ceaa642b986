"""A local cache of candles, filled by real `freqtrade download-data` runs.

One directory per exchange holds one feather file per (pair, timeframe), exactly the
layout Freqtrade's `--datadir` expects. A download runs in a scratch directory on a
copy of the cached file (so Freqtrade only appends the new candles) and the result is
moved in atomically, so backtests reading the cache never see a half-written file.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import ccxt
import pyarrow.feather as feather

from ai_strategies.ftconfig import (
    candle_filename,
    freqtrade_config,
    make_userdir,
    timeframe_seconds,
    write_config,
)
from ai_strategies.jail import JailRun, Limits, run_confined
from ai_strategies.offline_exchange import ccxt_kwargs, record_markets
from ai_strategies.runlog import failure_of

Series = tuple[str, str]  # (pair, timeframe)
_DOWNLOAD_LIMITS = Limits(memory_mb=2048, cpu_seconds=600, file_size_mb=512)


class MarketDataError(RuntimeError):
    """Candles could not be downloaded; the message says why."""


class MarketData:
    """Candles for backtests, cached per exchange, pair and timeframe under `cache_dir`."""

    def __init__(
        self,
        cache_dir: Path,
        exchange_section: Mapping[str, Any],
        exchange: str = "binance",
        *,
        download_timeout: float = 300,
    ) -> None:
        # Absolute, because the paths below are handed to Freqtrade running in a scratch dir.
        self.cache_dir = cache_dir.resolve()
        self.exchange_section = dict(exchange_section)
        self.exchange = exchange
        self._timeout = download_timeout
        self._locks: dict[Series, asyncio.Lock] = {}
        self._state = self.cache_dir / ".state" / exchange

    async def markets_snapshot(self, max_age: float = 3600) -> Path:
        """Return a recent recording of the exchange's markets, for runs without network."""
        path = self._state / "markets.json"
        self._state.mkdir(parents=True, exist_ok=True)
        async with file_lock(self._state / "markets.lock"):
            if path.exists() and time.time() - path.stat().st_mtime < max_age:
                return path
            try:
                snapshot = await record_markets(self.exchange, ccxt_kwargs(self.exchange_section))
            except ccxt.BaseError as exc:
                raise MarketDataError(f"could not load the {self.exchange} markets: {exc}") from exc
            staging = path.with_suffix(".tmp")
            staging.write_text(json.dumps(snapshot), encoding="utf-8")
            os.replace(staging, path)
        return path

    @property
    def datadir(self) -> Path:
        """Return the directory to pass to Freqtrade as `--datadir`."""
        return self.cache_dir / self.exchange

    async def ensure(self, pair: str, timeframe: str, days: int) -> Path:
        """Return the datadir once it holds `days` of `pair` candles up to now."""
        return await self.ensure_many([(pair, timeframe)], days)

    async def ensure_many(self, series: Iterable[Series], days: int) -> Path:
        """Return the datadir once it holds `days` of candles for every (pair, timeframe)."""
        wanted = sorted(set(series))
        self.datadir.mkdir(parents=True, exist_ok=True)
        self._state.mkdir(parents=True, exist_ok=True)
        async with self._locked(wanted):
            now = datetime.now(UTC)
            stale = [s for s in wanted if not self._covers(s, days, now)]
            if stale:
                await self._download(stale, days, now)
        return self.datadir

    @contextlib.asynccontextmanager
    async def _locked(self, wanted: list[Series]) -> AsyncIterator[None]:
        """Hold this process's and the file system's lock on each series, in sorted order."""
        async with contextlib.AsyncExitStack() as stack:
            for key in wanted:
                await stack.enter_async_context(self._locks.setdefault(key, asyncio.Lock()))
                lock_path = self._state / f"{candle_filename(*key)}.lock"
                await stack.enter_async_context(file_lock(lock_path))
            yield

    def _covers(self, key: Series, days: int, now: datetime) -> bool:
        """Tell whether the cached file spans now - days up to the last closed candle."""
        span = self._span(key)
        if span is None:
            return False
        first, last = span
        fresh = last >= now - 2 * timedelta(seconds=timeframe_seconds(key[1]))
        return fresh and self._starts_by(key, first, now - timedelta(days=days))

    def _starts_by(self, key: Series, first: datetime, start: datetime) -> bool:
        """Tell whether the data starts by `start`, or the exchange has nothing earlier."""
        requested = self._requested_from(key)
        return first <= start or (requested is not None and requested <= start)

    def _span(self, key: Series) -> tuple[datetime, datetime] | None:
        """Return the first and last candle times of a cached file."""
        path = self.datadir / candle_filename(*key)
        if not path.exists():
            return None
        dates = feather.read_table(path, columns=["date"]).column("date")
        if len(dates) == 0:
            return None
        return _utc(dates[0].as_py()), _utc(dates[-1].as_py())

    async def _download(self, stale: list[Series], days: int, now: datetime) -> None:
        """Download the stale series in one confined run and move them into the cache."""
        with tempfile.TemporaryDirectory(dir=self._state) as scratch:
            work = Path(scratch)
            staging = work / "data"
            staging.mkdir()
            for key in stale:
                self._seed(key, staging, now - timedelta(days=days))
            pairs = sorted({pair for pair, _ in stale})
            timeframes = sorted({timeframe for _, timeframe in stale})
            config = freqtrade_config(self.exchange_section, self.exchange, pairs)
            args = [
                "download-data", "-c", str(write_config(work, config)),
                "--userdir", str(make_userdir(work)), "-d", str(staging),
                "-p", *pairs, "-t", *timeframes, "--days", str(days),
                "--data-format-ohlcv", "feather",
            ]  # fmt: skip
            # Our own command on our own config: it needs the network, and runs no tenant code.
            run = await run_confined(
                args, workdir=work, timeout=self._timeout, limits=_DOWNLOAD_LIMITS, sandbox="off"
            )
            self._collect(stale, staging, _download_problem(run), now - timedelta(days=days))

    def _seed(self, key: Series, staging: Path, start: datetime) -> None:
        """Copy a cached file that already reaches back far enough, so only new candles load."""
        span = self._span(key)
        if span is not None and self._starts_by(key, span[0], start):
            shutil.copy2(self.datadir / candle_filename(*key), staging)

    def _collect(self, stale: list[Series], staging: Path, reason: str, start: datetime) -> None:
        """Move downloaded files into the cache, or explain which series is missing."""
        for key in stale:
            name = candle_filename(*key)
            if not (staging / name).exists():
                where = f"{key[0]} {key[1]} on {self.exchange}"
                raise MarketDataError(f"no candles for {where}: {reason}")
            os.replace(staging / name, self.datadir / name)
            earliest = min(start, self._requested_from(key) or start)
            self._meta_path(key).write_text(json.dumps({"requested_from": earliest.isoformat()}))

    def _requested_from(self, key: Series) -> datetime | None:
        """Return the earliest start ever asked of the exchange for this series."""
        meta = self._meta_path(key)
        if not meta.exists():
            return None
        return datetime.fromisoformat(json.loads(meta.read_text())["requested_from"])

    def _meta_path(self, key: Series) -> Path:
        """Return where the earliest requested start of a series is kept."""
        return self._state / f"{candle_filename(*key)}.json"


@contextlib.asynccontextmanager
async def file_lock(path: Path, poll: float = 0.05) -> AsyncIterator[None]:
    """Hold an exclusive flock on `path`, polling so that cancellation stays prompt."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                await asyncio.sleep(poll)
        yield
    finally:
        os.close(fd)


def _download_problem(run: JailRun) -> str:
    """Explain a download that produced no file."""
    failure = failure_of(run)
    if failure is not None:
        return failure.message
    if "No pairs available for download" in run.log:
        return "the exchange does not list this pair"
    return "the exchange returned no candles"


def _utc(value: datetime) -> datetime:
    """Treat naive timestamps as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
