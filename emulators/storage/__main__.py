"""Run the Storage emulator standalone: `python -m emulators.storage --port 8084`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal

from emulators.storage.server import StorageEmulator

log = logging.getLogger("emulators.storage")
_LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


async def serve(port: int, service_key: str | None) -> None:
    """Serve until SIGTERM or Ctrl-C."""
    stopping = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
    async with StorageEmulator(port, service_key=service_key) as emulator:
        log.info("storage emulator listening; set SUPABASE_URL=%s", emulator.url)
        if service_key is None:  # a key made up for this run: the operator needs to see it
            log.info("SUPABASE_SERVICE_KEY=%s", emulator.service_key)
        await stopping.wait()


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and serve."""
    parser = argparse.ArgumentParser(prog="python -m emulators.storage", description=__doc__)
    parser.add_argument("--port", type=int, default=8084, help="TCP port on 127.0.0.1")
    parser.add_argument(
        "--service-key",
        default=os.environ.get("SUPABASE_SERVICE_KEY"),
        help="accept only this key (default: $SUPABASE_SERVICE_KEY, else a random one)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format=_LOG_FORMAT)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.port, args.service_key))


if __name__ == "__main__":
    main()
