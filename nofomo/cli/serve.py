"""Long-running commands: `up`, `web`, `worker` and `bot`.

Settings are built once: local emulators start first, so the one settings object the
runtime opens with already holds their addresses, and no starter ever replaces it.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from typing import Any

from aiohttp import web
from pydantic import SecretStr

from emulators.exchange import ExchangeEmulator
from emulators.tripay import TripayEmulator
from nofomo.cli.telegram import Wiring, build_telegram, run_telegram
from nofomo.worker import build_node
from orchestrator.core.runtime import Runtime
from orchestrator.core.settings import Settings
from orchestrator.core.sizing import ProcessRole, db_pool_max
from orchestrator.keys.fingerprint import check_vault_keys
from web_minimal.app import create_app

log = logging.getLogger("nofomo")

Starter = Callable[[Runtime, AsyncExitStack, Wiring], Awaitable[None]]


def register(sub: Any) -> None:
    """Add the serving subcommands to the parser."""
    up = sub.add_parser("up", help="run the whole system (embedded services when no URLs)")
    up.set_defaults(handler=cmd_up)
    web_cmd = sub.add_parser("web", help="run the web app only")
    web_cmd.set_defaults(handler=cmd_web)
    worker_cmd = sub.add_parser("worker", help="run an arq worker only")
    worker_cmd.set_defaults(handler=cmd_worker)
    bot_cmd = sub.add_parser("bot", help="run the Telegram bot only")
    bot_cmd.set_defaults(handler=cmd_bot)


async def start_web(runtime: Runtime, stack: AsyncExitStack, wiring: Wiring) -> None:
    """Serve the aiohttp app on HOST:PORT until the stack closes."""
    app = create_app(runtime)
    for add_route in wiring.web_routes:
        add_route(app)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    stack.push_async_callback(runner.cleanup)
    site = web.TCPSite(runner, runtime.settings.host, runtime.settings.port)
    await site.start()
    log.info("web app on http://%s:%s (health: /healthz)", *_address(runtime.settings))


async def start_worker(runtime: Runtime, stack: AsyncExitStack, wiring: Wiring) -> None:
    """Run a worker node (arq consumers and bot supervision) until the stack closes."""
    node = build_node(runtime)
    stack.push_async_callback(node.close)
    await node.run()


async def with_exchange_emulator(settings: Settings, stack: AsyncExitStack) -> Settings:
    """In local mode, serve the exchange emulator; return the settings that point at it."""
    if not (settings.is_local and settings.uses_exchange_emulator):
        return settings
    if settings.exchange_emulator_url:
        return settings  # someone else runs it
    emulator = ExchangeEmulator(port=settings.exchange_emulator_port)
    try:
        await emulator.start()
    except OSError:
        # The configured port is taken (another local instance?): any free port will do.
        emulator = ExchangeEmulator(port=0)
        await emulator.start()
    stack.push_async_callback(emulator.stop)
    log.info("exchange emulator (Binance/Bybit) on %s", emulator.url)
    return settings.model_copy(update={"exchange_emulator_url": emulator.url})


async def with_tripay_emulator(settings: Settings, stack: AsyncExitStack) -> Settings:
    """In local mode without Tripay credentials, serve the Tripay emulator and point at it."""
    if not settings.is_local or settings.tripay_api_key is not None:
        return settings
    interval = settings.tripay_emulator_callback_interval_s
    emulator = TripayEmulator(settings.tripay_emulator_port, callback_interval_s=interval)
    try:
        await emulator.start()
    except OSError:  # the port is taken (another local instance?): any free port will do
        emulator = TripayEmulator(0, callback_interval_s=interval)
        await emulator.start()
    stack.push_async_callback(emulator.stop)
    # Sandbox-style test credentials of the emulator only; it takes no real money.
    log.info("Tripay emulator on %s (payments: %s_emu/pay)", emulator.url, emulator.root_url + "/")
    return settings.model_copy(
        update={
            "tripay_base_url": emulator.url,
            "tripay_api_key": SecretStr(emulator.api_key),
            "tripay_private_key": SecretStr(emulator.private_key),
            "tripay_merchant_code": emulator.merchant_code,
        }
    )


def _address(settings: Settings) -> tuple[str, int]:
    return settings.host, settings.port


async def serve(
    settings: Settings, starters: list[Starter], *, role: ProcessRole, emulator: bool = False
) -> int:
    """Open the runtime, start each component, and wait for SIGTERM or Ctrl-C."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    if role != "worker":
        settings.require_public_base_url()  # the worker has no webhook to announce
    async with AsyncExitStack() as stack:
        if emulator:
            settings = await with_exchange_emulator(settings, stack)
        if role != "worker":  # web takes callbacks; the worker polls what `up` or web serve
            settings = await with_tripay_emulator(settings, stack)
        runtime = await Runtime.open(settings, pool_max=db_pool_max(settings, role))
        stack.push_async_callback(runtime.close)
        await check_vault_keys(runtime.db, runtime.vault)  # before any key is used
        wiring = Wiring()
        for starter in starters:
            await starter(runtime, stack, wiring)
        log.info("NoFOMO is up; press Ctrl-C to stop")
        await stop.wait()
        log.info("shutting down")
    log.info("stopped cleanly")
    return 0


async def cmd_up(settings: Settings, args: argparse.Namespace) -> int:
    """Run the web app, the worker and the bot in one process."""
    starters: list[Starter] = [build_telegram, start_web, start_worker, run_telegram]
    return await serve(settings, starters, role="all", emulator=True)


async def cmd_web(settings: Settings, args: argparse.Namespace) -> int:
    """Run the web app, with the Telegram webhook and alert sender when configured."""
    return await serve(settings, [build_telegram, start_web, run_telegram], role="web")


async def cmd_worker(settings: Settings, args: argparse.Namespace) -> int:
    """Run only an arq worker (with the exchange emulator in local mode)."""
    return await serve(settings, [start_worker], role="worker", emulator=True)


async def cmd_bot(settings: Settings, args: argparse.Namespace) -> int:
    """Run only the Telegram bot (polling, or the emulator offline) and the alert sender."""
    return await serve(settings, [build_telegram, run_telegram], role="web")
