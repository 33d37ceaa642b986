"""Fixtures for the Telegram emulator tests; test modules import what they use from here."""

from __future__ import annotations

import contextlib
import json
import struct
import zlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest
from telegram import Bot
from telegram.ext import Application, ApplicationBuilder

from emulators.telegram import TelegramEmulator

TOKEN = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ"
USER_ID = 1001


@pytest.fixture
async def tg_emulator() -> AsyncIterator[TelegramEmulator]:
    """An emulator without flood limits, so functional tests never see 429."""
    async with TelegramEmulator(flood_limits=False) as emulator:
        yield emulator


@pytest.fixture
async def tg_http() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain HTTP client for raw Bot API and control API calls."""
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def tg_bot(tg_emulator: TelegramEmulator) -> AsyncIterator[Bot]:
    """A python-telegram-bot `Bot` pointed at the emulator."""
    async with make_bot(tg_emulator) as bot:
        yield bot


def make_bot(emulator: TelegramEmulator, token: str = TOKEN) -> Bot:
    """Build a `Bot` that talks to `emulator`; use it with `async with`."""
    return Bot(token, base_url=emulator.bot_base_url, base_file_url=emulator.file_base_url)


def build_application(
    emulator: TelegramEmulator, *, updater: bool = True
) -> Application[Any, Any, Any, Any, Any, Any]:
    """Build a PTB Application against the emulator (without an updater for webhook mode)."""
    builder = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(emulator.bot_base_url)
        .base_file_url(emulator.file_base_url)
    )
    if not updater:
        builder = builder.updater(None)
    return builder.build()


@contextlib.asynccontextmanager
async def polling(app: Application[Any, Any, Any, Any, Any, Any]) -> AsyncIterator[None]:
    """Run `app` with long polling for the duration of the block, then shut it down."""
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=5)
        await app.start()
        try:
            yield
        finally:
            await app.updater.stop()
            await app.stop()


async def bot_call(
    http: aiohttp.ClientSession, emulator: TelegramEmulator, method: str, **params: Any
) -> tuple[int, dict[str, Any]]:
    """Call a Bot API method with a JSON body; return (status, body) (HTML bodies as "raw")."""
    async with http.post(f"{emulator.bot_base_url}{TOKEN}/{method}", json=params) as response:
        text = await response.text()
    try:
        return response.status, json.loads(text)
    except ValueError:
        return response.status, {"raw": text}


async def control(
    http: aiohttp.ClientSession, emulator: TelegramEmulator, path: str, body: Any = None
) -> tuple[int, dict[str, Any]]:
    """Call the control API: GET without a body, POST with one."""
    url = f"{emulator.url}/_emu/{path}"
    request: Callable[..., Any] = http.get if body is None else http.post
    async with request(url, **({} if body is None else {"json": body})) as response:
        return response.status, await response.json()


def png_bytes(width: int = 3, height: int = 2) -> bytes:
    """Return a small valid PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
