"""Longer backtests of a saved version, as a job with a chart and an alert at the end."""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

import asyncpg

from ai_strategies.validate import validate_strategy
from orchestrator.alerts.produce import enqueue_alert
from orchestrator.core.errors import UserFacingError
from orchestrator.core.progress import Progress
from orchestrator.core.runtime import Runtime
from orchestrator.runner.dispatch import SHARED_QUEUE
from orchestrator.strategies.job_outcome import fail_run, failure_of, tell_failed, time_budget
from orchestrator.strategies.marketdata import market_data
from orchestrator.strategies.reports import render_charts, report_figures, store_artifacts
from orchestrator.strategies.versions import runnable

log = logging.getLogger(__name__)


async def request_backtest(
    runtime: Runtime, user_id: uuid.UUID, version_id: uuid.UUID, days: int = 90
) -> uuid.UUID:
    """Queue a backtest of one of the user's versions over up to the plan's days."""
    async with runtime.db.as_user(user_id) as conn:
        limit = await conn.fetchval(
            "select p.backtest_max_days from strategy_versions v join users u on u.id = v.user_id"
            " join plans p on p.code = u.plan_code where v.id = $1",
            version_id,
        )
    if limit is None:
        raise UserFacingError("strategy_not_found")
    days = max(7, min(days, int(limit)))
    async with runtime.db.as_service() as conn:
        run_id: uuid.UUID = await conn.fetchval(
            "insert into backtests (user_id, strategy_version_id, kind, status, timerange)"
            " values ($1, $2, 'backtest', 'queued', $3) returning id",
            user_id,
            version_id,
            f"{days}d",
        )
    await runtime.redis.enqueue_job(
        "backtest_strategy", str(run_id), _job_id=f"bt:{run_id}", _queue_name=SHARED_QUEUE
    )
    return run_id


async def backtest_strategy(ctx: dict[str, Any], run_id: str) -> dict[str, Any]:
    """Run one queued backtest (the arq job); a retried job never reruns a finished one."""
    runtime: Runtime = ctx["runtime"]
    rid = uuid.UUID(run_id)
    row = await _claim(runtime, rid, int(ctx.get("job_try", 1)) > 1)
    if row is None:
        return {"skipped": True}
    try:
        async with asyncio.timeout(time_budget("backtest_strategy")):
            return await _backtest(runtime, rid, row)
    except Exception as exc:  # every failure must end the row and tell the user
        failure = failure_of(exc, f"backtest {rid}")
        async with runtime.db.as_service() as conn:
            if await fail_run(conn, rid, failure) and failure.blame == "ours":
                await tell_failed(conn, row["user_id"], "backtest", rid, row["class_name"])
        return {"ok": False, "error": failure.key}


async def _claim(runtime: Runtime, rid: uuid.UUID, retry: bool) -> asyncpg.Record | None:
    """Mark a queued backtest running, or None when it already ran or runs elsewhere."""
    async with runtime.db.as_service() as conn:
        row: asyncpg.Record | None = await conn.fetchrow(
            "update backtests b set status = 'running', started_at = now()"
            " from strategy_versions v, users u"
            " where b.id = $1 and (b.status = 'queued' or (b.status = 'running' and $2))"
            " and v.id = b.strategy_version_id"
            " and u.id = b.user_id returning b.user_id, b.timerange, v.code, v.spec, v.class_name,"
            " v.pair, v.timeframe, v.id as version_id, u.language",
            rid,
            retry,
        )
    return row


async def _backtest(runtime: Runtime, rid: uuid.UUID, row: asyncpg.Record) -> dict[str, Any]:
    """Backtest, chart, store and announce one claimed run."""
    progress = Progress(runtime.redis, f"bt:{rid}")
    await progress("backtesting", 10)
    days = int(row["timerange"].rstrip("d"))
    run = runnable(row["class_name"], row["code"], row["spec"])
    report = await validate_strategy(
        run.code,
        market=market_data(runtime.settings),
        pair=row["pair"],
        timeframe=row["timeframe"],
        days=days,
        timeout=180,
        trusted=run.trusted,
    )
    figures = {
        **report_figures(report),
        "days": days,
        "ok": report.ok,
        "reasons": [f.code for f in report.reasons],
    }
    charts = {}
    if report.trades:
        await progress("charts", 80)
        title = f"{report.pair} {report.timeframe} · {row['class_name']} · {days}d"
        charts = await render_charts(runtime.settings, report, title, row["language"])
    async with runtime.db.as_service() as conn:
        ids = await store_artifacts(conn, row["user_id"], charts, rid)
        status = "done" if report.trades else "failed"
        await conn.execute(
            "update backtests set status = $2, results = $3, finished_at = now(),"
            " error_key = $4, blame = $5 where id = $1",
            rid,
            status,
            figures,
            None if report.trades else "no_trades",
            None if report.trades else "user",
        )
        payload = {
            "run_id": str(rid),
            "version_id": str(row["version_id"]),
            "strategy_name": row["class_name"],
            **figures,
        }
        if "equity_chart" in ids:
            payload["chart_artifact_id"] = str(ids["equity_chart"])
        await enqueue_alert(
            conn, row["user_id"], "backtest_ready", payload, dedup_key=f"backtest_ready:{rid}"
        )
    await progress("done", 100)
    return {"ok": report.ok, "trades": report.trades}
