"""Custom-code bots run only in the sandbox: own uid, no network but their gateway.

Spec bots keep running in the zygote; custom code goes to workers whose heartbeat says
the sandbox works there, and nowhere else.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import psutil
import pytest
from aiohttp import web

from ai_strategies.jail import dir_usage
from ai_strategies.sandbox import SandboxStatus
from emulators.exchange import ExchangeEmulator
from emulators.llm.canned import GOOD_SPEC
from nofomo.worker import WorkerNode
from orchestrator.bots.service import bot_command, start_bot, stop_bot
from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.runner.dispatch import choose_worker
from orchestrator.runner.gateway import API_SOCKET, DB_SOCKET, EGRESS_SOCKET, PROXY_PORT
from orchestrator.runner.launchers import SandboxedProcess
from orchestrator.runner.leases import live_workers
from orchestrator.runner.manager import RunningBot
from orchestrator.runner.sandbox import BOT_UID_BASE, BOT_UID_SPAN, bot_uid
from tests.integration.runner.conftest import BotFactory, NodeFactory
from tests.support.processes import free_port
from tests.support.strategies import HOLD
from tests.support.waiting import eventually

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

# HOLD from the support strategies, made to wait: it enters only when told to (forceenter).
PATIENT = HOLD.replace("class Hold(", "class Patient(").replace(
    'dataframe["volume"] > 0, "enter_long"', 'dataframe["volume"] < 0, "enter_long"'
)

# Tries, once, everything a strategy must not be able to do, and writes down what happened
# (and anything it managed to read) in its own directory: the test looks for the canary.
HOSTILE = """
import json
import os
import socket
from pathlib import Path

from pandas import DataFrame

from freqtrade.strategy import IStrategy

LISTENER = {listener}
WEBHOOK = {webhook}
WORKER_PID = {worker_pid}
OTHER_CONFIG = {other_config!r}
BOTS_DIR = {bots_dir!r}


def attempt(name, results, action):
    try:
        results[name] = "ok: " + repr(action())[:2000]
    except Exception as exc:
        results[name] = "blocked: " + type(exc).__name__ + ": " + str(exc)[:200]


def direct():
    with socket.create_connection(("127.0.0.1", LISTENER), timeout=3) as conn:
        conn.sendall(b"direct hello")
        return "connected"


def through_proxy(request):
    with socket.create_connection(("127.0.0.1", {proxy_port}), timeout=5) as conn:
        conn.sendall(request)
        answer = conn.recv(200).decode("latin-1")
        if " 200 " in answer.split("\\r\\n")[0]:
            conn.sendall(b"proxied hello")
        if " 403 " in answer.split("\\r\\n")[0]:
            raise PermissionError(answer.split("\\r\\n")[0])
        return answer


def read(path):
    return Path(path).read_bytes().decode("latin-1")


class Hostile(IStrategy):
    INTERFACE_VERSION = 3
    timeframe = "1m"
    minimal_roi = {{"0": 10.0}}
    stoploss = -0.99
    startup_candle_count = 5
    process_only_new_candles = False
    tried = False

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        if not Hostile.tried:
            Hostile.tried = True
            results = {{}}
            target = f"127.0.0.1:{{LISTENER}}"
            attempt("direct", results, direct)
            connect = f"CONNECT {{target}} HTTP/1.1\\r\\nHost: {{target}}\\r\\n\\r\\n"
            attempt("connect", results, lambda: through_proxy(connect.encode()))
            get = f"GET http://{{target}}/ HTTP/1.1\\r\\nHost: {{target}}\\r\\n\\r\\n"
            attempt("absolute_get", results, lambda: through_proxy(get.encode()))
            hook = f"127.0.0.1:{{WEBHOOK}}"
            other_page = f"GET http://{{hook}}/health HTTP/1.1\\r\\nHost: {{hook}}\\r\\n\\r\\n"
            attempt("webhook_host_other_path", results, lambda: through_proxy(other_page.encode()))
            tunnel = f"CONNECT {{hook}} HTTP/1.1\\r\\nHost: {{hook}}\\r\\n\\r\\n"
            attempt("webhook_host_tunnel", results, lambda: through_proxy(tunnel.encode()))
            attempt("other_config", results, lambda: read(OTHER_CONFIG))
            attempt("bots_dir", results, lambda: os.listdir(BOTS_DIR))
            attempt("init_environ", results, lambda: read("/proc/1/environ"))
            attempt("worker_environ", results, lambda: read(f"/proc/{{WORKER_PID}}/environ"))
            Path("attempts.json").write_text(json.dumps(results))
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        return dataframe
"""


async def bot_status(runtime: Runtime, bot_id: uuid.UUID) -> dict[str, Any]:
    async with runtime.db.as_service() as conn:
        row = await conn.fetchrow("select * from bots where id = $1", bot_id)
    assert row is not None
    return dict(row)


async def running(runtime: Runtime, node: WorkerNode, bot_id: uuid.UUID) -> RunningBot:
    async def up() -> bool:
        row = await bot_status(runtime, bot_id)
        assert row["status"] != "failed", row["failure_reason"]
        return row["status"] == "running"

    await eventually(up, within=90, every=0.5, what="the bot running")
    return node.manager.bots[bot_id]


def freqtrade_inside(bot: RunningBot) -> psutil.Process:
    """Return the Freqtrade process among the sandbox's processes."""
    for child in psutil.Process(bot.process.pid).children(recursive=True):
        if child.cmdline()[1:5] == ["-I", "-B", "-m", "freqtrade"]:
            return child
    raise AssertionError("no Freqtrade process in the sandbox")


