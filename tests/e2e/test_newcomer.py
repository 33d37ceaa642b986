"""A newcomer's two steps: `make run`'s `nofomo up` and the CLI, from a copy, nothing set.

The process runs in a fresh copy of the project with no DATA_DIR, no tokens and no keys,
so every default (the relative `./.nofomo` above all) is what a new user gets. Only the
ports are chosen free, so that the test never collides with a developer's `make run`.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.support.leftovers import claim_root
from tests.support.processes import clean_env, free_port, processes_using, wait_gone

pytestmark = [pytest.mark.slow, pytest.mark.timeout(420)]

ROOT = Path(__file__).resolve().parents[2]
_NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    ".nofomo*",
    ".env",
    "__pycache__",
    "*.egg-info",
    ".*_cache",
    "build",
    "test-artifacts",
)
_SETTINGS = ("DATA_DIR", "LLM_API_KEY", "TELEGRAM_BOT_TOKEN", "TRIPAY_API_KEY", "PORT")


@pytest.fixture(scope="module")
def project() -> Iterator[Path]:
    """A fresh copy of the project, as a newcomer clones it (outside pytest's basetemp)."""
    root = claim_root("newcomer-")
    copy = root / "nofomo"
    shutil.copytree(ROOT, copy, ignore=_NOT_COPIED)
    yield copy
    wait_gone(processes_using(copy))
    shutil.rmtree(root, ignore_errors=True)


def newcomer_env(**ports: str) -> dict[str, str]:
    """Return an environment with none of NoFOMO's settings, except free ports."""
    env = {k: v for k, v in clean_env().items() if k not in _SETTINGS}
    return {**env, **ports}


def nofomo(project: Path, *args: str, **popen: Any) -> subprocess.Popen[str]:
    """Start `nofomo ARGS` with the copy as working directory (its code comes first)."""
    return subprocess.Popen(
        [sys.executable, "-m", "nofomo.cli", *args], cwd=project, text=True, **popen
    )


async def wait_for(url: str, proc: subprocess.Popen[str], limit: float = 120) -> None:
    """Poll a URL until it answers 200, failing early if the process died."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    async with aiohttp.ClientSession() as session:
        while loop.time() < deadline:
            assert proc.poll() is None, "nofomo up exited"
            try:
                async with session.get(url) as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.3)
    raise AssertionError(f"{url} never answered")


async def strategy_message(
    base: str, chat: int, limit: float = 240
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Send /new as a user, then wait for the strategy's chart and its explanation."""
    idea = "/new scalping BTC/USDT 5m with RSI and EMA crossover"
    async with aiohttp.ClientSession() as session:
        send = {"user_id": chat, "chat_id": chat, "text": idea, "language_code": "en"}
        async with session.post(f"{base}/_emu/send", json=send) as resp:
            assert resp.status == 200, await resp.text()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while loop.time() < deadline:
            async with session.get(f"{base}/_emu/messages", params={"chat_id": chat}) as resp:
                messages = (await resp.json())["messages"]
            for index, message in enumerate(messages):
                # The chart comes first with a short caption; the explanation follows it.
                chart = message.get("photo") and "Strategy ready" in message["text"]
                if chart and index + 1 < len(messages):
                    return dict(message), dict(messages[index + 1])
                assert "could not" not in message["text"], message["text"]
                assert "Sorry" not in message["text"], message["text"]
            await asyncio.sleep(1)
    raise AssertionError(f"no strategy; the chat shows {json.dumps(messages)[:2000]}")


async def answer(base: str, chat: int, text: str, limit: float = 60) -> str:
    """Send `text` as the user and return the bot's next message."""
    async with aiohttp.ClientSession() as session:
        params = {"chat_id": chat}
        async with session.get(f"{base}/_emu/messages", params=params) as resp:
            before = len((await resp.json())["messages"])
        send = {"user_id": chat, "chat_id": chat, "text": text, "language_code": "en"}
        async with session.post(f"{base}/_emu/send", json=send) as resp:
            assert resp.status == 200, await resp.text()
        wait = {**params, "count": before + 1, "timeout": limit}
        async with session.get(f"{base}/_emu/wait", params=wait) as resp:
            assert resp.status == 200, f"no answer to {text}"
            return str((await resp.json())["messages"][-1]["text"])


async def messages(base: str, chat: int) -> list[dict[str, Any]]:
    """Return the chat's messages, oldest first."""
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{base}/_emu/messages", params={"chat_id": chat}) as resp,
    ):
        return list((await resp.json())["messages"])


