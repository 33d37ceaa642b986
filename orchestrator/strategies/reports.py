"""Turn a validation report into figures for messages and phone-readable chart PNGs."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any, cast

import asyncpg

from ai_strategies.charts import CandleSeries, EquityPoint, TradeMark, equity_chart, trades_chart
from ai_strategies.validate import ValidationReport
from orchestrator.artifacts import ArtifactKind, ArtifactStore
from orchestrator.core.settings import Settings
from orchestrator.strategies.candles import load_candles
from orchestrator.strategies.marketdata import market_data

WALLET = 1000.0


def _metrics(m: Any) -> dict[str, Any] | None:
    if m is None:
        return None
    return {
        "trades": m.trades,
        "win_rate": round(m.win_rate, 3),
        "profit_pct": round(m.profit_pct, 2),
        # Unrounded: the chat rounds it once, to one decimal, exactly as the chart does.
        "max_drawdown_pct": m.max_drawdown_pct,
        "days": round(m.days, 1),
    }


def report_figures(report: ValidationReport) -> dict[str, Any]:
    """Return the JSON figures stored with a version and shown in chat."""
    return {
        "trades": report.trades,
        "days": report.days,
        "overall": _metrics(report.overall),  # the whole period: what the equity chart draws
        "in_sample": _metrics(report.in_sample),
        "out_of_sample": _metrics(report.out_of_sample),
        "flags": [f.code for f in report.flags],
        "warnings": [f.code for f in report.warnings],
    }


async def render_charts(
    settings: Settings, report: ValidationReport, title: str, language: str
) -> dict[str, bytes]:
    """Render the equity (with drawdown and out-of-sample split) and trades charts."""
    points = [EquityPoint(p.time, p.equity) for p in report.equity]
    datadir = market_data(settings).datadir
    pair, timeframe = report.pair or "BTC/USDT", report.timeframe or "5m"
    candles = await asyncio.to_thread(load_candles, datadir, pair, timeframe, 300)
    marks = [
        TradeMark(t.open_date, t.open_rate, t.close_date, t.close_rate, t.profit_ratio * 100)
        for t in report.trade_list
    ]
    equity = await asyncio.to_thread(
        equity_chart,
        points,
        title=title,
        starting_balance=WALLET,
        split_at=report.split_at,
        language=language,
    )
    series = CandleSeries(candles.times, candles.open, candles.high, candles.low, candles.close)
    trades = await asyncio.to_thread(trades_chart, series, marks, title=title, language=language)
    return {"equity_chart": equity, "trades_chart": trades}


async def store_artifacts(
    store: ArtifactStore,
    conn: asyncpg.Connection,
    user_id: uuid.UUID,
    charts: dict[str, bytes],
    ref_id: uuid.UUID,
) -> dict[str, uuid.UUID]:
    """Store chart PNGs for the chat to send; return their ids by kind."""
    ids = {}
    for kind, content in charts.items():
        stored = await store.put(conn, user_id, cast(ArtifactKind, kind), content, ref_id=ref_id)
        ids[kind] = stored.id
    return ids
