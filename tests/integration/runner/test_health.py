"""Health: crashed bots restart; port clashes and broken strategies fail with a reason."""

from __future__ import annotations

import signal
import socket
import uuid
from typing import Any

import psutil
import pytest

from emulators.llm.canned import GOOD_SPEC
from orchestrator.bots.service import start_bot
from orchestrator.core.runtime import Runtime
from tests.integration.runner.conftest import BotFactory, NodeFactory
from tests.support.strategies import BROKEN
from tests.support.waiting import eventually

pytestmark = pytest.mark.slow


async def row(runtime: Runtime, bot_id: uuid.UUID) -> dict[str, Any]:
    async with runtime.db.as_service() as conn:
        found = await conn.fetchrow("select * from bots where id = $1", bot_id)
    assert found is not None
    return dict(found)


async def alerts(runtime: Runtime, user_id: uuid.UUID, kind: str) -> list[dict[str, Any]]:
    async with runtime.db.as_service() as conn:
        rows = await conn.fetch(
            "select payload from alerts where user_id = $1 and kind = $2", user_id, kind
        )
    return [r["payload"] for r in rows]


async def test_killed_bot_restarts(
    runtime: Runtime, make_node: NodeFactory, make_bot: BotFactory
) -> None:
    node = await make_node()
    user, bot = await make_bot()
    await start_bot(runtime, user, bot)
    first = await eventually(lambda: _pid(node, bot), within=30, what="bot running")
    psutil.Process(first).send_signal(signal.SIGKILL)

    async def restarted() -> bool:
        pid = await _pid(node, bot)
        return bool(pid and pid != first and (await row(runtime, bot))["restart_count"] == 1)

    await eventually(restarted, within=30, what="a restarted bot")
    assert (await row(runtime, bot))["status"] == "running"
    assert await eventually(lambda: alerts(runtime, user, "bot_restarted"), within=5)


async def _pid(node: Any, bot: uuid.UUID) -> int | None:
    running = node.manager.bots.get(bot)
    if running is None or running.process.returncode is not None:
        return None
    return int(running.process.pid)


async def test_port_clash_marks_failed(
    runtime: Runtime, make_node: NodeFactory, make_bot: BotFactory
) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        await make_node(port_allocator=lambda: port)
        # A spec bot: it runs in the zygote, on the host's loopback (custom code gets a
        # network namespace of its own, where no port can clash).
        user, bot = await make_bot(spec=GOOD_SPEC, class_name="BtcRsi5m")
        await start_bot(runtime, user, bot)

        async def failed() -> bool:
            return (await row(runtime, bot))["status"] == "failed"

        await eventually(failed, within=40, what="failed status")
    final = await row(runtime, bot)
    assert final["failure_reason"].startswith(("api_port_in_use", "no_api_ping"))
    assert final["desired_state"] == "stopped"
    payloads = await alerts(runtime, user, "bot_failed")
    assert payloads and payloads[0]["reason"] == final["failure_reason"]


async def test_broken_strategy_marks_failed(
    runtime: Runtime, make_node: NodeFactory, make_bot: BotFactory
) -> None:
    await make_node()
    user, bot = await make_bot(code=BROKEN, class_name="Broken")
    await start_bot(runtime, user, bot)

    async def failed() -> bool:
        return (await row(runtime, bot))["status"] == "failed"

    await eventually(failed, within=40, what="failed status")
    reason = (await row(runtime, bot))["failure_reason"]
    assert reason.startswith("strategy_"), reason
    assert "abstract" in reason or "populate" in reason or "Broken" in reason, reason
