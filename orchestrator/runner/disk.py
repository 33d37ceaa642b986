"""Keep bots' directories within bounds: trim console logs, stop sandboxed bots that hog disk.

Freqtrade rotates its own log file, but everything it logs also goes to the console,
which we append to `stderr.log` for as long as the bot lives: that file is trimmed.
Custom code can write anything into its own directory, the only place it may write: a
bot whose directory outgrows its budget (bytes or entries) is killed, failed and told,
and what it wrote is removed, so one tenant cannot fill the worker's disk.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
from pathlib import Path

from ai_strategies.jail import dir_usage
from orchestrator.runner.files import BotFiles
from orchestrator.runner.launchers import SandboxedProcess
from orchestrator.runner.manager import BotManager, RunningBot

log = logging.getLogger(__name__)

MIB = 1024 * 1024
CONSOLE_LOG_CAP = 32 * MIB
CONSOLE_LOG_KEEP = 1 * MIB


def trim_console_log(path: Path, cap: int = CONSOLE_LOG_CAP, keep: int = CONSOLE_LOG_KEEP) -> bool:
    """Cut `path` down to its last `keep` bytes once it is over `cap`; say whether it was."""
    try:
        if path.stat().st_size <= cap:
            return False
        with path.open("r+b") as file:
            file.seek(-keep, os.SEEK_END)
            tail = file.read()
            # The writer appends (O_APPEND): after the truncate its next line lands at the end.
            file.seek(0)
            file.truncate()
            file.write(b"[earlier console output trimmed]\n" + tail.partition(b"\n")[2])
    except OSError:
        return False
    return True


def clear_written(files: BotFiles) -> None:
    """Remove everything a bot wrote besides what we put there, and trim its logs."""
    ours = {files.config, files.strategies, files.userdir, files.log, files.stderr, files.relay}
    for entry in files.root.iterdir():
        if entry in ours:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()
    shutil.rmtree(files.userdir, ignore_errors=True)
    for path in (files.log, files.stderr):
        trim_console_log(path, cap=CONSOLE_LOG_KEEP)


async def disk_once(manager: BotManager) -> None:
    """Trim every bot's console log; stop sandboxed bots over their disk budget."""
    settings = manager.runtime.settings
    budget = settings.sandbox_bot_disk_mb * MIB
    for bot in list(manager.bots.values()):
        if bot.stopping:
            continue
        await asyncio.to_thread(trim_console_log, bot.files.stderr)
        if not isinstance(bot.process, SandboxedProcess):
            continue  # our own rendered strategies: they write nothing of their own
        used, entries = await asyncio.to_thread(dir_usage, bot.files.root)
        if used > budget or entries > settings.sandbox_bot_max_entries:
            await _stop_hog(manager, bot, used, entries)


async def _stop_hog(manager: BotManager, bot: RunningBot, used: int, entries: int) -> None:
    settings = manager.runtime.settings
    reason = (
        f"disk_limit: the strategy wrote {used // MIB} MiB in {entries} files to its directory;"
        f" the limit is {settings.sandbox_bot_disk_mb} MiB in"
        f" {settings.sandbox_bot_max_entries} files"
    )
    log.warning("bot %s: %s; stopping it", bot.bot_id, reason)
    manager.kill_now(bot)
    await manager.leases.release(bot.lease)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.shield(bot.process.exited), 10)
    tail = bot.files.tail(20)
    await asyncio.to_thread(bot.files.reclaim)
    await asyncio.to_thread(clear_written, bot.files)
    async with manager.runtime.db.as_service() as conn:
        row = await conn.fetchrow("select id, user_id, name from bots where id = $1", bot.bot_id)
    if row is not None:
        await manager.mark_failed(row, reason, tail)