def sandbox_tree(bot: RunningBot) -> list[psutil.Process]:
    root = psutil.Process(bot.process.pid)
    return [root, *root.children(recursive=True)]


def gone(procs: list[psutil.Process]) -> bool:
    for proc in procs:
        try:
            if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                return False
        except psutil.NoSuchProcess:
            continue
    return True


def namespace(pid: int | str, kind: str) -> str:
    return os.readlink(f"/proc/{pid}/ns/{kind}")


class Recorder:
    """A TCP listener that remembers every connection (and what it was sent)."""

    def __init__(self) -> None:
        self.seen: list[bytes] = []
        self.port = free_port()
        self.server: asyncio.Server | None = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            self.seen.append(await asyncio.wait_for(reader.read(1024), 2))
        except TimeoutError:
            self.seen.append(b"")
        writer.close()

    async def __aenter__(self) -> Recorder:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.server is not None
        self.server.close()
        await self.server.wait_closed()


@pytest.fixture
async def webhooks(runtime: Runtime) -> AsyncIterator[list[str]]:
    """Stand in for our web app on the webhook port; collect the paths bots post to."""
    paths: list[str] = []

    async def hook(request: web.Request) -> web.Response:
        paths.append(request.path)
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_post("/hooks/{tail:.*}", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", runtime.settings.port)
    await site.start()
    yield paths
    await runner.cleanup()


async def test_custom_code_bot_runs_sandboxed_trades_and_stops_cleanly(
    runtime: Runtime,
    make_node: NodeFactory,
    make_bot: BotFactory,
    exchange: ExchangeEmulator,
    webhooks: list[str],
) -> None:
    node = await make_node()
    assert node.manager.sandbox_ok
    user, bot_id = await make_bot(code=PATIENT, class_name="Patient")
    await start_bot(runtime, user, bot_id)
    bot = await running(runtime, node, bot_id)

    # In the sandbox, as the bot's own uid, in namespaces of its own.
    assert isinstance(bot.process, SandboxedProcess)
    freqtrade = freqtrade_inside(bot)
    uid = bot_uid(bot_id)
    assert BOT_UID_BASE <= uid < BOT_UID_BASE + BOT_UID_SPAN
    assert freqtrade.uids().real == uid and freqtrade.uids().effective == uid
    for kind in ("net", "pid", "user"):
        assert namespace(freqtrade.pid, kind) != namespace("self", kind), kind
    assert freqtrade.environ().get("HTTPS_PROXY") == f"http://127.0.0.1:{PROXY_PORT}"
    # Its directory and its config are its own, and no one else's.
    for path, mode in ((bot.files.root, 0o700), (bot.files.config, 0o600)):
        info = path.stat()
        assert (info.st_uid, info.st_mode & 0o777) == (uid, mode), path
    config = json.loads(bot.files.config.read_text())
    assert config["db_url"].split("@")[1].startswith("127.0.0.1:")
    assert config["exchange"]["ccxt_config"]["httpProxy"] == f"http://127.0.0.1:{PROXY_PORT}"

    # The worker reaches its API through api.sock only.
    assert (bot_status_row := await bot_status(runtime, bot_id))["api_port"] is None
    assert bot_status_row["worker"] == node.name
    assert (bot.files.root / API_SOCKET).is_socket()
    assert await bot.api.request("GET", "ping") == {"status": "pong"}

    # A forced entry prices and fills through the gateway, and the trade gets to our tables.
    forced_at = time.time()
    await bot_command(runtime, user, bot_id, "forceenter", pair="BTC/USDT", ordertype="market")

    async def synced() -> int:
        async with runtime.db.as_service() as conn:
            return int(await conn.fetchval("select count(*) from trades where bot_id = $1", bot_id))

    await eventually(synced, within=30, what="the forced trade in public.trades")
    assert any(
        r.at >= forced_at - 1 and r.status == 200 and r.path.startswith("/api/v3/")
        for r in exchange.state.log.recent
    ), "no exchange request through the gateway"
    await eventually(
        lambda: _async(any(f"/hooks/freqtrade/{bot_id}/" in p for p in webhooks)),
        within=20,
        what="a webhook through the gateway",
    )

    # A clean stop takes the whole sandbox down and the gateway with it.
    tree = sandbox_tree(bot)
    # Well inside its process limit (threads count), with room to spare.
    threads = sum(p.num_threads() for p in tree[1:])
    assert threads <= runtime.settings.sandbox_bot_max_processes // 2, threads
    assert len(tree) >= 3  # bwrap, the relay (the sandbox's init), Freqtrade
    result = await stop_bot(runtime, user, bot_id)
    assert result.stopped and result.was_running
    await eventually(lambda: _async(gone(tree)), within=10, what="every sandbox process gone")
    assert not [p for p in psutil.process_iter(["uids"]) if p.info["uids"].real == uid]
    assert not (bot.files.root / EGRESS_SOCKET).exists()
    assert not (bot.files.root / DB_SOCKET).exists()
    assert (await bot_status(runtime, bot_id))["status"] == "stopped"
    # Freqtrade got the SIGTERM (not a SIGKILL) and shut down on its own.
    stopped_log = "\n".join(bot.files.tail(200))
    assert "Cleaning up modules" in stopped_log, stopped_log[-2000:]
    print(f"sandboxed bot: /ping after {bot.ready_seconds:.1f}s, {threads} threads")


async def _async(value: Any) -> Any:
    return value


async def test_hostile_custom_code_reaches_nothing_and_keeps_running(
    runtime: Runtime,
    make_node: NodeFactory,
    make_bot: BotFactory,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    canary = f"canary-{uuid.uuid4().hex}"
    monkeypatch.setenv("NOFOMO_TEST_CANARY", canary)
    bots_dir = runtime.settings.data_dir / "bots"
    other = bots_dir / str(uuid.uuid4())
    other.mkdir(parents=True, mode=0o700)
    (other / "config.json").write_text(json.dumps({"exchange": {"secret": canary}}))
    os.chmod(other / "config.json", 0o600)
    caplog.set_level(logging.WARNING, logger="orchestrator.runner.gateway")

    # The static check would refuse this code; the sandbox must hold even when it is fooled.
    node = await make_node(strategy_check=None)
    async with Recorder() as listener:
        code = HOSTILE.format(
            listener=listener.port,
            webhook=runtime.settings.port,
            worker_pid=os.getpid(),
            other_config=str(other / "config.json"),
            bots_dir=str(bots_dir),
            proxy_port=PROXY_PORT,
        )
        user, bot_id = await make_bot(code=code, class_name="Hostile")
        await start_bot(runtime, user, bot_id)
        bot = await running(runtime, node, bot_id)
        attempts_file = bot.files.root / "attempts.json"
        try:
            await eventually(
                lambda: _async(attempts_file.exists() or listener.seen),
                within=60,
                what="the strategy's attempts",
            )
        except AssertionError as exc:
            raise AssertionError("\n".join([str(exc), *bot.files.tail(60)])) from None
        await asyncio.sleep(1)
        assert listener.seen == []  # nothing got through to the host, by any way
        attempts = json.loads(attempts_file.read_text())

    assert set(attempts) == {
        "direct",
        "connect",
        "absolute_get",
        "webhook_host_other_path",
        "webhook_host_tunnel",
        "other_config",
        "bots_dir",
        "init_environ",
        "worker_environ",
    }
    # /proc/1 inside is the sandbox's own init: readable, but holds nothing of ours.
    init_environ = attempts.pop("init_environ")
    # The bots directory inside is a bare path to its own directory: no other bot there.
    assert attempts.pop("bots_dir") == f"ok: {[str(bot_id)]!r}"
    blocked = all(outcome.startswith("blocked") for outcome in attempts.values())
    assert blocked, json.dumps(attempts, indent=1)
    for name in ("connect", "absolute_get", "webhook_host_other_path", "webhook_host_tunnel"):
        assert "403" in attempts[name], attempts[name]
    for secret in ("DATABASE_URL", "VAULT_KEYS", "REDIS_URL", canary):
        assert secret not in init_environ
    refused = [r for r in caplog.records if "refused" in r.getMessage()]
    assert refused and all(str(bot_id) in r.getMessage() for r in refused)
    assert (f"127.0.0.1:{listener.port}") in refused[0].getMessage()

    # The canary is nowhere the bot could write or log.
    for path in bot.files.root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            assert canary.encode() not in path.read_bytes(), path
    # Trying was not fatal: the bot is still up and answering.
    assert bot.process.returncode is None
    assert await bot.api.ping()
    assert (await bot_status(runtime, bot_id))["status"] == "running"


async def test_spec_bot_still_runs_in_the_zygote(
    runtime: Runtime, make_node: NodeFactory, make_bot: BotFactory
) -> None:
    node = await make_node()
    user, bot_id = await make_bot(spec=GOOD_SPEC, class_name="BtcRsi5m", timeframe="5m")
    await start_bot(runtime, user, bot_id)
    bot = await running(runtime, node, bot_id)
    assert not isinstance(bot.process, SandboxedProcess)
    proc = psutil.Process(bot.process.pid)
    assert proc.ppid() == node.launcher.pid  # type: ignore[attr-defined]
    assert proc.uids().real == os.getuid()
    for kind in ("net", "pid", "user"):
        assert namespace(proc.pid, kind) == namespace("self", kind), kind
    assert (await bot_status(runtime, bot_id))["api_port"] == bot.port
    assert not (bot.files.root / EGRESS_SOCKET).exists()
    await stop_bot(runtime, user, bot_id)


async def test_custom_code_is_refused_where_the_sandbox_is_missing(
    runtime: Runtime, make_node: NodeFactory, make_bot: BotFactory
) -> None:
    node = await make_node()
    node.manager.sandbox = SandboxStatus(False, "bubblewrap is not installed (test)")
    from orchestrator.runner.watch import heartbeat_once

    await heartbeat_once(node.manager)
    here = [w for w in await live_workers(runtime.redis) if w.name == node.name]
    assert here and not here[0].sandbox
    # Dispatch sends custom code elsewhere (nowhere, here), spec bots still come here.
    assert choose_worker(here, custom_code=True) is None
    assert choose_worker(here, custom_code=False) == node.name

    # The chat's start is refused at once, in words, and the bot is left stopped.
    user, bot_id = await make_bot(code=PATIENT, class_name="Patient")
    with pytest.raises(UserFacingError) as refused:
        await start_bot(runtime, user, bot_id)
    assert refused.value.key == "custom_code_unavailable"
    assert (await bot_status(runtime, bot_id))["desired_state"] == "stopped"

    # A custom-code start that arrives anyway fails with a reason, and nothing runs.
    async with runtime.db.as_service() as conn:
        await conn.execute("update bots set desired_state = 'running' where id = $1", bot_id)
    result = await node.manager.start(bot_id)
    assert not result.ok and result.detail.startswith("custom_code_unavailable: ")
    row = await bot_status(runtime, bot_id)
    assert row["status"] == "failed" and row["desired_state"] == "stopped"
    assert row["failure_reason"] == "custom_code_unavailable: bubblewrap is not installed (test)"
    assert bot_id not in node.manager.bots
    assert not (runtime.settings.data_dir / "bots" / str(bot_id) / "config.json").exists()
    uid = bot_uid(bot_id)
    assert not [p for p in psutil.process_iter(["uids"]) if p.info["uids"].real == uid]


# Writes 1 MiB files into its own directory, on and on, as a runaway custom strategy could.
HOARDER = PATIENT.replace("class Patient(", "class Hoarder(").replace(
    "    def populate_entry_trend(",
    """    def bot_loop_start(self, **kwargs) -> None:
        import itertools, os
        os.makedirs("hoard", exist_ok=True)
        for index in itertools.count():
            with open(os.path.join("hoard", "part%05d" % index), "wb") as out:
                out.write(b"h" * (1 << 20))

    def populate_entry_trend(""",
    1,
)


async def test_a_custom_bot_over_its_disk_budget_is_stopped_told_and_cleared(
    runtime: Runtime, make_node: NodeFactory, make_bot: BotFactory
) -> None:
    runtime.settings.sandbox_bot_disk_mb = 64
    node = await make_node(strategy_check=None)  # the lint would refuse `os`: the budget must hold
    user, bot_id = await make_bot(code=HOARDER, class_name="Hoarder")
    await start_bot(runtime, user, bot_id)

    async def failed() -> bool:
        return (await bot_status(runtime, bot_id))["status"] == "failed"

    await eventually(failed, within=90, every=0.5, what="the hoarding bot stopped")
    row = await bot_status(runtime, bot_id)
    assert row["failure_reason"].startswith("disk_limit: the strategy wrote ")
    assert row["desired_state"] == "stopped"
    assert bot_id not in node.manager.bots
    root = runtime.settings.data_dir / "bots" / str(bot_id)
    assert not (root / "hoard").exists()
    assert dir_usage(root)[0] < 8 * 1024 * 1024
    uid = bot_uid(bot_id)
    assert not [p for p in psutil.process_iter(["uids"]) if p.info["uids"].real == uid]
    async with runtime.db.as_service() as conn:
        kinds = await conn.fetch("select kind from alerts where user_id = $1", user)
    assert "bot_failed" in [k["kind"] for k in kinds]
