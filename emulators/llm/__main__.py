"""Run the LLM emulator standalone: `python -m emulators.llm --port 8083`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal

from emulators.llm.server import LLMEmulator

log = logging.getLogger("emulators.llm")
_LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


async def serve(port: int, api_key: str | None) -> None:
    """Serve until SIGTERM or Ctrl-C."""
    stopping = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
    async with LLMEmulator(port, api_key=api_key) as emulator:
        log.info("LLM emulator listening; set LLM_BASE_URL=%s", emulator.base_url)
        await stopping.wait()


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and serve."""
    parser = argparse.ArgumentParser(prog="python -m emulators.llm", description=__doc__)
    parser.add_argument("--port", type=int, default=8083, help="TCP port on 127.0.0.1")
    parser.add_argument(
        "--api-key", default=None, help="accept only this key (default: any non-empty key)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format=_LOG_FORMAT)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.port, args.api_key))


if __name__ == "__main__":
    main()
