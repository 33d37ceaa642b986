"""Web and worker must hold the same vault keys: the real CLI refuses a stranger's keys.

Each test gets a database of its own: the first process to start records its keys there
(never the session database, which other tests' processes start on with their own keys).
"""

from __future__ import annotations

import asyncio
import base64
import signal
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import asyncpg
import pytest

from orchestrator.db.migrate import migrate
from orchestrator.db.pool import Database
from orchestrator.keys.fingerprint import check_vault_keys
from orchestrator.keys.vault import Vault
from tests.support.databases import create_database, drop_database
from tests.support.processes import NOFOMO, clean_env, free_port, run_nofomo
from tests.support.waiting import eventually

KEYS = {version: bytes([version]) * 32 for version in (1, 2, 9)}


def entry(version: int, key: bytes | None = None) -> str:
    return f"{version}:{base64.b64encode(key or KEYS[version]).decode()}"


@pytest.fixture
async def fresh_database(pg_server_url: str) -> AsyncIterator[str]:
    url = await create_database(pg_server_url, prefix="nofomo_vault")
    yield url
    await drop_database(pg_server_url, url)


def web_env(tmp_path: Path, database_url: str, redis_url: str, vault_keys: str) -> dict[str, str]:
    return clean_env(
        DATA_DIR=str(tmp_path / "state"),
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        VAULT_KEYS=vault_keys,
        PORT=str(free_port()),
        TELEGRAM_EMULATOR_PORT=str(free_port()),
        LOG_LEVEL="ERROR",
    )


def spawn(command: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*NOFOMO, command], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


async def refused(command: str, env: dict[str, str]) -> tuple[str, str]:
    """Run a command that must refuse to start; return its one error line and all of stderr."""
    result = await asyncio.to_thread(run_nofomo, command, env=env)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0], result.stderr


async def start_and_stop_web(env: dict[str, str]) -> None:
    """Run `nofomo web` until it is healthy, then stop it with SIGTERM as Render does."""
    proc = spawn("web", env)
    url = f"http://127.0.0.1:{env['PORT']}/healthz"

    async def healthy() -> bool:
        assert proc.poll() is None, proc.communicate()[1]
        try:
            async with aiohttp.ClientSession() as session, session.get(url) as resp:
                return resp.status == 200
        except aiohttp.ClientConnectionError:
            return False

    try:
        await eventually(healthy, within=60, what="nofomo web healthy")
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err


async def recorded(database_url: str) -> dict[int, str]:
    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch("select version, fingerprint from internal.vault_key_fingerprints")
    finally:
        await conn.close()
    return {row["version"]: row["fingerprint"] for row in rows}


async def record_keys(database_url: str, vault: Vault) -> None:
    """Migrate the database and record `vault`'s keys, as the first process to start does."""
    db = await Database.connect(database_url, max_size=1)
    try:
        async with db.pool.acquire() as conn:
            await migrate(conn)
        await check_vault_keys(db, vault)
    finally:
        await db.close()


async def test_a_process_with_other_keys_refuses_to_start(
    tmp_path: Path, fresh_database: str, redis_url: str
) -> None:
    await record_keys(fresh_database, Vault({1: KEYS[1]}))

    stranger = entry(1, b"s" * 32)
    line, stderr = await refused("worker", web_env(tmp_path, fresh_database, redis_url, stranger))
    assert line.startswith("nofomo: error: VAULT_KEYS does not match")
    assert "version(s) 1 differ" in line
    assert stranger.split(":")[1] not in stderr and entry(1).split(":")[1] not in stderr
    assert await recorded(fresh_database) == Vault({1: KEYS[1]}).fingerprints()


@pytest.mark.slow  # boots `nofomo web` twice
@pytest.mark.timeout(300)
async def test_a_rotation_adds_a_version_and_old_versions_stay_required(
    tmp_path: Path, fresh_database: str, redis_url: str
) -> None:
    await start_and_stop_web(web_env(tmp_path, fresh_database, redis_url, entry(1)))
    assert await recorded(fresh_database) == Vault({1: KEYS[1]}).fingerprints()
    rotated = f"{entry(1)},{entry(2)}"
    await start_and_stop_web(web_env(tmp_path, fresh_database, redis_url, rotated))
    assert await recorded(fresh_database) == Vault({1: KEYS[1], 2: KEYS[2]}).fingerprints()

    # A process left on the old keys (or one that dropped version 1) cannot open everything.
    for keys, expected in [(entry(1), "2 are recorded"), (f"{entry(2)},{entry(9)}", "1 are")]:
        line, _ = await refused("web", web_env(tmp_path, fresh_database, redis_url, keys))
        assert expected in line
    assert set(await recorded(fresh_database)) == {1, 2}  # a refused process records nothing
