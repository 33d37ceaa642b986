"""Run the emulator standalone: `python -m emulators.telegram --port 8081 [--state FILE]`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from emulators.telegram.app import TelegramEmulator


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="python -m emulators.telegram", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-flood-limits", action="store_true", help="never answer 429")
    parser.add_argument("--bot-username", default="nofomo_test_bot")
    parser.add_argument(
        "--state",
        metavar="FILE",
        help="keep users and chats in this JSON file across restarts (default: forget them)",
    )
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    """Run the emulator until interrupted."""
    emulator = TelegramEmulator(
        args.port,
        host=args.host,
        flood_limits=not args.no_flood_limits,
        seed=args.seed,
        bot_username=args.bot_username,
        state_path=args.state,
    )
    async with emulator:
        print(f"Telegram emulator chat page: {emulator.url}/", flush=True)
        print(f"  bot base_url:      {emulator.bot_base_url}", flush=True)
        print(f"  bot base_file_url: {emulator.file_base_url}", flush=True)
        if args.state:
            print(f"  chats kept in:     {args.state}", flush=True)
        await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and serve."""
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
