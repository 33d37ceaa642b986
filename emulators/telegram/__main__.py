"""Run the emulator on its own: `python -m emulators.telegram --port 8081 [--data-dir DIR]`.

Point the bot at it with TELEGRAM_API_BASE_URL=http://127.0.0.1:8081; its chats then outlive
the bot's restarts (and its own, with --data-dir or --state).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
from pathlib import Path

from emulators.telegram.app import TelegramEmulator

# Where `nofomo up` keeps the emulator's chats under DATA_DIR (nofomo/cli/telegram.py).
STATE_IN_DATA_DIR = Path("telegram-emulator") / "state.json"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="python -m emulators.telegram", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-flood-limits", action="store_true", help="never answer 429")
    parser.add_argument("--bot-username", default="nofomo_test_bot")
    kept = parser.add_mutually_exclusive_group()
    kept.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        help=f"keep users and chats where `nofomo up` does: DIR/{STATE_IN_DATA_DIR}",
    )
    kept.add_argument(
        "--state",
        metavar="FILE",
        help="keep users and chats in this JSON file across restarts (default: forget them)",
    )
    return parser.parse_args(argv)


def state_path(args: argparse.Namespace) -> Path | None:
    """Return the file the chats are kept in; None to forget them on exit."""
    if args.data_dir is not None:
        return Path(args.data_dir).expanduser().resolve() / STATE_IN_DATA_DIR
    return Path(args.state) if args.state else None


async def serve(args: argparse.Namespace) -> None:
    """Run the emulator until interrupted."""
    state = state_path(args)
    emulator = TelegramEmulator(
        args.port,
        host=args.host,
        flood_limits=not args.no_flood_limits,
        seed=args.seed,
        bot_username=args.bot_username,
        state_path=state,
    )
    async with emulator:
        print(f"Telegram emulator chat page: {emulator.url}/", flush=True)
        print(f"  bot base_url:      {emulator.bot_base_url}", flush=True)
        print(f"  bot base_file_url: {emulator.file_base_url}", flush=True)
        print(f"  for NoFOMO:        TELEGRAM_API_BASE_URL={emulator.url}", flush=True)
        if state is not None:
            print(f"  chats kept in:     {state}", flush=True)
        await _interrupted()


async def _interrupted() -> None:
    """Wait for Ctrl-C or SIGTERM.

    Explicit handlers, because a process started in the background by a shell inherits SIGINT
    as ignored, and Python then never raises KeyboardInterrupt: the emulator would not stop
    (nor save its chats).
    """
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and serve."""
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
