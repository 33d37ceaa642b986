"""The emulator's control API, chat page, standalone entry point and flood-limit maths."""

from __future__ import annotations

import asyncio
import re
import signal
import sys

import aiohttp
import pytest

from emulators.telegram import FloodLimits, TelegramEmulator
from emulators.telegram.errors import ApiError
from emulators.telegram.formatting import parse_text
from emulators.telegram.limits import FloodLimiter
from tests.integration.emulators.conftest_telegram import (
    USER_ID,
    bot_call,
    control,
    tg_emulator,
    tg_http,
)

__all__ = ["tg_emulator", "tg_http"]

BUTTONS = {"inline_keyboard": [[{"text": "Yes", "callback_data": "confirm:1"}]]}


async def test_send_and_messages_round_trip(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession
) -> None:
    body = {"user_id": USER_ID, "text": "/start ref_42", "language_code": "id", "username": "ali"}
    status, message = await control(tg_http, tg_emulator, "send", body)
    assert status == 200 and message["message_id"] == 1
    assert message["from"]["language_code"] == "id" and message["chat"]["type"] == "private"
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    await bot_call(tg_http, tg_emulator, "sendMessage", chat_id=USER_ID, text="Halo")
    _, bot_only = await control(tg_http, tg_emulator, f"messages?chat_id={USER_ID}")
    assert [m["text"] for m in bot_only["messages"]] == ["Halo"]
    _, both = await control(tg_http, tg_emulator, f"messages?chat_id={USER_ID}&include_user=1")
    assert [(m["from_bot"], m["text"]) for m in both["messages"]] == [
        (False, "/start ref_42"),
        (True, "Halo"),
    ]


async def test_clicks_need_a_matching_button_unless_forced(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession
) -> None:
    tg_emulator.send_user_message(USER_ID, "hi")
    _, sent = await bot_call(
        tg_http, tg_emulator, "sendMessage", chat_id=USER_ID, text="Sure?", reply_markup=BUTTONS
    )
    click = {"chat_id": USER_ID, "message_id": sent["result"]["message_id"], "data": "confirm:2"}
    status, body = await control(tg_http, tg_emulator, "click", click)
    assert status == 400 and "no inline button" in body["error"]
    status, body = await control(tg_http, tg_emulator, "click", {**click, "force": True})
    assert status == 200
    query_id = body["callback_query_id"]
    _, updates = await bot_call(tg_http, tg_emulator, "getUpdates")
    query = updates["result"][-1]["callback_query"]
    assert query["id"] == query_id and query["data"] == "confirm:2"
    assert query["message"]["message_id"] == click["message_id"] and query["chat_instance"]
    answer = {"callback_query_id": query_id, "text": "Done"}
    assert (await bot_call(tg_http, tg_emulator, "answerCallbackQuery", **answer))[0] == 200
    status, body = await bot_call(tg_http, tg_emulator, "answerCallbackQuery", **answer)
    assert status == 400 and "query ID is invalid" in body["description"]
    _, answers = await control(tg_http, tg_emulator, f"callback_answers?chat_id={USER_ID}")
    assert [(a["data"], a["text"]) for a in answers["answers"]] == [("confirm:2", "Done")]
    missing = await control(tg_http, tg_emulator, "click", {**click, "message_id": 99})
    assert missing[0] == 404


async def test_wait_long_polls_for_bot_messages(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession
) -> None:
    tg_emulator.send_user_message(USER_ID, "hi")
    status, body = await control(tg_http, tg_emulator, f"wait?chat_id={USER_ID}&timeout=0.05")
    assert status == 408 and body["messages"] == []
    waiting = asyncio.create_task(
        control(tg_http, tg_emulator, f"wait?chat_id={USER_ID}&count=2&timeout=3")
    )
    for text in ("a", "b"):
        await bot_call(tg_http, tg_emulator, "sendMessage", chat_id=USER_ID, text=text)
    status, body = await waiting
    assert status == 200 and [m["text"] for m in body["messages"]] == ["a", "b"]


async def test_fault_block_and_limits_endpoints(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession
) -> None:
    tg_emulator.send_user_message(USER_ID, "hi")
    assert (await control(tg_http, tg_emulator, "fault", {"status": 502, "count": 1}))[0] == 200
    assert (await bot_call(tg_http, tg_emulator, "getMe"))[0] == 502
    assert (await bot_call(tg_http, tg_emulator, "getMe"))[0] == 200
    await control(tg_http, tg_emulator, "block", {"user_id": USER_ID, "blocked": True})
    status, body = await bot_call(tg_http, tg_emulator, "sendMessage", chat_id=USER_ID, text="x")
    assert (status, body["description"]) == (403, "Forbidden: bot was blocked by the user")
    status, body = await control(tg_http, tg_emulator, "send", {"user_id": USER_ID, "text": "hi"})
    assert status == 409
    limits = {"enabled": True, "per_chat_per_sec": 0.5, "per_chat_burst": 1}
    status, body = await control(tg_http, tg_emulator, "limits", limits)
    assert status == 200 and body["limits"]["per_chat_burst"] == 1
    assert (await control(tg_http, tg_emulator, "limits", {"bogus": 1}))[0] == 400
    _, stats = await control(tg_http, tg_emulator, "stats")
    assert stats["methods"]["getMe"] == 2 and stats["faults_5xx"] == 1
    assert stats["statuses"]["403"] == 1 and stats["limits"]["per_chat_per_sec"] == 0.5


