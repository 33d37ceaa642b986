"""Long-running commands: `up`, `web` and `worker`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from typing import Any

from nofomo.cli.telegram import Wiring, build_telegram, run_telegram
from orchestrator.core.runtime import Runtime
from orchestrator.core.settings import Settings

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
    from aiohttp import web

    from web_minimal.app import create_app

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
    from nofomo.worker import build_node

    node = build_node(runtime)
    stack.push_async_callback(node.close)
    await node.run()


async def start_exchange_emulator(runtime: Runtime, stack: AsyncExitStack, wiring: Wiring) -> None:
    """In local mode, serve the exchange emulator that bots and key checks talk to."""
    settings = runtime.settings
    if not (settings.is_local and settings.uses_exchange_emulator):
        return
    if settings.exchange_emulator_url:
        return  # someone else runs it
    from emulators.exchange import ExchangeEmulator

    emulator = ExchangeEmulator(port=settings.exchange_emulator_port)
    try:
        await emulator.start()
    except OSError:
        # The configured port is taken (another local instance?): any free port will do.
        emulator = ExchangeEmulator(port=0)
        await emulator.start()
    stack.push_async_callback(emulator.stop)
    runtime.settings = settings.model_copy(update={"exchange_emulator_url": emulator.url})
    log.info("exchange emulator (Binance/Bybit) on %s", emulator.url)


def _address(settings: Settings) -> tuple[str, int]:
    return settings.host, settings.port


async def serve(settings: Settings, starters: list[Starter]) -> int:
    """Open the runtime, start each component, and wait for SIGTERM or Ctrl-C."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    runtime = await Runtime.open(settings)
    try:
        async with AsyncExitStack() as stack:
            wiring = Wiring()
            for starter in starters:
                await starter(runtime, stack, wiring)
            log.info("NoFOMO is up; press Ctrl-C to stop")
            await stop.wait()
            log.info("shutting down")
    finally:
        await runtime.close()
    log.info("stopped cleanly")
    return 0


async def cmd_up(settings: Settings, args: argparse.Namespace) -> int:
    """Run the web app, the worker and the bot in one process."""
    return await serve(
        settings,
        [start_exchange_emulator, build_telegram, start_web, start_worker, run_telegram],
    )


async def cmd_web(settings: Settings, args: argparse.Namespace) -> int:
    """Run the web app, with the Telegram webhook and alert sender when configured."""
    return await serve(settings, [build_telegram, start_web, run_telegram])


async def cmd_worker(settings: Settings, args: argparse.Namespace) -> int:
    """Run only an arq worker (with the exchange emulator in local mode)."""
    return await serve(settings, [start_exchange_emulator, start_worker])


async def cmd_bot(settings: Settings, args: argparse.Namespace) -> int:
    """Run only the Telegram bot (polling, or the emulator offline) and the alert sender."""
    return await serve(settings, [build_telegram, run_telegram])
