"""Run the Tripay emulator alone: `python -m emulators.tripay --port 8083`.

`--callback-interval SECONDS` shortens the 2 minutes between callback tries.

Point NoFOMO at it with TRIPAY_BASE_URL and the three credentials it logs; they are test
credentials of this emulator only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal

from emulators.tripay.server import TripayEmulator

log = logging.getLogger("emulators.tripay")
_LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="python -m emulators.tripay", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8083, help="TCP port (0 picks a free one)")
    parser.add_argument(
        "--callback-interval",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="wait between callback tries (Tripay: 120)",
    )
    parser.add_argument("--callback-tries", type=int, default=3, help="tries per callback")
    parser.add_argument("--merchant-code", default="T00001")
    parser.add_argument(
        "--api-key",
        help="accept only this API key (default: a random one, logged)",
    )
    parser.add_argument(
        "--private-key",
        help="sign with this private key (default: a random one, logged)",
    )
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    """Serve until SIGTERM or Ctrl-C."""
    emulator = TripayEmulator(
        args.port,
        host=args.host,
        api_key=args.api_key,
        private_key=args.private_key,
        merchant_code=args.merchant_code,
        callback_interval_s=args.callback_interval,
        callback_tries=args.callback_tries,
    )
    async with emulator:
        log.info("Tripay emulator listening; set TRIPAY_BASE_URL=%s", emulator.url)
        log.info("control API at %s/_emu/", emulator.root_url)
        # Made up for this run, so the operator must see them; they open only this emulator.
        if args.api_key is None:
            log.info("TRIPAY_API_KEY=%s", emulator.api_key)
        if args.private_key is None:
            log.info("TRIPAY_PRIVATE_KEY=%s", emulator.private_key)
        log.info("TRIPAY_MERCHANT_CODE=%s", emulator.merchant_code)
        await _interrupted()


async def _interrupted() -> None:
    """Wait for Ctrl-C or SIGTERM.

    Explicit handlers, because a process started in the background by a shell inherits
    SIGINT as ignored, and Python then never raises KeyboardInterrupt.
    """
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and serve."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format=_LOG_FORMAT)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args))


if __name__ == "__main__":
    main()
