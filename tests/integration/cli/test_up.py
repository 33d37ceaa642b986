"""`nofomo up` as a real subprocess: healthy, runs jobs, persists data, leaves no orphans."""

from __future__ import annotations

import asyncio
import signal
import subprocess
from pathlib import Path

import aiohttp
import asyncpg
import psutil
import pytest
from arq import create_pool
from arq.connections import RedisSettings

from tests.support.processes import NOFOMO, clean_env, free_port, processes_using, wait_gone


async def wait_healthy(port: int, proc: subprocess.Popen[str], limit: float = 60) -> float:
    """Poll /healthz until it answers 200; return how long that took."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    async with aiohttp.ClientSession() as session:
        while loop.time() - started < limit:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else "exited"
            try:
                async with session.get(f"http://127.0.0.1:{port}/healthz") as resp:
                    if resp.status == 200:
                        assert (await resp.json()) == {"ok": True, "db": "ok", "redis": "ok"}
                        return loop.time() - started
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.2)
    raise AssertionError("nofomo up never became healthy")


def start_up(data_dir: Path, port: int) -> subprocess.Popen[str]:
    env = clean_env(DATA_DIR=str(data_dir), PORT=str(port), LOG_LEVEL="INFO")
    return subprocess.Popen(
        [*NOFOMO, "up"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


def family(proc: subprocess.Popen[str], data_dir: Path) -> list[psutil.Process]:
    """Every process `up` started: its children and the daemonised embedded Postgres."""
    children = psutil.Process(proc.pid).children(recursive=True)
    return list({p.pid: p for p in [*children, *processes_using(data_dir)]}.values())


async def ping_through_arq(data_dir: Path) -> dict[str, str]:
    port = int((data_dir / "valkey" / "port").read_text())
    redis = await create_pool(RedisSettings(port=port))
    try:
        job = await redis.enqueue_job("ping", "hello", _queue_name="nofomo:queue")
        assert job is not None
        result: dict[str, str] = await job.result(timeout=15)
        return result
    finally:
        await redis.aclose()


def db_url(data_dir: Path) -> str:
    return f"postgresql://postgres@/postgres?host={data_dir.resolve() / 'postgres'}"


def stop(proc: subprocess.Popen[str]) -> tuple[int, str]:
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    return proc.returncode, err


@pytest.mark.slow  # initdb, then the whole stack booted twice as subprocesses
async def test_up_smoke_and_restart(service_dir: Path) -> None:
    data_dir, port = service_dir / "state", free_port()
    proc = start_up(data_dir, port)
    try:
        await wait_healthy(port, proc)
        assert (await ping_through_arq(data_dir))["pong"] == "hello"
        started = family(proc, data_dir)
        assert any("postgres" in p.name() for p in started)
        conn = await asyncpg.connect(db_url(data_dir))
        await conn.execute("insert into users (telegram_id) values (424242)")
        await conn.close()
    finally:
        code, err = stop(proc)
    assert code == 0, err
    assert "Traceback" not in err
    assert wait_gone(started) == []
    vault_key = (data_dir / "vault.key").read_text()

    proc = start_up(data_dir, port)
    try:
        await wait_healthy(port, proc)
        conn = await asyncpg.connect(db_url(data_dir))
        kept = await conn.fetchval("select count(*) from users where telegram_id = 424242")
        await conn.close()
    finally:
        code, err = stop(proc)
    assert code == 0 and kept == 1, err[-3000:]
    assert (data_dir / "vault.key").read_text() == vault_key
    assert "LOCAL VAULT KEY GENERATED" not in err
