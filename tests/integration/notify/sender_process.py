"""One alert sender process, wired as `nofomo web` wires it; the load test starts two.

    python -m tests.integration.notify.sender_process DATABASE_URL REDIS_URL TOKEN API FILES

It prints "ready" once it runs, delivers the outbox until SIGTERM, then prints its
counters as one line of JSON.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from contextlib import AsyncExitStack

import redis.asyncio as aioredis

from nofomo.cli.telegram import alert_sender
from orchestrator.db.pool import Database


async def main(database_url: str, redis_url: str, token: str, api: str, files: str) -> None:
    """Run the sender until SIGTERM, then report its counters."""
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    db = await Database.connect(database_url, max_size=4)
    redis = aioredis.from_url(redis_url)
    try:
        async with AsyncExitStack() as stack:
            sender = await alert_sender(
                stack, db, redis, token=token, base_url=api, base_file_url=files
            )
            print("ready", flush=True)
            await sender.run_forever(stop)
        print(json.dumps(sender.stats.as_dict()), flush=True)
    finally:
        await redis.aclose()
        await db.close()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:6]))
