"""Start, stop and command the Freqtrade bots this worker holds leases for."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import asyncpg

from ai_strategies.sandbox import SandboxStatus
from ai_strategies.sandbox import status as sandbox_status
from orchestrator.alerts.produce import record_event
from orchestrator.core.errors import ServiceFailure, TemporaryError
from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.feed import announce_bots
from orchestrator.keys.store import load_credentials
from orchestrator.runner import botdb, gateway
from orchestrator.runner.exchanges import exchange_section
from orchestrator.runner.files import BotFiles, failure_reason, free_port
from orchestrator.runner.ftapi import ApiCredentials, FreqtradeApi, UnixSocketApi
from orchestrator.runner.ftconfig import (
    BotSpec,
    build_config,
    new_api_credentials,
    route_through_relay,
    write_private,
)
from orchestrator.runner.gateway import BotGateway
from orchestrator.runner.launchers import BotProcess, Launcher, SandboxLauncher, SandboxSpec
from orchestrator.runner.leases import Lease, LeaseManager
from orchestrator.runner.sandbox import LaunchSpec, Limits, bot_uid, scrubbed_env
from orchestrator.runner.status import StartedBot, record_failed, record_running
from orchestrator.strategies.versions import runnable

log = logging.getLogger(__name__)

StrategyCheck = Callable[[str], list[str]]

_BOT_QUERY = """
select b.*, v.code, v.spec, v.class_name from bots b
left join strategy_versions v on v.id = b.strategy_version_id where b.id = $1
"""


@dataclass
class RunningBot:
    """A bot process this worker runs, with what it needs to supervise it."""

    bot_id: uuid.UUID
    user_id: uuid.UUID
    lease: Lease
    files: BotFiles
    process: BotProcess
    api: FreqtradeApi
    port: int | None  # None: sandboxed, reached through its api.sock
    ready_seconds: float = 0.0
    started: float = field(default_factory=time.monotonic)
    crashes: list[float] = field(default_factory=list)
    stopping: bool = False
    restart_at: float | None = None


@dataclass(frozen=True)
class StartResult:
    """The outcome of a start request."""

    ok: bool
    detail: str
    seconds: float = 0.0
    # From handing the process to the launcher to its first answered /ping.
    launch_to_ping_s: float = 0.0


class BotManager:
    """Own this worker's bots: lease-guarded, confined, health-checked."""

    def __init__(
        self,
        runtime: Runtime,
        launcher: Launcher,
        leases: LeaseManager,
        *,
        capacity: int,
        memory_limit_mb: int = 2048,
        strategy_check: StrategyCheck | None = None,
        port_allocator: Callable[[], int] = free_port,
        sandbox_launcher: SandboxLauncher | None = None,
    ) -> None:
        self.runtime = runtime
        self.launcher = launcher
        self.sandbox_launcher = sandbox_launcher or SandboxLauncher()
        # Whether custom code can run here (bubblewrap works); probed by the worker at start.
        self.sandbox: SandboxStatus | None = None
        self._cleanups: set[asyncio.Task[None]] = set()
        self.leases = leases
        self.capacity = capacity
        # Each bot's address-space limit (orchestrator/core/sizing: derived or BOT_MEMORY_LIMIT_MB).
        self.memory_limit_mb = memory_limit_mb
        self.strategy_check = strategy_check
        self.port_allocator = port_allocator
        self.bots: dict[uuid.UUID, RunningBot] = {}
        self.session = aiohttp.ClientSession()
        self._starting: set[uuid.UUID] = set()
        # Leases of bots still starting: the heartbeat renews these too (None = lost).
        self.pending_leases: dict[uuid.UUID, Lease | None] = {}

    @property
    def name(self) -> str:
        """Return this worker's name (the lease holder)."""
        return self.leases.holder

    @property
    def _bots_database_url(self) -> str:
        """Return how bots reach the database: BOT_DATABASE_URL, else DATABASE_URL."""
        return botdb.bots_url(self.runtime.settings, self.runtime.database_url)

    async def _provision(self, conn: asyncpg.Connection, row: asyncpg.Record) -> botdb.BotDatabase:
        """Prepare the bot's schema and role; a database that refuses fails the bot, once."""
        try:
            async with conn.transaction():  # a savepoint: the refusal must not poison the rest
                return await botdb.provision(conn, row["id"], self.runtime.vault)
        except (
            asyncpg.InsufficientPrivilegeError,
            asyncpg.ObjectNotInPrerequisiteStateError,
            asyncpg.InvalidGrantOperationError,
        ) as exc:
            # Our set-up, not the user's doing: say so loudly, and do not retry forever.
            log.error(
                "bot %s: cannot prepare its database: %s (run `nofomo doctor`)", row["id"], exc
            )
            raise StartFailedError(
                "database_setup_failed: our database refused the bot's "
                "schema; the operator has been told"
            ) from None

    @property
    def sandbox_ok(self) -> bool:
        """Tell whether this worker may run custom-code bots (announced in its heartbeat)."""
        return self.sandbox is not None and self.sandbox.ok

    async def probe_sandbox(self) -> SandboxStatus:
        """Find out (once) whether bubblewrap works here, off the event loop."""
        if self.sandbox is None:
            self.sandbox = await asyncio.to_thread(sandbox_status)
            if not self.sandbox.ok:
                log.warning("custom-code bots cannot run here: %s", self.sandbox.reason)
        return self.sandbox

    async def close(self) -> None:
        """Stop every bot (leases released for a quick takeover) and close the session."""
        await asyncio.gather(*(self.stop(bot_id, "worker_shutdown") for bot_id in list(self.bots)))
        await self.sandbox_launcher.close()
        if self._cleanups:
            await asyncio.gather(*self._cleanups, return_exceptions=True)
        await self.session.close()

    async def start(self, bot_id: uuid.UUID) -> StartResult:
        """Start a bot if its desired state asks for it and nobody else holds it."""
        if bot_id in self.bots or bot_id in self._starting:
            return StartResult(True, "already_running_here")
        if len(self.bots) + len(self._starting) >= self.capacity:
            return StartResult(False, "no_capacity")
        self._starting.add(bot_id)
        try:
            return await self._start(bot_id)
        finally:
            self._starting.discard(bot_id)

    async def _start(self, bot_id: uuid.UUID) -> StartResult:
        async with self.runtime.db.as_service() as conn:
            row = await conn.fetchrow(_BOT_QUERY, bot_id)
        if row is None or row["desired_state"] == "stopped":
            return StartResult(False, "not_wanted")
        lease = await self.leases.acquire(str(bot_id))
        if lease is None:
            return StartResult(False, "held_elsewhere")
        began = time.monotonic()
        self.pending_leases[bot_id] = lease
        try:
            bot = await self._launch(row, lease)
        except StartFailedError as exc:
            await self.leases.release(lease)
            log.warning("bot %s failed to start: %s", bot_id, exc.args[0])
            await self.mark_failed(row, exc.args[0], BotFiles(self._dir(bot_id)).tail())
            return StartResult(False, exc.args[0])
        except Exception:
            # Our fault, not the bot's: leave it wanted, so reconcile tries again.
            await self.leases.release(lease)
            log.exception("bot %s: internal error while starting", bot_id)
            return StartResult(False, "internal_error")
        finally:
            current = self.pending_leases.pop(bot_id, None)
        if current is None:
            # The lease could not be renewed while the bot started: it must not run.
            bot.process.signal_group(signal.SIGKILL)
            log.error("bot %s: lease lost during start; killed", bot_id)
            return StartResult(False, "lease_lost")
        bot.lease = current
        self.bots[bot_id] = bot
        await self._mark_running(row, bot)
        return StartResult(True, "started", time.monotonic() - began, bot.ready_seconds)

    def _dir(self, bot_id: uuid.UUID) -> Any:
        return self.runtime.settings.data_dir.resolve() / "bots" / str(bot_id)

    async def _launch(self, row: asyncpg.Record, lease: Lease) -> RunningBot:
        if row["code"] is None:
            raise StartFailedError("strategy_missing: the bot has no strategy version")
        try:
            run = runnable(row["class_name"], row["code"], row["spec"])
        except ServiceFailure as exc:
            raise StartFailedError(f"strategy_unrenderable: {exc.detail}") from None
        problems = self.strategy_check(run.code) if self.strategy_check else []
        if problems:
            raise StartFailedError("strategy_rejected: " + "; ".join(problems[:3]))
        if run.trusted:
            return await self._launch_zygote(row, lease, run.code)
        state = await self.probe_sandbox()
        if not state.ok:
            # Custom code never runs outside the sandbox.
            raise StartFailedError(f"custom_code_unavailable: {state.reason}")
        return await self._launch_sandboxed(row, lease, run.code)

    async def _launch_zygote(self, row: asyncpg.Record, lease: Lease, code: str) -> RunningBot:
        bot_id = row["id"]
        files = BotFiles(self._dir(bot_id))
        files.prepare(row["class_name"], code)
        api_creds = new_api_credentials(self.port_allocator())
        await self._write_config(row, files, api_creds)
        launched = time.monotonic()
        process = await self._spawn(bot_id, files, row["class_name"])
        api = FreqtradeApi(api_creds, self.session)
        timeout = self.runtime.settings.bot_ping_timeout_s
        await self._wait_ready(api, process, files, timeout)
        if row["desired_state"] == "paused":
            await api.request("POST", "stopentry")
        ready = time.monotonic() - launched
        return RunningBot(bot_id, row["user_id"], lease, files, process, api, api_creds.port, ready)

    async def _wait_ready(
        self, api: FreqtradeApi, process: BotProcess, files: BotFiles, timeout: float
    ) -> None:
        alive = lambda: process.returncode is None  # noqa: E731
        if not await api.wait_ready(timeout, alive):
            pinged = process.returncode is not None
            process.signal_group(signal.SIGKILL)
            await process.wait(5)
            raise StartFailedError(failure_reason(files.tail(40), pinged))

    async def _launch_sandboxed(self, row: asyncpg.Record, lease: Lease, code: str) -> RunningBot:
        """Start custom code in the sandbox, as its own uid, networked only by its gateway."""
        settings = self.runtime.settings
        bot_id = row["id"]
        files = BotFiles(self._dir(bot_id))
        # Whatever the bot left in its directory is not trusted (and may be large: a thread).
        await asyncio.to_thread(files.reclaim)
        files.prepare(row["class_name"], code)
        uid = bot_uid(bot_id) if os.geteuid() == 0 else None
        api_creds = new_api_credentials(gateway.API_PORT)
        await self._write_config(row, files, api_creds, confined=True)
        write_private(files.relay, gateway.relay_config(str(files.root)))
        bot_gateway = BotGateway(
            str(bot_id),
            str(files.root),
            await gateway.allowed_destinations(settings, row["exchange"], str(bot_id)),
            gateway.database_target(self._bots_database_url),
            owner=uid,
            db_user=botdb.login_user(self._bots_database_url, row["id"]),
        )
        await bot_gateway.start()
        api = UnixSocketApi(api_creds, str(files.root), gateway.API_SOCKET)
        try:
            if uid is not None:
                await asyncio.to_thread(files.hand_over, uid)
            launched = time.monotonic()
            process = await self._spawn_sandboxed(bot_id, files, row["class_name"], uid)
        except BaseException:
            bot_gateway.close()
            await api.close()
            raise
        # Whenever this process ends (stop, crash, kill), its gateway and API client go.
        process.exited.add_done_callback(lambda _: self._release(bot_gateway, api))
        try:
            await self._wait_ready(api, process, files, settings.sandbox_bot_ping_timeout_s)
            if row["desired_state"] == "paused":
                await api.request("POST", "stopentry")
        except BaseException:
            process.signal_group(signal.SIGKILL)  # never a sandbox nobody tracks
            raise
        ready = time.monotonic() - launched
        log.info("bot %s started in the sandbox (uid %s) in %.1f s", bot_id, uid, ready)
        return RunningBot(bot_id, row["user_id"], lease, files, process, api, None, ready)

    def _release(self, bot_gateway: BotGateway, api: FreqtradeApi) -> None:
        bot_gateway.close()
        task = asyncio.get_running_loop().create_task(api.close())
        self._cleanups.add(task)
        task.add_done_callback(self._cleanups.discard)

    async def _write_config(
        self, row: asyncpg.Record, files: BotFiles, api: ApiCredentials, confined: bool = False
    ) -> None:
        settings = self.runtime.settings
        async with self.runtime.db.as_owner() as conn:
            bot_db = await self._provision(conn, row)
            secret = await conn.fetchval(
                "update bots set webhook_secret = coalesce(webhook_secret, $2) where id = $1"
                " returning webhook_secret",
                row["id"],
                uuid.uuid4().hex + uuid.uuid4().hex,
            )
        credentials = None
        if not row["dry_run"]:
            credentials = await load_credentials(
                self.runtime.db, self.runtime.vault, row["exchange_key_id"], owner=row["user_id"]
            )
        spec = BotSpec(
            str(row["id"]),
            row["name"],
            row["exchange"],
            row["pair"],
            row["timeframe"],
            float(row["stake_amount"]),
            row["stake_currency"],
            row["dry_run"],
            row["class_name"],
        )
        db_url = botdb.freqtrade_db_url(self._bots_database_url, bot_db)
        config = build_config(
            spec,
            exchange_section=exchange_section(settings, row["exchange"]),
            api=api,
            db_url=gateway.sandboxed_db_url(db_url) if confined else db_url,
            webhook_url=f"{settings.webhook_base_url}/hooks/freqtrade/{row['id']}/{secret}",
            credentials=credentials,
        )
        if confined:
            https = gateway.exchange_uses_https(settings)
            route_through_relay(config, gateway.PROXY_URL, https=https)
        write_private(files.config, config)

    async def _spawn(self, bot_id: uuid.UUID, files: BotFiles, class_name: str) -> BotProcess:
        settings = self.runtime.settings
        limits = Limits(
            memory_bytes=self.memory_limit_mb * 1024**2,
            cpu_seconds=settings.bot_cpu_limit_s,
        )
        spec = LaunchSpec(
            str(bot_id),
            files.argv(class_name),
            str(files.root),
            str(files.stderr),
            scrubbed_env(str(files.root)),
            limits,
        )
        return await self.launcher.launch(spec)

    async def _spawn_sandboxed(
        self, bot_id: uuid.UUID, files: BotFiles, class_name: str, uid: int | None
    ) -> BotProcess:
        settings = self.runtime.settings
        limits = Limits(
            memory_bytes=self.memory_limit_mb * 1024**2,
            cpu_seconds=settings.bot_cpu_limit_s,
            open_files=settings.bot_open_files,
        )
        # No secret of ours in here: the bot's own ones are in its config file only.
        env = scrubbed_env(str(files.root), {"MALLOC_ARENA_MAX": "2"})
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
            env[name] = gateway.PROXY_URL  # the webhook (requests) goes through the gateway
        spec = LaunchSpec(
            str(bot_id),
            files.argv(class_name),
            str(files.root),
            str(files.stderr),
            env,
            limits,
        )
        sandboxed = SandboxSpec(
            spec,
            uid,
            str(files.relay),
            max_processes=settings.sandbox_bot_max_processes,
            file_size_mb=settings.sandbox_bot_file_size_mb,
        )
        return await self.sandbox_launcher.launch(sandboxed)

    async def restart(self, bot: RunningBot) -> bool:
        """Relaunch a crashed bot under the lease it still holds."""
        async with self.runtime.db.as_service() as conn:
            row = await conn.fetchrow(_BOT_QUERY, bot.bot_id)
        if row is None or row["desired_state"] == "stopped":
            await self._forget(bot)
            return False
        try:
            fresh = await self._launch(row, bot.lease)
        except StartFailedError as exc:
            log.warning("bot %s restart failed: %s", bot.bot_id, exc.args[0])
            return False
        bot.process, bot.api, bot.port = fresh.process, fresh.api, fresh.port
        bot.started, bot.restart_at, bot.stopping = fresh.started, None, False
        await self._mark_running(row, bot, restarted=True)
        return True

    async def stop(self, bot_id: uuid.UUID, reason: str = "user") -> dict[str, Any]:
        """Stop gracefully: Freqtrade /stop, then SIGTERM, then SIGKILL; report open trades."""
        bot = self.bots.get(bot_id)
        if bot is None:
            return {"stopped": False, "detail": "not_running_here"}
        bot.stopping = True
        open_trades = await self._open_trade_count(bot)
        with contextlib.suppress(TemporaryError):
            await bot.api.request("POST", "stop", timeout=3)
        bot.process.signal_group(signal.SIGTERM)
        if await bot.process.wait(10) is None:
            bot.process.signal_group(signal.SIGKILL)
            await bot.process.wait(5)
        await self._forget(bot)
        async with self.runtime.db.as_service() as conn:
            await conn.execute(
                "update bots set status = 'stopped', worker = null, stopped_at = now(),"
                " api_port = null where id = $1 and lease_token = $2",
                bot_id,
                bot.lease.token,
            )
            await record_event(
                conn, bot.user_id, bot_id, "stopped", reason, data={"open_trades": open_trades}
            )
        # Live dashboard: after the commit (announce_bots logs its own failures, never raises).
        await announce_bots(self.runtime.db, self.runtime.redis, [bot_id])
        return {"stopped": True, "open_trades": open_trades}

    async def apply_state(self, bot_id: uuid.UUID) -> dict[str, Any]:
        """Make a running bot's entries match its desired state (paused or running)."""
        bot = self.bots.get(bot_id)
        if bot is None:
            return {"applied": False, "detail": "not_running_here"}
        async with self.runtime.db.as_service() as conn:
            desired = await conn.fetchval("select desired_state from bots where id = $1", bot_id)
        if desired not in ("paused", "running"):
            return {"applied": False, "detail": f"desired_{desired}"}
        await bot.api.request("POST", "stopentry" if desired == "paused" else "start")
        async with self.runtime.db.as_service() as conn:
            await conn.execute(
                "update bots set status = $2 where id = $1 and lease_token = $3",
                bot_id,
                desired,
                bot.lease.token,
            )
            await record_event(
                conn,
                bot.user_id,
                bot_id,
                desired,
                "entries " + ("stopped" if desired == "paused" else "allowed"),
            )
        # Live dashboard: after the commit (announce_bots logs its own failures, never raises).
        await announce_bots(self.runtime.db, self.runtime.redis, [bot_id])
        return {"applied": True, "state": desired}

    async def _open_trade_count(self, bot: RunningBot) -> int | None:
        try:
            data = await bot.api.request("GET", "count", timeout=3)
        except TemporaryError:
            return None
        return int(data.get("current", 0))

    async def _forget(self, bot: RunningBot) -> None:
        self.bots.pop(bot.bot_id, None)
        await self.leases.release(bot.lease)

    def kill_now(self, bot: RunningBot) -> None:
        """Kill a bot at once (its lease is lost): never two live processes for one bot."""
        bot.stopping = True
        bot.process.signal_group(signal.SIGKILL)
        self.bots.pop(bot.bot_id, None)

    async def _mark_running(
        self, row: asyncpg.Record, bot: RunningBot, restarted: bool = False
    ) -> None:
        started = StartedBot(bot.bot_id, bot.user_id, bot.lease.token, bot.port, len(bot.crashes))
        await record_running(self.runtime, self.name, row, started, restarted=restarted)

    async def mark_failed(self, row: asyncpg.Record, reason: str, tail: list[str]) -> None:
        """Record that a bot failed (it stays stopped) and tell its owner."""
        await record_failed(self.runtime, row, reason, tail)


class StartFailedError(Exception):
    """A bot could not start; args[0] is a short machine-readable reason."""
