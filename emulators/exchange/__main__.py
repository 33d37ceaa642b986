"""Run the exchange emulator standalone: python -m emulators.exchange --port 8082 --seed 42."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from collections.abc import Sequence
from pathlib import Path

from emulators.exchange.server import ExchangeEmulator
from emulators.exchange.state import EmulatorSettings


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m emulators.exchange", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8082, help="0 picks a free port")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--csv",
        action="append",
        default=[],
        metavar="SYMBOL=PATH",
        help="replay timestamp,open,high,low,close,volume rows for a symbol (repeatable)",
    )
    return parser.parse_args(argv)


def csv_files(pairs: Sequence[str]) -> dict[str, Path]:
    """Turn SYMBOL=PATH arguments into a mapping."""
    files: dict[str, Path] = {}
    for pair in pairs:
        symbol, _, path = pair.partition("=")
        if not path:
            raise SystemExit(f"--csv expects SYMBOL=PATH, got {pair!r}")
        files[symbol.upper()] = Path(path)
    return files


async def serve(args: argparse.Namespace) -> None:
    """Serve until SIGINT or SIGTERM."""
    settings = EmulatorSettings(seed=args.seed, csv_files=csv_files(args.csv))
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopped.set)
    async with ExchangeEmulator(settings, host=args.host, port=args.port) as emulator:
        logging.info("exchange emulator on %s (seed %d)", emulator.url, args.seed)
        print(f"exchange emulator listening on {emulator.url}", flush=True)
        await stopped.wait()


def main(argv: Sequence[str] | None = None) -> None:
    """Run the emulator from the command line."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
