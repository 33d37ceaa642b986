"""The backtest job: a run ends done with a chart and an alert, or failed with a reason."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from ai_strategies.spec import parse_spec, render_strategy
from emulators.llm.canned import GOOD_SPEC
from orchestrator.alerts.outbox import load_artifact
from orchestrator.core.runtime import Runtime
from orchestrator.strategies.backtests import backtest_strategy
from orchestrator.strategies.versions import NewVersion, create_strategy
from tests.conftest import UserFactory

pytestmark = [pytest.mark.timeout(240)]

SPEC = parse_spec(GOOD_SPEC)


async def queued_backtest(
    runtime: Runtime, user: uuid.UUID, days: int
) -> tuple[uuid.UUID, uuid.UUID]:
    """Give the user a spec version and a queued backtest of it; return (version, run)."""
    rendered = render_strategy(SPEC, "BtcRsi5m")
    version = NewVersion(
        "BtcRsi5m", rendered.code, "s", "e", "BTC/USDT", "5m", dict(rendered.params), spec=SPEC
    )
    _, version_id = await create_strategy(runtime.db, user, version)
    async with runtime.db.as_service() as conn:
        run_id: uuid.UUID = await conn.fetchval(
            "insert into backtests (user_id, strategy_version_id, kind, status, days)"
            " values ($1, $2, 'backtest', 'queued', $3) returning id",
            user,
            version_id,
            days,
        )
    return version_id, run_id


async def run_row(runtime: Runtime, run_id: uuid.UUID) -> dict[str, Any]:
    async with runtime.db.as_service() as conn:
        row = await conn.fetchrow(
            "select status, error_key, blame, error, results, finished_at from backtests"
            " where id = $1",
            run_id,
        )
    return dict(row)


async def alerts(runtime: Runtime, user: uuid.UUID, kind: str) -> list[dict[str, Any]]:
    async with runtime.db.as_service() as conn:
        rows = await conn.fetch(
            "select payload from alerts where user_id = $1 and kind = $2", user, kind
        )
    return [dict(r["payload"]) for r in rows]


async def test_a_failing_backtest_ends_its_row_and_apologises_once(
    runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    version_id, run_id = await queued_backtest(runtime, user, 30)
    # A stored spec that no longer renders must not run: our failure, not the user's.
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "update strategy_versions set spec = $2 where id = $1", version_id, {"bogus": 1}
        )
    result = await backtest_strategy({"runtime": runtime}, str(run_id))
    assert result == {"ok": False, "error": "spec_unrenderable", "blame": "ours"}
    row = await run_row(runtime, run_id)
    assert (row["status"], row["error_key"], row["blame"]) == (
        "failed",
        "spec_unrenderable",
        "ours",
    )
    assert row["finished_at"] is not None and row["error"].startswith("spec_unrenderable")
    apologies = await alerts(runtime, user, "job_failed")
    assert [(a["job"], a["ref"]) for a in apologies] == [("backtest", str(run_id))]
    # arq retries a job whose worker died: a run that has ended never runs again.
    retried = await backtest_strategy({"runtime": runtime, "job_try": 2}, str(run_id))
    assert retried == {"skipped": True}
    assert len(await alerts(runtime, user, "job_failed")) == 1


@pytest.mark.slow
async def test_a_backtest_stores_its_figures_chart_and_alert(
    runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    version_id, run_id = await queued_backtest(runtime, user, 7)
    result = await backtest_strategy({"runtime": runtime}, str(run_id))
    row = await run_row(runtime, run_id)
    (ready,) = await alerts(runtime, user, "backtest_ready")
    assert row["results"]["days"] == ready["days"] == 7
    assert (ready["run_id"], ready["version_id"]) == (str(run_id), str(version_id))
    if not result["trades"]:  # a quiet week: the user is told, and it is theirs to change
        assert (row["status"], row["error_key"], row["blame"]) == ("failed", "no_trades", "user")
        return
    assert row["status"] == "done" and row["results"]["trades"] == result["trades"]
    chart = await load_artifact(runtime.db, user, uuid.UUID(ready["chart_artifact_id"]))
    assert chart is not None and chart.startswith(b"\x89PNG")
