"""Spec versions run as our renderer writes them; stored code is never trusted as is."""

from __future__ import annotations

import uuid

import pytest

from ai_strategies.spec import parse_spec, read_spec, render_strategy
from emulators.llm.canned import GOOD_SPEC
from orchestrator.core.runtime import Runtime
from orchestrator.strategies.optimisation import apply_optimisation
from orchestrator.strategies.versions import NewVersion, create_strategy, runnable
from tests.conftest import UserFactory

pytestmark = [pytest.mark.timeout(60)]

SPEC = parse_spec(GOOD_SPEC)
RENDERED = render_strategy(SPEC, "BtcRsi5m")
EVIL = "import os\nos.system('touch /tmp/pwned')\n"


def test_a_spec_version_runs_the_render_not_the_stored_code() -> None:
    run = runnable("BtcRsi5m", EVIL, SPEC.model_dump(mode="json"))
    assert run.trusted and run.code == RENDERED.code
    custom = runnable("Custom", EVIL, None)
    assert not custom.trusted and custom.code == EVIL


async def spec_version(runtime: Runtime, user: uuid.UUID) -> uuid.UUID:
    version = NewVersion(
        "BtcRsi5m", RENDERED.code, "s", "e", "BTC/USDT", "5m", dict(RENDERED.params), spec=SPEC
    )
    _, version_id = await create_strategy(runtime.db, user, version)
    return version_id


async def test_versions_record_their_kind(runtime: Runtime, make_user: UserFactory) -> None:
    user = await make_user()
    version_id = await spec_version(runtime, user)
    custom = NewVersion("Custom", EVIL, "s")
    _, custom_id = await create_strategy(runtime.db, user, custom)
    async with runtime.db.as_service() as conn:
        rows = {
            r["id"]: (r["kind"], r["spec"])
            for r in await conn.fetch(
                "select id, kind, spec from strategy_versions where user_id = $1", user
            )
        }
    assert rows[version_id] == ("spec", SPEC.model_dump(mode="json"))
    assert rows[custom_id] == ("custom", None)


async def test_applying_hyperopt_to_a_spec_keeps_it_a_spec(
    runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user(language="id")
    version_id = await spec_version(runtime, user)
    best = {"epoch": 3, "profit_pct": 1.2, "trades": 9, "params": {"rsi_period": 18}}
    async with runtime.db.as_service() as conn:
        run_id = await conn.fetchval(
            "insert into backtests (user_id, strategy_version_id, kind, status, days,"
            " results) values ($1, $2, 'hyperopt', 'done', 30, $3) returning id",
            user,
            version_id,
            {"epochs": 10, "best": best},
        )
    number, new_id = await apply_optimisation(runtime, user, run_id)
    async with runtime.db.as_service() as conn:
        row = await conn.fetchrow(
            "select kind, spec, code, explanation from strategy_versions where id = $1", new_id
        )
    assert number == 2 and row["kind"] == "spec"
    tuned = parse_spec(row["spec"])
    assert tuned.indicators[0].params["period"] == 18
    assert read_spec(row["code"]) == tuned
    assert "18" in row["explanation"] and "bawaan" in row["explanation"]
