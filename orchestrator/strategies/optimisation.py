"""Hyperopt as a job: plan-limited, capped per worker, with progress and an "apply" step."""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from arq import Retry

from ai_strategies.charts import EpochPoint, hyperopt_chart
from ai_strategies.marketdata import MarketDataError
from ai_strategies.optimise import EpochResult, HyperoptError, HyperoptResult, run_hyperopt
from ai_strategies.params import apply_parameters
from ai_strategies.spec import describe, parse_spec, render_strategy
from ai_strategies.spec.tuning import apply_values
from orchestrator.accounts.entitlements import entitlements_of, require_custom_code
from orchestrator.accounts.usage import plan_needed
from orchestrator.alerts.payloads import OptimiseReady, ParamChange, as_optimise_summary
from orchestrator.alerts.produce import enqueue_alert
from orchestrator.core.errors import ServiceFailure, UserFacingError
from orchestrator.core.progress import Progress, read_progress
from orchestrator.core.runtime import Runtime
from orchestrator.runner.dispatch import HEAVY_QUEUE
from orchestrator.strategies.jobs import ClaimedJob, claim_run, fail_claimed_run, run_claimed
from orchestrator.strategies.marketdata import market_data
from orchestrator.strategies.tuning_changes import code_changes, spec_changes
from orchestrator.strategies.versions import NewVersion, insert_version, runnable

log = logging.getLogger(__name__)

# Hyperopt is CPU-bound: one at a time per worker process.
HYPEROPT_SLOTS = asyncio.Semaphore(1)


async def request_optimise(
    runtime: Runtime, user_id: uuid.UUID, version_id: uuid.UUID, epochs: int = 100
) -> uuid.UUID:
    """Queue a hyperopt of one of the user's versions; more epochs than the plan allows: refused."""
    async with runtime.db.as_user(user_id) as conn:
        # RLS shows only the user's own versions.
        if (
            await conn.fetchval("select id from strategy_versions where id = $1", version_id)
            is None
        ):
            raise UserFacingError("strategy_not_found")
        allows = await entitlements_of(conn, user_id)
        if (limit := allows.hyperopt_max_epochs) < epochs:  # an old button: say so, never cut
            plan = await plan_needed(conn, "hyperopt_max_epochs", epochs)
            key = "plan_epochs" if plan else "plan_epochs_top"
            raise UserFacingError(key, epochs=epochs, limit=limit, plan=plan or "")
    epochs = max(5, epochs)
    days = min(30, allows.backtest_max_days)
    async with runtime.db.as_service() as conn:
        run_id: uuid.UUID = await conn.fetchval(
            "insert into backtests (user_id, strategy_version_id, kind, status, days, results)"
            " values ($1, $2, 'hyperopt', 'queued', $3, $4) returning id",
            user_id,
            version_id,
            days,
            {"epochs": epochs},
        )
    await runtime.redis.enqueue_job(
        "optimise_strategy", str(run_id), _job_id=f"opt:{run_id}", _queue_name=HEAVY_QUEUE
    )
    return run_id


async def optimise_strategy(ctx: dict[str, Any], run_id: str) -> dict[str, Any]:
    """Run one queued hyperopt (the arq job)."""
    if HYPEROPT_SLOTS.locked():
        raise Retry(defer=15)  # this worker is busy optimising; try again shortly
    async with HYPEROPT_SLOTS:
        return await run_claimed(ctx, OPTIMISATION, run_id)


async def _optimise(runtime: Runtime, run_id: uuid.UUID, row: asyncpg.Record) -> dict[str, Any]:
    """Optimise a claimed run, store its outcome and tell its owner."""
    progress = Progress(runtime.redis, f"opt:{run_id}")
    result = await _hyperopt(runtime, row, progress)
    summary = await _store(runtime, run_id, row, result)
    await progress("done", 100)
    return summary


