"""The emulator's Bot API over raw HTTP: encodings, errors, long polling and flood control."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import aiohttp
import pytest

from emulators.telegram import FloodLimits, TelegramEmulator
from tests.integration.emulators.conftest_telegram import (
    TOKEN,
    USER_ID,
    bot_call,
    png_bytes,
    tg_emulator,
    tg_http,
)

__all__ = ["tg_emulator", "tg_http"]

BUTTONS = {"inline_keyboard": [[{"text": "Buy", "callback_data": "buy:BTC"}]]}


async def test_tokens_and_method_names_are_checked_like_telegram(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession
) -> None:
    async with tg_http.get(f"{tg_emulator.bot_base_url}123:short/getMe") as response:
        assert response.status == 401
        assert await response.json() == {
            "ok": False,
            "error_code": 401,
            "description": "Unauthorized",
        }
    status, body = await bot_call(tg_http, tg_emulator, "noSuchMethod")
    assert (status, body["description"]) == (404, "Not Found: method not found")
    async with tg_http.get(f"{tg_emulator.bot_base_url}{TOKEN}/getme") as response:
        me = (await response.json())["result"]
    assert me["id"] == 123456 and me["is_bot"] is True


async def test_form_json_and_query_bodies_are_all_understood(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession
) -> None:
    tg_emulator.send_user_message(USER_ID, "hi")
    url = f"{tg_emulator.bot_base_url}{TOKEN}/sendMessage"
    form = {"chat_id": str(USER_ID), "text": "form", "reply_markup": json.dumps(BUTTONS)}
    async with tg_http.post(url, data=form) as response:
        assert (await response.json())["result"]["reply_markup"] == BUTTONS
    async with tg_http.get(url, params={"chat_id": USER_ID, "text": "query"}) as response:
        assert response.status == 200
    status, _ = await bot_call(tg_http, tg_emulator, "sendMessage", chat_id=USER_ID, text="json")
    assert status == 200
    assert [m["text"] for m in tg_emulator.messages(USER_ID)] == ["form", "query", "json"]


async def test_multipart_uploads_are_stored_and_served(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession
) -> None:
    tg_emulator.send_user_message(USER_ID, "hi")
    form = aiohttp.FormData()
    form.add_field("chat_id", str(USER_ID))
    form.add_field("caption", "<i>weekly</i> report", content_type="text/plain")
    form.add_field("parse_mode", "HTML")
    form.add_field(
        "document", b"%PDF-1.4 fake", filename="report.pdf", content_type="application/pdf"
    )
    async with tg_http.post(f"{tg_emulator.bot_base_url}{TOKEN}/sendDocument", data=form) as resp:
        message = (await resp.json())["result"]
    assert message["caption"] == "weekly report"
    assert message["caption_entities"] == [{"type": "italic", "offset": 0, "length": 6}]
    assert message["document"]["file_name"] == "report.pdf"
    [view] = tg_emulator.messages(USER_ID)
    async with tg_http.get(tg_emulator.url + view["file_url"]) as response:
        assert response.content_type == "application/pdf"
        assert await response.read() == b"%PDF-1.4 fake"


async def test_bad_parameters_get_the_real_descriptions(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession
) -> None:
    tg_emulator.send_user_message(USER_ID, "hi")
    cases: list[tuple[dict[str, Any], str]] = [
        ({"text": "x"}, "Bad Request: chat_id is empty"),
        ({"chat_id": USER_ID}, "Bad Request: message text is empty"),
        ({"chat_id": 5, "text": "x"}, "Bad Request: chat not found"),
        ({"chat_id": USER_ID, "text": "x" * 4097}, "Bad Request: message is too long"),
        (
            {
                "chat_id": USER_ID,
                "text": "x",
                "reply_markup": {"inline_keyboard": [[{"text": "a"}]]},
            },
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard",
        ),
        (
            {
                "chat_id": USER_ID,
                "text": "x",
                "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "x" * 65}]]},
            },
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            {"chat_id": USER_ID, "text": "<b>bold", "parse_mode": "HTML"},
            "Bad Request: can't parse entities: "
            'Can\'t find end tag corresponding to start tag "b"',
        ),
    ]
    for params, description in cases:
        status, body = await bot_call(tg_http, tg_emulator, "sendMessage", **params)
        assert (status, body["description"]) == (400, description), params
    assert tg_emulator.messages(USER_ID) == []


async def test_edits_fail_like_telegram(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession
) -> None:
    user_message = tg_emulator.send_user_message(USER_ID, "hi")
    _, sent = await bot_call(
        tg_http, tg_emulator, "sendMessage", chat_id=USER_ID, text="Price", reply_markup=BUTTONS
    )
    message_id = sent["result"]["message_id"]
    same = {"chat_id": USER_ID, "message_id": message_id, "text": "Price", "reply_markup": BUTTONS}
    status, body = await bot_call(tg_http, tg_emulator, "editMessageText", **same)
    assert status == 400 and body["description"].startswith("Bad Request: message is not modified")
    missing = {**same, "message_id": 999, "text": "new"}
    _, body = await bot_call(tg_http, tg_emulator, "editMessageText", **missing)
    assert body["description"] == "Bad Request: message to edit not found"
    theirs = {**same, "message_id": user_message["message_id"], "text": "new"}
    _, body = await bot_call(tg_http, tg_emulator, "editMessageText", **theirs)
    assert body["description"] == "Bad Request: message can't be edited"
    markup = {"chat_id": USER_ID, "message_id": message_id}
    status, body = await bot_call(tg_http, tg_emulator, "editMessageReplyMarkup", **markup)
    assert status == 200 and "reply_markup" not in body["result"] and "edit_date" in body["result"]


async def test_deleting_marks_bot_and_user_messages(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession
) -> None:
    theirs = tg_emulator.send_user_message(USER_ID, "oops")
    _, ours = await bot_call(tg_http, tg_emulator, "sendMessage", chat_id=USER_ID, text="bye")
    for message_id in (theirs["message_id"], ours["result"]["message_id"]):
        status, _ = await bot_call(
            tg_http, tg_emulator, "deleteMessage", chat_id=USER_ID, message_id=message_id
        )
        assert status == 200
    views = tg_emulator.messages(USER_ID, include_user=True)
    assert [(m["from_bot"], m["deleted"]) for m in views] == [(False, True), (True, True)]
    again = {"chat_id": USER_ID, "message_id": theirs["message_id"]}
    _, body = await bot_call(tg_http, tg_emulator, "deleteMessage", **again)
    assert body["description"] == "Bad Request: message to delete not found"


async def test_get_updates_returns_as_soon_as_an_update_arrives(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession
) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot_call(tg_http, tg_emulator, "getUpdates", timeout=5))
    await asyncio.sleep(0.05)
    tg_emulator.send_user_message(USER_ID, "/help@nofomo_test_bot now")
    _, body = await poll
    assert time.monotonic() - started < 1
    [update] = body["result"]
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 21}]
    _, body = await bot_call(tg_http, tg_emulator, "getUpdates", offset=update["update_id"])
    assert [u["update_id"] for u in body["result"]] == [update["update_id"]]
    _, body = await bot_call(tg_http, tg_emulator, "getUpdates", offset=update["update_id"] + 1)
    assert body["result"] == []


async def test_a_second_poller_terminates_the_first(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession
) -> None:
    first = asyncio.create_task(bot_call(tg_http, tg_emulator, "getUpdates", timeout=5))
    await asyncio.sleep(0.05)
    second = asyncio.create_task(bot_call(tg_http, tg_emulator, "getUpdates", timeout=5))
    status, body = await first
    assert status == 409 and "terminated by other getUpdates request" in body["description"]
    tg_emulator.send_user_message(USER_ID, "hi")
    status, body = await second
    assert status == 200 and len(body["result"]) == 1


async def test_rapid_sends_to_one_chat_get_429_with_retry_after(
    tg_http: aiohttp.ClientSession,
) -> None:
    async with TelegramEmulator() as emulator:
        emulator.send_user_message(USER_ID, "hi")
        replies = [
            await bot_call(tg_http, emulator, "sendMessage", chat_id=USER_ID, text=f"#{n}")
            for n in range(10)
        ]
        stats = emulator.stats()
    statuses = [status for status, _ in replies]
    assert statuses == [200] * 3 + [429] * 7  # burst of 3, then 1 message/s
    _, limited = replies[3]
    assert limited == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    assert stats["flood_429"] == 7 and len(stats["deliveries"][str(USER_ID)]) == 3


async def test_group_and_global_limits_and_edits_count(tg_http: aiohttp.ClientSession) -> None:
    limits = FloodLimits(
        per_chat_per_sec=100, per_chat_burst=100, group_per_min=2, global_per_sec=4
    )
    async with TelegramEmulator(flood_limits=limits) as emulator:
        emulator.send_user_message(USER_ID, "hi", chat_id=-100123, chat_title="Traders")
        group = [
            (await bot_call(tg_http, emulator, "sendMessage", chat_id=-100123, text="g"))[0]
            for _ in range(3)
        ]
        assert group == [200, 200, 429]
        _, body = await bot_call(tg_http, emulator, "sendMessage", chat_id=-100123, text="g")
        assert body["parameters"]["retry_after"] == 30
        for user in (1, 2):
            emulator.send_user_message(user, "hi")
        sent = await bot_call(tg_http, emulator, "sendMessage", chat_id=1, text="a")
        edit = {"chat_id": 1, "message_id": sent[1]["result"]["message_id"], "text": "b"}
        assert (await bot_call(tg_http, emulator, "editMessageText", **edit))[0] == 200
        assert (await bot_call(tg_http, emulator, "sendMessage", chat_id=2, text="c"))[0] == 429
        emulator.set_limits(enabled=False)
        assert (await bot_call(tg_http, emulator, "sendMessage", chat_id=2, text="c"))[0] == 200


@pytest.mark.parametrize("error_rate", [0.3])
async def test_seeded_error_rate_is_deterministic(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession, error_rate: float
) -> None:
    async def pattern() -> list[int]:
        tg_emulator.set_fault(error_rate=error_rate, seed=7, status=503)
        return [(await _get_me_status(tg_http, tg_emulator)) for _ in range(40)]

    first, second = await pattern(), await pattern()
    assert first == second and set(first) == {200, 503}
    assert 4 <= first.count(503) <= 20


async def _get_me_status(http: aiohttp.ClientSession, emulator: TelegramEmulator) -> int:
    async with http.get(f"{emulator.bot_base_url}{TOKEN}/getMe") as response:
        await response.read()
        return response.status


async def test_photo_by_url_and_unknown_file_id(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession
) -> None:
    tg_emulator.send_user_message(USER_ID, "hi")
    by_url = {"chat_id": USER_ID, "photo": "https://example.com/chart.png"}
    status, body = await bot_call(tg_http, tg_emulator, "sendPhoto", **by_url)
    assert status == 200 and body["result"]["photo"][0]["file_id"]
    bogus = {"chat_id": USER_ID, "photo": "AgACnope"}
    _, body = await bot_call(tg_http, tg_emulator, "sendPhoto", **bogus)
    assert body["description"] == "Bad Request: wrong file identifier/HTTP URL specified"
    form = aiohttp.FormData({"chat_id": str(USER_ID), "photo": "attach://pic"})
    form.add_field("pic", png_bytes(), filename="pic.png", content_type="image/png")
    async with tg_http.post(f"{tg_emulator.bot_base_url}{TOKEN}/sendPhoto", data=form) as resp:
        sizes = (await resp.json())["result"]["photo"]
    assert (sizes[0]["width"], sizes[0]["height"]) == (3, 2)
