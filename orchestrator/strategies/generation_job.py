"""The `generate_strategy` job: compose or ask the LLM, validate, chart, store, announce."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import uuid
from typing import Any

import asyncpg

from ai_strategies.composer import Composition, NotUnderstood, check_long_only, compose
from ai_strategies.generator import generate_strategy as llm_generate
from ai_strategies.spec import StrategySpec
from ai_strategies.validate import ValidationReport, as_validator, validate_strategy
from orchestrator.accounts.allowance import charge_generation, refund_generation
from orchestrator.accounts.entitlements import entitlements_of
from orchestrator.alerts.payloads import StrategyReady, as_report_figures
from orchestrator.alerts.produce import enqueue_alert
from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.strategies.generation import progress_for
from orchestrator.strategies.job_outcome import JobFailure
from orchestrator.strategies.jobs import ClaimedJob, run_claimed
from orchestrator.strategies.llm import llm_client
from orchestrator.strategies.marketdata import market_data
from orchestrator.strategies.reports import render_charts, report_figures, store_artifacts
from orchestrator.strategies.versions import NewVersion, create_strategy
from orchestrator.strategies.wording import strategy_title

log = logging.getLogger(__name__)

# The LLM's repair loop checks drafts on a short window; the accepted one is judged in full.
REPAIR_DAYS = 14


@dataclasses.dataclass(frozen=True)
class Draft:
    """A strategy to validate, from the composer or the LLM."""

    code: str
    class_name: str
    explanation: str
    summary: str
    pair: str
    timeframe: str
    params: dict[str, Any]
    trusted: bool  # rendered by our own renderer from a spec (not code anyone else wrote)
    spec: StrategySpec | None = None


async def generate_strategy_job(ctx: dict[str, Any], request_id: str) -> dict[str, Any]:
    """Run one generation request exactly once (the arq job)."""
    return await run_claimed(ctx, GENERATION, request_id)


async def _claim(runtime: Runtime, rid: uuid.UUID, retry: bool) -> asyncpg.Record | None:
    """Mark a queued request running, or None when it already ran or runs elsewhere."""
    async with runtime.db.as_service() as conn:
        row: asyncpg.Record | None = await conn.fetchrow(
            "update generation_requests set status = 'running', started_at = now() where id = $1"
            " and (status = 'queued' or (status = 'running' and $2))"
            " returning user_id, prompt, language",
            rid,
            retry,
        )
    return row


async def _generate(runtime: Runtime, rid: uuid.UUID, row: asyncpg.Record) -> dict[str, Any]:
    """Charge, draft, judge, chart and store the claimed request's strategy."""
    user_id, progress = row["user_id"], progress_for(runtime, rid)
    await progress("charging", 2)
    await charge_generation(runtime.db, user_id, rid)
    await progress("writing", 10)
    draft = await _draft(runtime, row["prompt"], row["language"])
    await progress("backtesting", 40, pair=draft.pair, timeframe=draft.timeframe)
    data = market_data(runtime.settings)
    report = await validate_strategy(
        draft.code,
        market=data,
        pair=draft.pair,
        timeframe=draft.timeframe,
        max_days=await backtest_limit(runtime, user_id),
        trusted=draft.trusted,
    )
    if not report.ok:
        raise UserFacingError("strategy_invalid", reasons=[f.message for f in report.reasons][:3])
    await progress("charts", 80)
    # The chart says what the strategy is, as the chat does: its title, not a class name.
    title = strategy_title(
        draft.spec, f"{draft.pair} {draft.timeframe} · {draft.class_name}", row["language"]
    )
    charts = await render_charts(runtime.settings, report, title, row["language"])
    await progress("saving", 95)
    version_id = await _store(runtime, rid, (user_id, row["language"]), draft, report, charts)
    await progress("done", 100, version_id=str(version_id))
    return {"ok": True, "version_id": str(version_id)}


