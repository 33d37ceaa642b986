"""The `nofomo` command line: the composition root that wires every package together.

This package is the only place allowed to import the interface packages
(`web_minimal`, `telegram_bot`); it does so to start them.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from orchestrator.core.errors import NoFomoError
from orchestrator.core.hardening import harden_process
from orchestrator.core.logs import setup_logging
from orchestrator.core.settings import Settings, load_settings

log = logging.getLogger("nofomo")

Command = Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int]]


def build_parser() -> argparse.ArgumentParser:
    """Describe every subcommand."""
    from nofomo.cli import admin, bots, serve, strategy

    parser = argparse.ArgumentParser(prog="nofomo", description="NoFOMO trading assistant")
    sub = parser.add_subparsers(dest="command", required=True)
    serve.register(sub)
    admin.register(sub)
    bots.register(sub)
    strategy.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    """Run one subcommand and exit with its status, printing errors as one line."""
    # python-telegram-bot 22: timedelta retry_after instead of a deprecation warning.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    command: Command = args.handler
    try:
        settings = load_settings()
        setup_logging(settings)
        harden_process(settings)
        code = asyncio.run(command(settings, args))
    except NoFomoError as exc:
        print(f"nofomo: error: {exc}", file=sys.stderr)
        code = 2
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)
