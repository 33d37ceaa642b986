"""A strategy version's runs as the strategy page shows them: backtests, optimisations, look-ahead.

Runs live in `backtests` (kind 'backtest', 'hyperopt' or 'lookahead'); their `results` are the
JSON the jobs stored (`reports.report_figures`, the optimisation summary, Freqtrade's
look-ahead verdict). Results are read defensively: a field a job never wrote is None, never
a crash, because old rows predate some fields. A version without any backtest row shows the
validation stored with it instead, as the chat does.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import asyncpg

Verdict = Literal["bias", "clean", "inconclusive", "suspect", "too_good", "code_clean", "unchecked"]
# Runs shown per version, newest first (a strategy tuned many times keeps its page short).
RUNS_PER_VERSION = 6


@dataclass(frozen=True)
class Sample:
    """How a strategy did over one part of a backtest (in-sample or out-of-sample)."""

    trades: int
    win_rate: float | None  # 0..1
    profit_pct: float | None
    max_drawdown_pct: float | None
    days: float | None


@dataclass(frozen=True)
class BacktestRun:
    """One backtest of a version (or the validation it was saved with)."""

    id: uuid.UUID | None  # None: the version's stored validation
    status: str  # queued, running, done or failed
    at: dt.datetime
    days: int | None
    trades: int
    in_sample: Sample | None
    out_of_sample: Sample | None
    flags: tuple[str, ...]  # quality flag codes: too_few_trades, losing, ...
    error_key: str | None


@dataclass(frozen=True)
class Tuned:
    """One parameter an optimisation found: a number, or else its value as text."""

    name: str
    number: float | None
    text: str


@dataclass(frozen=True)
class HyperoptRun:
    """One optimisation of a version: its size and its best epoch."""

    id: uuid.UUID
    status: str
    at: dt.datetime
    days: int | None
    epochs: int | None
    best_profit_pct: float | None
    best_trades: int | None
    params: tuple[Tuned, ...]
    applied_version: int | None  # the version its best parameters became


@dataclass(frozen=True)
class Lookahead:
    """Whether a version's results could see future candles, and on what that rests."""

    verdict: Verdict
    signals: int | None  # signals Freqtrade's look-ahead analysis checked


@dataclass(frozen=True)
class VersionRuns:
    """Everything run for one version."""

    backtests: tuple[BacktestRun, ...]
    hyperopts: tuple[HyperoptRun, ...]
    lookahead: Lookahead


def sample(raw: Any) -> Sample | None:
    """Read one period's figures, or None when the job stored none."""
    if not isinstance(raw, Mapping):
        return None
    return Sample(
        trades=_int(raw.get("trades")) or 0,
        win_rate=_float(raw.get("win_rate")),
        profit_pct=_float(raw.get("profit_pct")),
        max_drawdown_pct=_float(raw.get("max_drawdown_pct")),
        days=_float(raw.get("days")),
    )


def backtest(row: asyncpg.Record) -> BacktestRun:
    """Read a `backtests` row of kind 'backtest'."""
    results = _mapping(row["results"])
    return BacktestRun(
        id=row["id"],
        status=row["status"],
        at=row["finished_at"] or row["created_at"],
        days=row["days"],
        trades=_int(results.get("trades")) or 0,
        in_sample=sample(results.get("in_sample")),
        out_of_sample=sample(results.get("out_of_sample")),
        flags=_codes(results.get("flags")),
        error_key=row["error_key"],
    )


def validation(raw: Any, at: dt.datetime) -> BacktestRun | None:
    """Read the validation stored with a version, as a run (None when it has none)."""
    if not isinstance(raw, Mapping) or sample(raw.get("in_sample")) is None:
        return None
    return BacktestRun(
        id=None,
        status="done",
        at=at,
        days=_int(raw.get("days")),
        trades=_int(raw.get("trades")) or 0,
        in_sample=sample(raw.get("in_sample")),
        out_of_sample=sample(raw.get("out_of_sample")),
        flags=_codes(raw.get("flags")),
        error_key=None,
    )


def hyperopt(row: asyncpg.Record) -> HyperoptRun:
    """Read a `backtests` row of kind 'hyperopt' (its best epoch once it is done)."""
    results = _mapping(row["results"])
    best = _mapping(results.get("best"))
    params = _mapping(best.get("params"))
    return HyperoptRun(
        id=row["id"],
        status=row["status"],
        at=row["finished_at"] or row["created_at"],
        days=row["days"],
        epochs=_int(results.get("epochs")),
        best_profit_pct=_float(best.get("profit_pct")),
        best_trades=_int(best.get("trades")),
        params=tuple(_tuned(str(name), value) for name, value in sorted(params.items())),
        applied_version=row["applied_version"],
    )


def lookahead(analyses: Sequence[asyncpg.Record], latest: Mapping[str, Any] | None) -> Lookahead:
    """Judge look-ahead: Freqtrade's analysis if one ran, else what the latest backtest found."""
    for row in analyses:
        results = _mapping(row["results"])
        if row["status"] == "done" and "has_bias" in results:
            bias, signals = results.get("has_bias"), _int(results.get("total_signals"))
            verdict: Verdict = "inconclusive" if bias is None else "bias" if bias else "clean"
            return Lookahead(verdict, signals)
    if latest is None:
        return Lookahead("unchecked", None)
    reasons, warnings = _codes(latest.get("reasons")), _codes(latest.get("warnings"))
    if "lookahead_bias" in reasons:
        return Lookahead("bias", None)
    if "lookahead_inconclusive" in warnings:
        return Lookahead("inconclusive", None)
    if "lookahead" in warnings:  # the static check saw code that reads future candles
        return Lookahead("suspect", None)
    if "too_good_to_be_true" in _codes(latest.get("flags")):
        return Lookahead("too_good", None)
    return Lookahead("code_clean", None)


def version_runs(
    rows: Iterable[asyncpg.Record], stored: Mapping[str, Any] | None, created_at: dt.datetime
) -> VersionRuns:
    """Sort one version's rows (newest first) into backtests, optimisations and a verdict."""
    kinds: dict[str, list[asyncpg.Record]] = {"backtest": [], "hyperopt": [], "lookahead": []}
    for row in rows:
        kinds.setdefault(row["kind"], []).append(row)
    tests = [backtest(row) for row in kinds["backtest"]]
    if not tests and (saved := validation(stored, created_at)) is not None:
        tests.append(saved)
    done = next(
        (r["results"] for r in kinds["backtest"] if r["status"] == "done" and r["results"]),
        stored,
    )
    return VersionRuns(
        backtests=tuple(tests[:RUNS_PER_VERSION]),
        hyperopts=tuple(hyperopt(row) for row in kinds["hyperopt"][:RUNS_PER_VERSION]),
        lookahead=lookahead(kinds["lookahead"], done if isinstance(done, Mapping) else None),
    )


def _mapping(raw: Any) -> Mapping[str, Any]:
    return raw if isinstance(raw, Mapping) else {}


def _codes(raw: Any) -> tuple[str, ...]:
    return tuple(str(code) for code in raw) if isinstance(raw, list) else ()


def _int(raw: Any) -> int | None:
    return int(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else None


def _float(raw: Any) -> float | None:
    return float(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else None


def _tuned(name: str, value: Any) -> Tuned:
    """Keep a numeric value as a number (the page writes it the reader's way)."""
    number = _float(value)
    return Tuned(name[:40], number, "" if number is not None else str(value)[:40])
