"""Longer backtests of a saved version, as a job with a chart and an alert at the end."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import asyncpg

from ai_strategies.validate import validate_strategy
from orchestrator.accounts.entitlements import entitlements_of
from orchestrator.accounts.usage import plan_needed
from orchestrator.alerts.payloads import BacktestReady
from orchestrator.alerts.produce import enqueue_alert
from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.runner.dispatch import HEAVY_QUEUE
from orchestrator.strategies.jobs import ClaimedJob, claim_run, fail_claimed_run, run_claimed
from orchestrator.strategies.marketdata import market_data
from orchestrator.strategies.reports import render_charts, report_figures, store_artifacts
from orchestrator.strategies.versions import runnable
from orchestrator.strategies.wording import stored_spec, strategy_title

log = logging.getLogger(__name__)


async def request_backtest(
    runtime: Runtime, user_id: uuid.UUID, version_id: uuid.UUID, days: int = 90
) -> uuid.UUID:
    """Queue a backtest of one of the user's versions; more days than the plan allows: refused."""
    async with runtime.db.as_user(user_id) as conn:
        # RLS shows only the user's own versions.
        if (
            await conn.fetchval("select id from strategy_versions where id = $1", version_id)
            is None
        ):
            raise UserFacingError("strategy_not_found")
        limit = (await entitlements_of(conn, user_id)).backtest_max_days
        if days > limit:  # an old button or a plan that changed: say so, never shorten it
            plan = await plan_needed(conn, "backtest_max_days", days)
            key = "plan_backtest_days" if plan else "plan_backtest_days_top"
            raise UserFacingError(key, days=days, limit=limit, plan=plan or "")
    days = max(7, days)
    async with runtime.db.as_service() as conn:
        run_id: uuid.UUID = await conn.fetchval(
            "insert into backtests (user_id, strategy_version_id, kind, status, days)"
            " values ($1, $2, 'backtest', 'queued', $3) returning id",
            user_id,
            version_id,
            days,
        )
    await runtime.redis.enqueue_job(
        "backtest_strategy", str(run_id), _job_id=f"bt:{run_id}", _queue_name=HEAVY_QUEUE
    )
    return run_id


async def backtest_strategy(ctx: dict[str, Any], run_id: str) -> dict[str, Any]:
    """Run one queued backtest (the arq job); a retried job never reruns a finished one."""
    return await run_claimed(ctx, BACKTEST, run_id)


async def _backtest(runtime: Runtime, rid: uuid.UUID, row: asyncpg.Record) -> dict[str, Any]:
    """Backtest, chart, store and announce one claimed run."""
    days: int = row["days"]
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
        name = f"{report.pair} {report.timeframe} · {row['class_name']}"
        title = f"{strategy_title(stored_spec(row['spec']), name, row['language'])} · {days}d"
        charts = await render_charts(runtime.settings, report, title, row["language"])
    await _store(runtime, rid, row, figures, charts)
    return {"ok": report.ok, "trades": report.trades}


async def _store(
    runtime: Runtime,
    rid: uuid.UUID,
    row: asyncpg.Record,
    figures: dict[str, Any],
    charts: dict[str, bytes],
) -> None:
    """Store a run's figures and charts and tell its owner; no trades ends it as failed."""
    traded = bool(figures.get("trades"))
    async with runtime.db.as_service() as conn:
        ids = await store_artifacts(runtime.artifacts, conn, row["user_id"], charts, rid)
        await conn.execute(
            "update backtests set status = $2, results = $3, finished_at = now(),"
            " error_key = $4, blame = $5 where id = $1",
            rid,
            "done" if traded else "failed",
            figures,
            None if traded else "no_trades",
            None if traded else "user",
        )
        payload: BacktestReady = {
            "kind": "backtest_ready",
            "run_id": str(rid),
            "version_id": str(row["version_id"]),
            "strategy_name": row["class_name"],
            "trades": figures["trades"],
            "days": figures["days"],
            "in_sample": figures["in_sample"],
            "out_of_sample": figures["out_of_sample"],
            "flags": figures["flags"],
            "warnings": figures["warnings"],
            "ok": figures["ok"],
            "reasons": figures["reasons"],
        }
        if "equity_chart" in ids:
            payload["chart_artifact_id"] = str(ids["equity_chart"])
        await enqueue_alert(conn, row["user_id"], payload, dedup_key=f"backtest_ready:{rid}")


BACKTEST = ClaimedJob("backtest_strategy", "backtest", claim_run, _backtest, fail_claimed_run)