async def _hyperopt(runtime: Runtime, row: asyncpg.Record, progress: Progress) -> HyperoptResult:
    """Run hyperopt on a claimed row; a strategy that cannot be optimised is our failure."""
    epochs, days = int(row["results"]["epochs"]), int(row["days"])
    pair, timeframe = row["pair"] or "BTC/USDT", row["timeframe"] or "5m"
    try:
        data = market_data(runtime.settings)
        datadir = await data.ensure(pair, timeframe, days + 2)
        markets = await data.markets_snapshot()
        start = (datetime.now(UTC) - timedelta(days=days)).strftime("%Y%m%d")

        async def report(done: int, total: int, best: EpochResult | None) -> None:
            await progress(
                "hyperopt",
                100 * done / total,
                epoch=done,
                total=total,
                best_profit_pct=best.profit_pct if best else None,
            )

        run = runnable(row["class_name"], row["code"], row["spec"])
        result = await run_hyperopt(
            run.code,
            row["class_name"],
            datadir=datadir,
            exchange_section=data.exchange_section,
            pair=pair,
            timeframe=timeframe,
            timerange=f"{start}-",
            epochs=epochs,
            markets=markets,
            trusted=run.trusted,
            progress=report,
        )
    except HyperoptError as exc:
        # The version already passed validation, so a failed hyperopt is our side's failure.
        raise ServiceFailure("hyperopt_failed", str(exc)) from exc
    except MarketDataError as exc:
        raise ServiceFailure("market_data_unavailable", str(exc)) from exc
    return result


async def _store(
    runtime: Runtime, run_id: uuid.UUID, row: asyncpg.Record, result: HyperoptResult
) -> dict[str, Any]:
    """Store the run's summary and chart and tell its owner."""
    points = [EpochPoint(e.epoch, e.profit_pct, e.loss, e.trades, e.is_best) for e in result.epochs]
    chart = await asyncio.to_thread(hyperopt_chart, points, title=row["class_name"])
    summary = _summary(result)
    async with runtime.db.as_service() as conn:
        stored = await runtime.artifacts.put(
            conn, row["user_id"], "hyperopt_chart", chart, ref_id=run_id
        )
        await conn.execute(
            "update backtests set status = 'done', results = results || $2::jsonb,"
            " finished_at = now() where id = $1",
            run_id,
            summary,
        )
        payload = await _ready_payload(conn, run_id, row, stored.id, summary)
        await enqueue_alert(conn, row["user_id"], payload, dedup_key=f"optimise_ready:{run_id}")
    return summary


async def _ready_payload(
    conn: asyncpg.Connection,
    run_id: uuid.UUID,
    row: asyncpg.Record,
    artifact: uuid.UUID,
    summary: dict[str, Any],
) -> OptimiseReady:
    """Build the alert: what changed, and the version's validation to compare with."""
    version = await conn.fetchrow(
        "select validation, params from strategy_versions where id = $1", row["version_id"]
    )
    validation = (version["validation"] if version else None) or {}
    best = summary["best"]
    values = best["params"] if best else {}
    if not values:
        changes: list[ParamChange] = []
    elif row["spec"]:
        changes = spec_changes(parse_spec(row["spec"]), values)
    else:
        changes = code_changes((version["params"] if version else None) or {}, values)
    return {
        "kind": "optimise_ready",
        "run_id": str(run_id),
        "chart_artifact_id": str(artifact),
        "version_id": str(row["version_id"]),
        "strategy_name": row["class_name"],
        "changes": changes,
        "in_sample_before": validation.get("in_sample"),
        "out_of_sample_before": validation.get("out_of_sample"),
        **as_optimise_summary(summary),
    }


def _summary(result: HyperoptResult) -> dict[str, Any]:
    """Return what is stored and told of a finished hyperopt: its size and best epoch."""
    best = result.best
    return {
        "epochs": len(result.epochs),
        "seconds": round(result.seconds, 1),
        "best": {
            "epoch": best.epoch,
            "profit_pct": best.profit_pct,
            "trades": best.trades,
            "params": best.params,
        }
        if best
        else None,
    }


@dataclass(frozen=True)
class Applied:
    """The version a hyperopt's best parameters became, and whether this call made it."""

    version: int
    version_id: uuid.UUID
    created: bool  # False: an earlier apply made it, and nothing new was made now