async def _draft(runtime: Runtime, prompt: str, language: str) -> Draft:
    client = llm_client(runtime.settings)
    try:
        if client is None:
            return _composed(await asyncio.to_thread(compose, prompt, language))
        # An idea that only sells short is answered before any model is asked.
        await asyncio.to_thread(check_long_only, prompt, language)
    except NotUnderstood as exc:
        raise _not_understood(exc) from None
    data = market_data(runtime.settings)
    async with client:
        check = as_validator(data, days=REPAIR_DAYS, trusted=True)
        g = await llm_generate(prompt, language, client=client, validate=check)
    # The model wrote a spec, never code: the code is our renderer's, so it is trusted.
    return Draft(
        g.code, g.class_name, g.explanation, g.summary, g.pair, g.timeframe, g.parameters, True,
        g.spec,
    )  # fmt: skip


def _composed(c: Composition) -> Draft:
    """Return the composer's strategy as a draft."""
    spec = c.spec if isinstance(c.spec, StrategySpec) else None
    return Draft(
        c.code, c.class_name, c.explanation, c.summary, c.pair, c.timeframe, c.params, True, spec
    )


def _not_understood(exc: NotUnderstood) -> UserFacingError:
    """Say why a prompt gave no strategy: long only (with its long version), or what it lacks."""
    if exc.reason == "long_only":
        return UserFacingError("prompt_long_only", long_version=exc.long_version or "")
    return UserFacingError("prompt_not_understood", understood=exc.understood, missing=exc.missing)


async def _store(
    runtime: Runtime,
    rid: uuid.UUID,
    owner: tuple[uuid.UUID, str],  # the user and the language they asked in
    draft: Draft,
    report: ValidationReport,
    charts: dict[str, bytes],
) -> uuid.UUID:
    user_id, language = owner
    figures = report_figures(report)
    version = NewVersion(
        draft.class_name,
        draft.code,
        draft.summary,
        draft.explanation,
        draft.pair,
        draft.timeframe,
        draft.params,
        figures,
        spec=draft.spec,
    )
    strategy_id, version_id = await create_strategy(runtime.db, user_id, version)
    async with runtime.db.as_service() as conn:
        artifacts = await store_artifacts(runtime.artifacts, conn, user_id, charts, version_id)
        await conn.execute(
            "insert into backtests (user_id, strategy_version_id, kind, status, days,"
            " results, finished_at) values ($1, $2, 'backtest', 'done', $3, $4, now())",
            user_id,
            version_id,
            report.days,
            figures,
        )
        await conn.execute(
            "update generation_requests set status = 'done', strategy_version_id = $2,"
            " finished_at = now() where id = $1",
            rid,
            version_id,
        )
        payload: StrategyReady = {
            "kind": "strategy_ready",
            "strategy_id": str(strategy_id),
            "version_id": str(version_id),
            "strategy_name": strategy_title(draft.spec, draft.class_name, language),
            "summary": draft.summary,
            "explanation": draft.explanation,
            "pair": draft.pair,
            "timeframe": draft.timeframe,
            "chart_artifact_id": str(artifacts["equity_chart"]),
            "trades_chart_artifact_id": str(artifacts["trades_chart"]),
            **as_report_figures(figures),
        }
        await enqueue_alert(conn, user_id, payload, dedup_key=f"gen:{rid}")
    return version_id


async def backtest_limit(runtime: Runtime, user_id: uuid.UUID) -> int:
    """Return the most days of history the user's plan lets a backtest cover."""
    async with runtime.db.as_service() as conn:
        return (await entitlements_of(conn, user_id)).backtest_max_days


async def _fail(
    runtime: Runtime, rid: uuid.UUID, row: asyncpg.Record, failure: JobFailure, exc: Exception
) -> None:
    """End the request as failed and give the generation back (a no-op if never charged)."""
    # The chat shows the failure's reason from the progress: record it before the status.
    await progress_for(runtime, rid)(
        "failed", 100, error_key=failure.key, blame=failure.blame, params=_shown(failure.params)
    )
    await refund_generation(runtime.db, row["user_id"], rid)
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "update generation_requests set status = 'failed', error_key = $2, blame = $3,"
            " finished_at = now() where id = $1 and status = 'running'",
            rid,
            failure.key,
            failure.blame,
        )


def _shown(params: dict[str, Any]) -> dict[str, Any]:
    """Keep only parameters that are safe to show and to store as JSON."""
    return {k: v for k, v in params.items() if isinstance(v, str | int | float | list)}


GENERATION = ClaimedJob("generate_strategy", "generation", _claim, _generate, _fail)