async def test_commands_endpoint_and_reset(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession
) -> None:
    commands = [{"command": "start", "description": "Mulai"}]
    await bot_call(tg_http, tg_emulator, "setMyCommands", commands=commands, language_code="id")
    _, body = await control(tg_http, tg_emulator, "commands?language_code=id")
    assert body["commands"] == commands
    tg_emulator.send_user_message(USER_ID, "before")
    _, first = await bot_call(tg_http, tg_emulator, "getUpdates")
    assert (await control(tg_http, tg_emulator, "reset", {}))[0] == 200
    assert tg_emulator.commands("id") == [] and tg_emulator.messages(USER_ID) == []
    tg_emulator.send_user_message(USER_ID, "after")
    _, second = await bot_call(tg_http, tg_emulator, "getUpdates")
    assert second["result"][0]["update_id"] > first["result"][0]["update_id"]


async def test_group_chats_have_negative_ids_and_titles(tg_emulator: TelegramEmulator) -> None:
    message = tg_emulator.send_user_message(
        7, "/price@nofomo_test_bot BTC", chat_id=-1001234567890, chat_title="Signals"
    )
    assert message["chat"] == {"id": -1001234567890, "type": "supergroup", "title": "Signals"}
    with pytest.raises(Exception, match="user_id is required"):
        tg_emulator.click(-1001234567890, message["message_id"], "x", force=True)


@pytest.mark.parametrize("path", ["/", "/chat"])
async def test_chat_page_is_self_contained(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession, path: str
) -> None:
    async with tg_http.get(tg_emulator.url + path) as response:
        assert response.status == 200 and response.content_type == "text/html"
        html = await response.text()
    for part in ('id="log"', 'id="composer"', "/_emu/messages", "/_emu/click", "/_emu/send"):
        assert part in html
    assert "<script src" not in html and "<link" not in html


async def test_chat_page_offers_only_the_languages_the_bot_speaks(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession
) -> None:
    async with tg_http.get(tg_emulator.url + "/") as response:
        html = await response.text()
    select = re.search(r'<select id="lang">(.*?)</select>', html, re.DOTALL)
    assert select is not None
    options = re.findall(r"<option([^>]*)>([^<]*)</option>", select.group(1))
    assert options == [("", "id"), (" selected", "en")]  # kernel.i18n.LANGUAGES, en by default


async def test_standalone_entry_point_prints_the_chat_url() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "emulators.telegram",
        "--port",
        "0",
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
        assert line.startswith("Telegram emulator chat page: http://127.0.0.1:")
        url = line.split(": ", 1)[1].strip()
        async with aiohttp.ClientSession() as http, http.get(url) as response:
            assert response.status == 200
    finally:
        process.send_signal(signal.SIGINT)
        await asyncio.wait_for(process.wait(), 30)
    assert process.returncode == 0


def test_token_buckets_allow_a_burst_then_refill() -> None:
    now = [0.0]
    limiter = FloodLimiter(FloodLimits(per_chat_burst=3), clock=lambda: now[0])
    for _ in range(3):
        limiter.acquire(1, is_group=False)
    with pytest.raises(ApiError) as caught:
        limiter.acquire(1, is_group=False)
    assert caught.value.retry_after == 1
    limiter.acquire(2, is_group=False)  # another chat has its own bucket
    now[0] = 1.0
    limiter.acquire(1, is_group=False)
    with pytest.raises(ApiError):
        limiter.acquire(1, is_group=False)


@pytest.mark.parametrize(
    ("text", "mode", "plain"),
    [
        ("<b>BTC</b> &amp; <a href='https://x.io'>ETH</a>", "HTML", "BTC & ETH"),
        ("*Gain* \\+5\\.2%", "MarkdownV2", "Gain +5.2%"),
        ("```python\nprint(1)```", "MarkdownV2", "print(1)"),
        ("_fine_ 1.5!", "Markdown", "fine 1.5!"),
        ("📈 <i>up</i>", "HTML", "📈 up"),
    ],
)
def test_parse_modes_produce_plain_text(text: str, mode: str, plain: str) -> None:
    assert parse_text(text, mode)[0] == plain


def test_entity_offsets_count_utf16_units() -> None:
    _, entities = parse_text("📈 <i>up</i>", "HTML")
    assert entities == [{"type": "italic", "offset": 3, "length": 2}]