async def apply_best(runtime: Runtime, user_id: uuid.UUID, run_id: uuid.UUID) -> Applied:
    """Save a finished hyperopt's best parameters as a new version, once per run.

    The run row is locked and records the version it became in the same transaction, so a
    second apply (a double press, an old copy of the message) returns that version.
    """
    async with runtime.db.as_service() as conn:
        # As the service, so the run can record its version; scoped to the user explicitly.
        run = await conn.fetchrow(
            "select applied_version_id from backtests where id = $1 and user_id = $2"
            " and kind = 'hyperopt' and status = 'done' for update",
            run_id,
            user_id,
        )
        if run is None:
            raise UserFacingError("optimise_not_ready")
        if (earlier := run["applied_version_id"]) is not None:
            # Read after the lock, so it sees a version that a concurrent apply committed.
            number = await conn.fetchval(
                "select version from strategy_versions where id = $1", earlier
            )
            return Applied(number, earlier, created=False)
        row = await conn.fetchrow(
            "select b.results, v.strategy_id, v.code, v.spec, v.class_name, v.summary,"
            " v.explanation, v.pair, v.timeframe, v.params, u.language from backtests b"
            " join users u on u.id = b.user_id join strategy_versions v"
            " on v.id = b.strategy_version_id where b.id = $1",
            run_id,
        )
        if row is None or not row["results"].get("best"):
            raise UserFacingError("optimise_not_ready")
        best = row["results"]["best"]
        version = _optimised(row, best) if row["spec"] else _optimised_code(row, best)
        number, version_id = await _append_version(conn, user_id, row["strategy_id"], version)
        await conn.execute(
            "update backtests set applied_version_id = $2 where id = $1", run_id, version_id
        )
    return Applied(number, version_id, created=True)


async def apply_optimisation(
    runtime: Runtime, user_id: uuid.UUID, run_id: uuid.UUID
) -> tuple[int, uuid.UUID]:
    """Return (number, id) of the version a hyperopt's best parameters became (`apply_best`)."""
    applied = await apply_best(runtime, user_id, run_id)
    return applied.version, applied.version_id


async def _append_version(
    conn: asyncpg.Connection, user_id: uuid.UUID, strategy_id: uuid.UUID, version: NewVersion
) -> tuple[int, uuid.UUID]:
    """Append a version inside the caller's transaction, numbered as `add_version` does."""
    found = await conn.fetchval(
        "select 1 from strategies where id = $1 and user_id = $2 for update", strategy_id, user_id
    )
    last = await conn.fetchval(
        "select max(version) from strategy_versions where strategy_id = $1", strategy_id
    )
    if found is None or last is None:
        raise UserFacingError("strategy_not_found")
    if version.spec is None:  # custom code is saved only on a plan that runs it
        await require_custom_code(conn, user_id)
    return last + 1, await insert_version(conn, user_id, strategy_id, last + 1, version)


def _optimised(row: Any, best: dict[str, Any]) -> NewVersion:
    """A spec version stays a spec: hyperopt's values become its new numbers."""
    spec = apply_values(parse_spec(row["spec"]), best["params"])
    rendered = render_strategy(spec, row["class_name"])
    words = describe(spec, "id" if row["language"] == "id" else "en")
    return NewVersion(
        row["class_name"],
        rendered.code,
        words.summary,
        words.text,
        spec.pair,
        spec.timeframe,
        dict(rendered.params),
        spec=spec,
    )


def _optimised_code(row: Any, best: dict[str, Any]) -> NewVersion:
    """Custom code gets the values written into its parameter defaults."""
    return NewVersion(
        row["class_name"],
        apply_parameters(row["code"], best["params"]),
        row["summary"],  # the same idea with new numbers; nothing reads them from custom code
        row["explanation"],
        row["pair"],
        row["timeframe"],
        {**(row["params"] or {}), **best["params"]},
    )


async def optimise_status(
    runtime: Runtime, user_id: uuid.UUID, run_id: uuid.UUID
) -> tuple[str, dict[str, Any] | None]:
    """Return (status, latest progress) of one of the user's optimisations."""
    async with runtime.db.as_user(user_id) as conn:
        status = await conn.fetchval(
            "select status from backtests where id = $1 and kind = 'hyperopt'", run_id
        )
    if status is None:
        raise UserFacingError("request_not_found")
    return str(status), await read_progress(runtime.redis, f"opt:{run_id}")


OPTIMISATION = ClaimedJob(
    "optimise_strategy", "optimisation", claim_run, _optimise, fail_claimed_run
)
