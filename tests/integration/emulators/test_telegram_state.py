"""The emulator keeps users, chats and their history in a state file across restarts."""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import stat
import sys
from pathlib import Path

import aiohttp
import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from emulators.telegram import TelegramEmulator
from tests.integration.emulators.conftest_telegram import (
    USER_ID,
    bot_call,
    control,
    make_bot,
    png_bytes,
    tg_http,
)

__all__ = ["tg_http"]

HISTORY = f"messages?chat_id={USER_ID}&include_user=1"
BUTTONS = InlineKeyboardMarkup([[InlineKeyboardButton("Start bot", callback_data="start:1")]])


def emulator(path: Path, history_limit: int = 500) -> TelegramEmulator:
    """Return an emulator without flood limits that keeps its chats in `path`."""
    return TelegramEmulator(flood_limits=False, state_path=path, history_limit=history_limit)


async def say(http: aiohttp.ClientSession, emu: TelegramEmulator, text: str) -> None:
    """Send a message as the chat page does (Indonesian-speaking Siti)."""
    body = {"user_id": USER_ID, "text": text, "first_name": "Siti", "language_code": "id"}
    status, _ = await control(http, emu, "send", body)
    assert status == 200


async def test_a_chat_and_its_history_survive_a_restart(
    tmp_path: Path, tg_http: aiohttp.ClientSession
) -> None:
    path = tmp_path / "telegram-emulator" / "state.json"
    async with emulator(path) as first, make_bot(first) as bot:
        await say(tg_http, first, "/start")
        hello = await bot.send_message(USER_ID, "<b>Halo</b> Siti", parse_mode="HTML")
        await bot.send_message(USER_ID, "Mulai?", reply_markup=BUTTONS, reply_to_message_id=1)
        await bot.edit_message_text(
            "<b>Halo</b>, Siti", USER_ID, hello.message_id, parse_mode="HTML"
        )
        photo = await bot.send_photo(USER_ID, png_bytes(), caption="BTC/USDT")
        _, before = await control(tg_http, first, HISTORY)
        _, updates = await bot_call(tg_http, first, "getUpdates")
        last_update = updates["result"][-1]["update_id"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not [p.name for p in path.parent.iterdir() if p.name != "state.json"]  # no temp files

    async with emulator(path) as second, make_bot(second) as bot:
        _, after = await control(tg_http, second, HISTORY)
        assert after == before and len(after["messages"]) == 4
        assert after["messages"][2]["reply_to_message_id"] == 1
        assert after["messages"][1]["edited"] and after["messages"][1]["text"] == "Halo, Siti"
        async with tg_http.get(second.url + after["messages"][3]["file_url"]) as response:
            assert await response.read() == png_bytes()
        # The bot's alert after a restart reaches the chat instead of "chat not found".
        alert = await bot.send_message(USER_ID, "Bot Anda berjalan lagi")
        assert alert.message_id == 5 and alert.chat.first_name == "Siti"
        assert (await bot.send_photo(USER_ID, photo.photo[-1].file_id)).photo
        await say(tg_http, second, "terima kasih")
        _, updates = await bot_call(tg_http, second, "getUpdates")
        message = updates["result"][-1]["message"]
        assert updates["result"][-1]["update_id"] > last_update
        assert message["message_id"] == 7 and message["from"]["language_code"] == "id"


async def test_chats_are_saved_while_running(
    tmp_path: Path, tg_http: aiohttp.ClientSession
) -> None:
    path = tmp_path / "missing" / "state.json"
    async with emulator(path) as emu:
        assert emu.messages(USER_ID, include_user=True) == []
        await say(tg_http, emu, "halo")
        for _ in range(100):  # saved within half a second of a change, not only on stop
            if path.exists():
                break
            await asyncio.sleep(0.05)
        saved = json.loads(path.read_text())
        assert [c["id"] for c in saved["chats"]] == [USER_ID]
        emu.block_user(USER_ID)
    async with emulator(path) as emu:
        status, body = await bot_call(tg_http, emu, "sendMessage", chat_id=USER_ID, text="x")
        assert status == 403 and body["description"] == "Forbidden: bot was blocked by the user"


async def test_each_chat_keeps_only_its_latest_messages(
    tmp_path: Path, tg_http: aiohttp.ClientSession
) -> None:
    path = tmp_path / "state.json"
    async with emulator(path, history_limit=3) as emu:
        for number in range(1, 6):
            await say(tg_http, emu, f"pesan {number}")
    assert len(json.loads(path.read_text())["chats"][0]["messages"]) == 3
    async with emulator(path, history_limit=3) as emu:
        _, history = await control(tg_http, emu, HISTORY)
        assert [m["text"] for m in history["messages"]] == ["pesan 3", "pesan 4", "pesan 5"]
        assert emu.send_user_message(USER_ID, "pesan 6")["message_id"] == 6


@pytest.mark.parametrize(
    "content",
    [
        b'{"format": 1, "users": [{"id": 1001, "first_na',
        b"\xff\xfe not utf-8",
        b"[]",
        b'{"format": 99}',
        b'{"format": 1, "users": [], "files": [], "blocked": [], "next_update_id": 1,'
        b' "rng": [3, [], null], "chats": []}',
        b'{"format": 1, "users": [], "files": [], "blocked": [], "next_update_id": 1,'
        b' "chats": [{"id": 1001, "type": "private", "chat_instance": "1", "title": null,'
        b' "user_id": 1001, "next_message_id": 1, "messages": []}]}',
    ],
    ids=["truncated", "not-utf8", "not-an-object", "unknown-format", "bad-rng", "unknown-user"],
)
async def test_a_corrupt_state_file_starts_empty_with_a_warning(
    tmp_path: Path,
    tg_http: aiohttp.ClientSession,
    caplog: pytest.LogCaptureFixture,
    content: bytes,
) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="emulators.telegram"):
        emu = emulator(path)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and str(path) in warnings[0]
    assert "starting with no chats" in warnings[0]
    assert path.with_name("state.json.corrupt").read_bytes() == content
    async with emu:
        _, history = await control(tg_http, emu, HISTORY)
        assert history["messages"] == []
        status, body = await bot_call(tg_http, emu, "sendMessage", chat_id=USER_ID, text="x")
        assert status == 400 and body["description"] == "Bad Request: chat not found"
        await say(tg_http, emu, "halo")
    assert json.loads(path.read_text())["chats"][0]["id"] == USER_ID


async def test_standalone_emulator_keeps_chats_in_the_state_option(
    tmp_path: Path, tg_http: aiohttp.ClientSession
) -> None:
    path = tmp_path / "state.json"
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "emulators.telegram", "--port", "0", "--state", str(path)),
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
        url = line.split(": ", 1)[1].strip().rstrip("/")
        body = {"user_id": USER_ID, "text": "halo"}
        async with tg_http.post(f"{url}/_emu/send", json=body) as response:
            assert response.status == 200
    finally:
        process.send_signal(signal.SIGINT)
        await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0
    assert json.loads(path.read_text())["chats"][0]["messages"][0]["text"] == "halo"