async def press(base: str, chat: int, label: str, limit: float = 30) -> dict[str, Any]:
    """Press the newest button starting with `label`; return the message that answers it."""
    found = [
        m
        for m in await messages(base, chat)
        for row in m["buttons"]
        for b in row
        if b["text"].startswith(label) and "callback_data" in b
    ]
    message = found[-1]
    data = next(
        b["callback_data"] for row in message["buttons"] for b in row if b["text"].startswith(label)
    )
    before = {m["message_id"]: m["text"] for m in await messages(base, chat)}
    click = {"chat_id": chat, "message_id": message["message_id"], "data": data}
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{base}/_emu/click", json=click) as resp:
            assert resp.status == 200, await resp.text()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while loop.time() < deadline:
            for m in await messages(base, chat):  # a new message, or this one redrawn
                if before.get(m["message_id"]) != m["text"]:
                    return m
            await asyncio.sleep(0.3)
    raise AssertionError(f"nothing answered the {label!r} button")


async def pay_from_chat(base: str, tripay: str, chat: int) -> None:
    """Upgrade to Pro monthly with QRIS, pay at the emulator, and see the receipt arrive."""
    assert "Pro" in await answer(base, chat, "/upgrade")
    await press(base, chat, "⭐ Pro")
    await press(base, chat, "📅")
    payment = await press(base, chat, "QRIS")
    assert payment.get("photo"), payment
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{tripay}/_emu/transactions") as resp:
            [transaction] = (await resp.json())["data"]
        paid = {"reference": transaction["reference"], "status": "PAID"}
        async with session.post(f"{tripay}/_emu/pay", json=paid) as resp:
            assert resp.status == 200, await resp.text()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60
    while not any("Payment received" in m["text"] for m in await messages(base, chat)):
        assert loop.time() < deadline, "no receipt after the emulator's callback"
        await asyncio.sleep(0.5)
    assert (await answer(base, chat, "/plan")).startswith("Your plan: Pro")


async def test_make_run_then_new_gives_a_strategy_with_a_chart(project: Path) -> None:
    web, telegram, exchange, tripay = free_port(), free_port(), free_port(), free_port()
    env = newcomer_env(
        PORT=str(web),
        TELEGRAM_EMULATOR_PORT=str(telegram),
        EXCHANGE_EMULATOR_PORT=str(exchange),
        TRIPAY_EMULATOR_PORT=str(tripay),
    )
    proc = nofomo(project, "up", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        await wait_for(f"http://127.0.0.1:{web}/healthz", proc)
        chart, message = await strategy_message(f"http://127.0.0.1:{telegram}", 777001)
        assert "max drawdown" in chart["text"] and not chart["buttons"]
        assert "Judged on" in message["text"] and "In-sample" in message["text"]
        assert message["buttons"] and not message.get("photo")
        assert (project / ".nofomo" / "marketdata").is_dir()
        # The trader's commands on the newcomer's own database (embedded, Supabase-shaped).
        base = f"http://127.0.0.1:{telegram}"
        assert (await answer(base, 777001, "/plan")).startswith("Your plan: Free")
        for command in ("/daily", "/performance", "/settings"):
            reply = await answer(base, 777001, command)
            assert "Sorry" not in reply and "went wrong" not in reply, (command, reply)
        # Paying for a plan with the Tripay emulator `nofomo up` started on its own.
        await pay_from_chat(base, f"http://127.0.0.1:{tripay}", 777002)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err[-3000:]
    errors = [line for line in err.splitlines() if " ERROR " in line]
    assert errors == [], errors
    assert f"http://127.0.0.1:{telegram}/" in err  # the chat page's address is logged
    assert f"Tripay emulator on http://127.0.0.1:{tripay}/api-sandbox/" in err
    # Routine cron passes (arq's "→ job()" / "← job ●" lines) stay out of the INFO log.
    passes = [line for line in err.splitlines() if ("→" in line or "←" in line)]
    assert not [line for line in passes if "reconcile" in line or "expire_stuck_jobs" in line]


def test_strategy_validate_from_the_project_directory(project: Path) -> None:
    fixture = "tests/fixtures/strategies/legit/ema_cross_trend.py"
    env = newcomer_env(EXCHANGE_EMULATOR_PORT=str(free_port()))
    proc = nofomo(
        project, "strategy", "validate", fixture, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, out + err
    assert out.startswith("PASS  ema_cross_trend.py"), out
    assert (project / ".nofomo" / "marketdata" / "emulator").is_dir()
