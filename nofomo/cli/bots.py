"""`nofomo bots list|start|stop|logs`: operator commands by bot id."""

from __future__ import annotations

import argparse
import uuid
from typing import Any

from orchestrator.bots import operator as operator_bots
from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.core.settings import Settings


def register(sub: Any) -> None:
    """Add the operator bot commands to the parser."""
    bots = sub.add_parser("bots", help="operator bot commands").add_subparsers(
        dest="bots", required=True
    )
    bots.add_parser("list", help="list every bot").set_defaults(handler=cmd_list)
    for name, handler in (("start", cmd_start), ("stop", cmd_stop), ("logs", cmd_logs)):
        parser = bots.add_parser(name, help=f"{name} a bot by id")
        parser.add_argument("bot_id", type=uuid.UUID)
        if name == "logs":
            parser.add_argument("--lines", type=int, default=50)
        parser.set_defaults(handler=handler)


async def _with_runtime(settings: Settings, action: Any) -> int:
    runtime = await Runtime.open(settings)
    try:
        await action(runtime)
    except UserFacingError as exc:
        print(f"nofomo: {exc.key}")
        return 1
    finally:
        await runtime.close()
    return 0


async def cmd_list(settings: Settings, args: argparse.Namespace) -> int:
    """Print one line per bot."""

    async def action(runtime: Runtime) -> None:
        for bot in await operator_bots.list_all(runtime):
            mode = "dry" if bot.dry_run else "LIVE"
            print(
                f"{bot.id}  {bot.status:<8} want={bot.desired_state:<7} {mode:<4}"
                f" {bot.exchange}:{bot.pair:<10} worker={bot.worker or '-'}"
                f"  {bot.failure_reason or ''}".rstrip()
            )

    return await _with_runtime(settings, action)


async def cmd_start(settings: Settings, args: argparse.Namespace) -> int:
    """Ask for a bot to run."""

    async def action(runtime: Runtime) -> None:
        worker = await operator_bots.start(runtime, args.bot_id)
        print(f"start queued on {worker}" if worker else "start wanted; reconcile will place it")

    return await _with_runtime(settings, action)


async def cmd_stop(settings: Settings, args: argparse.Namespace) -> int:
    """Ask for a bot to stop."""

    async def action(runtime: Runtime) -> None:
        worker = await operator_bots.stop(runtime, args.bot_id)
        print(f"stop queued on {worker}" if worker else "bot was not running; marked stopped")

    return await _with_runtime(settings, action)


async def cmd_logs(settings: Settings, args: argparse.Namespace) -> int:
    """Print a running bot's last log lines."""

    async def action(runtime: Runtime) -> None:
        for line in await operator_bots.logs(runtime, args.bot_id, args.lines):
            print(line)

    return await _with_runtime(settings, action)
