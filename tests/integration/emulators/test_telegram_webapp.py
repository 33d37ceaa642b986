"""Mini Apps in the Telegram emulator: web_app buttons, and initData checked like Telegram's."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from typing import Any
from urllib.parse import parse_qs, parse_qsl, quote, urlsplit

import aiohttp
import pytest

from emulators.telegram import ControlError, TelegramEmulator
from emulators.telegram.webapp import WebAppUser, build_init_data
from tests.integration.emulators.conftest_telegram import (
    TOKEN,
    USER_ID,
    bot_call,
    control,
    tg_emulator,
    tg_http,
)

__all__ = ["tg_emulator", "tg_http"]

AUTH_DATE = 1_750_000_123
APP_URL = "http://127.0.0.1:8080/dashboard?from=chat"
GROUP_ID = -100_555
AYU = WebAppUser(1001, "Ayu", "Lestari Putri", "ayu_trades", "id")


def verified(init_data: str, bot_token: str) -> dict[str, str] | None:
    """Check initData as core.telegram.org/bots/webapps describes; return its fields if valid."""
    fields = dict(parse_qsl(init_data, keep_blank_values=True, strict_parsing=True))
    received = fields.pop("hash", "")
    lines = "\n".join(f"{key}={value}" for key, value in sorted(fields.items()))
    key = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    expected = hmac.new(key, lines.encode(), hashlib.sha256).hexdigest()
    return fields if hmac.compare_digest(expected, received) else None


def encoded(fields: dict[str, str]) -> str:
    """URL-encode fields in order, as Telegram does (%20 for spaces)."""
    return "&".join(f"{key}={quote(value, safe='')}" for key, value in fields.items())


def web_app_markup(url: str, *, keyboard: bool = False) -> dict[str, Any]:
    """Return an inline (or reply) keyboard with one Mini App button."""
    button = {"text": "📊 Dashboard", "web_app": {"url": url}}
    return {"keyboard": [[button]]} if keyboard else {"inline_keyboard": [[button]]}


def sample_init_data() -> str:
    """Return initData with every field Telegram may send (besides signature)."""
    return build_init_data(
        TOKEN,
        AYU,
        auth_date=AUTH_DATE,
        query_id="AAHdF6IQAAAAAN0XohDhrOrc",
        chat_instance="-8044221453542130470",
        chat_type="sender",
    )


def test_init_data_verifies_with_telegrams_algorithm() -> None:
    init_data = sample_init_data()
    fields = verified(init_data, TOKEN)
    assert fields is not None
    assert list(fields) == ["query_id", "user", "chat_instance", "chat_type", "auth_date"]
    assert json.loads(fields["user"]) == {
        "id": 1001,
        "first_name": "Ayu",
        "last_name": "Lestari Putri",
        "username": "ayu_trades",
        "language_code": "id",
        "allows_write_to_pm": True,
    }
    assert fields["auth_date"] == str(AUTH_DATE)
    assert "+" not in init_data and "%20" in init_data  # spaces percent-encoded, like Telegram
    assert verified(init_data, "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawX") is None


FORGED = {
    "query_id": "AAHdF6IQAAAAAN0XohDhrOrd",
    "user": '{"id":1002,"first_name":"Ayu","last_name":"Lestari Putri","username":"ayu_trades",'
    '"language_code":"id","allows_write_to_pm":true}',
    "chat_instance": "-8044221453542130471",
    "chat_type": "private",
    "auth_date": str(AUTH_DATE + 86_400),
}


@pytest.mark.parametrize("field", list(FORGED))
def test_tampering_any_field_breaks_the_hash(field: str) -> None:
    fields = dict(parse_qsl(sample_init_data()))
    assert fields[field] != FORGED[field]
    fields[field] = FORGED[field]
    assert verified(encoded(fields), TOKEN) is None
    del fields[field]
    assert verified(encoded(fields), TOKEN) is None


def test_added_or_forged_hash_fails() -> None:
    fields = dict(parse_qsl(sample_init_data()))
    assert verified(encoded(fields | {"start_param": "x"}), TOKEN) is None
    assert verified(encoded(fields | {"hash": "0" * 64}), TOKEN) is None


async def test_inline_button_launch_is_signed_and_dated_by_the_clock(
    tg_http: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with TelegramEmulator(flood_limits=False, clock=lambda: AUTH_DATE + 0.9) as emulator:
        emulator.send_user_message(USER_ID, "/start", first_name="Alice", language_code="id")
        markup = web_app_markup(APP_URL)
        status, sent = await bot_call(
            tg_http, emulator, "sendMessage", chat_id=USER_ID, text="Bots", reply_markup=markup
        )
        assert (status, sent["result"]["reply_markup"]) == (200, markup)
        assert emulator.messages(USER_ID)[0]["buttons"] == markup["inline_keyboard"]
        body = {"chat_id": USER_ID, "url": APP_URL}
        async with tg_http.post(f"{emulator.url}/_emu/webapp/init_data", json=body) as response:
            raw = await response.text()
    assert response.status == 200 and TOKEN not in raw and TOKEN not in caplog.text
    launch = json.loads(raw)
    fields = verified(launch["init_data"], TOKEN)
    assert fields is not None and fields["auth_date"] == str(AUTH_DATE)
    assert len(fields["query_id"]) == 24 and "chat_type" not in fields
    user = json.loads(fields["user"])
    assert (user["id"], user["first_name"], user["language_code"]) == (USER_ID, "Alice", "id")
    url, _, fragment = launch["launch_url"].partition("#")
    params = parse_qs(fragment, strict_parsing=True)
    assert url == APP_URL and fragment.startswith("tgWebAppData=")
    assert params["tgWebAppData"] == [launch["init_data"]]
    assert (params["tgWebAppVersion"], params["tgWebAppPlatform"]) == (["8.0"], ["web"])
    assert json.loads(params["tgWebAppThemeParams"][0])["bg_color"] == "#ffffff"


async def test_reply_keyboard_launch_has_no_query_id(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession
) -> None:
    tg_emulator.send_user_message(USER_ID, "/start")
    markup = web_app_markup("https://nofomo.example/app", keyboard=True)
    status, _ = await bot_call(
        tg_http, tg_emulator, "sendMessage", chat_id=USER_ID, text="Menu", reply_markup=markup
    )
    assert status == 200
    [view] = tg_emulator.messages(USER_ID)
    assert view["reply_keyboard"] == [["📊 Dashboard"]]
    assert view["reply_keyboard_buttons"] == markup["keyboard"]
    launch = tg_emulator.open_web_app(USER_ID, "https://nofomo.example/app")
    fields = verified(launch.init_data, TOKEN)
    assert fields is not None and set(fields) == {"user", "auth_date"}


async def test_web_app_buttons_are_refused_outside_private_chats(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession
) -> None:
    tg_emulator.send_user_message(USER_ID, "hi", chat_id=GROUP_ID)

    async def send(markup: dict[str, Any]) -> tuple[int, str]:
        status, body = await bot_call(
            tg_http, tg_emulator, "sendMessage", chat_id=GROUP_ID, text="x", reply_markup=markup
        )
        return status, body.get("description", "")

    assert await send(web_app_markup(APP_URL)) == (400, "Bad Request: BUTTON_TYPE_INVALID")
    assert await send(web_app_markup(APP_URL, keyboard=True)) == (
        400,
        "Bad Request: web App buttons can be used in private chats only",
    )
    plain = {"inline_keyboard": [[{"text": "Open", "callback_data": "open"}]]}
    assert (await send(plain))[0] == 200
    message_id = tg_emulator.messages(GROUP_ID)[0]["message_id"]
    status, body = await bot_call(
        tg_http,
        tg_emulator,
        "editMessageReplyMarkup",
        chat_id=GROUP_ID,
        message_id=message_id,
        reply_markup=web_app_markup(APP_URL),
    )
    assert (status, body["description"]) == (400, "Bad Request: BUTTON_TYPE_INVALID")


ACCEPTED = [
    "https://nofomo.example/app",
    "https://localhost:8443/x",
    "http://127.0.0.1:8080/dashboard",
    "http://localhost/app",
    "HTTP://LOCALHOST:1/",
]
REFUSED = [
    ("http://nofomo.example/app", "Only HTTPS links are allowed"),
    ("nofomo.example/app", "Only HTTPS links are allowed"),
    ("http://127.0.0.2/", "Only HTTPS links are allowed"),
    ("http://localhost.evil.example/", "Only HTTPS links are allowed"),
    ("ftp://nofomo.example/", "Unsupported URL protocol"),
    ("https://", "URL host is empty"),
    ("https://nofomo.example:99999/", "Wrong port number specified in the URL"),
]


@pytest.mark.parametrize("keyboard", [False, True], ids=["inline", "reply"])
async def test_only_https_urls_are_accepted_besides_local_http(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession, keyboard: bool
) -> None:
    tg_emulator.send_user_message(USER_ID, "hi")
    prefix = "keyboard button" if keyboard else "inline keyboard button"
    for url in ACCEPTED:
        status, _ = await _send(tg_http, tg_emulator, web_app_markup(url, keyboard=keyboard))
        assert status == 200, url
    for url, problem in REFUSED:
        status, body = await _send(tg_http, tg_emulator, web_app_markup(url, keyboard=keyboard))
        expected = f"Bad Request: {prefix} Web App URL '{url}' is invalid: {problem}"
        assert (status, body["description"]) == (400, expected)


async def test_malformed_web_app_objects_are_refused(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession
) -> None:
    tg_emulator.send_user_message(USER_ID, "hi")
    for web_app, field, kind in (("https://x.example", "web_app", "Object"), ({}, "url", "String")):
        markup: dict[str, Any] = {"inline_keyboard": [[{"text": "App", "web_app": web_app}]]}
        status, body = await _send(tg_http, tg_emulator, markup)
        detail = f'can\'t parse inline keyboard button: Field "{field}" must be of type {kind}'
        assert (status, body["description"]) == (400, f"Bad Request: {detail}")


async def test_control_refuses_launches_telegram_could_not_make(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession
) -> None:
    tg_emulator.send_user_message(USER_ID, "hi")
    with pytest.raises(ControlError, match="token is unknown") as unknown:
        tg_emulator.open_web_app(USER_ID, APP_URL, force=True)
    assert unknown.value.status == 409
    await _send(tg_http, tg_emulator, web_app_markup(APP_URL))
    tg_emulator.send_user_message(USER_ID, "hi", chat_id=GROUP_ID)
    for body, expected in (
        ({"chat_id": 999, "url": APP_URL}, 404),
        ({"chat_id": GROUP_ID, "url": APP_URL}, 404),
        ({"chat_id": USER_ID, "url": "https://other.example/"}, 400),
        ({"chat_id": USER_ID}, 400),
        ({"chat_id": USER_ID, "url": "https://other.example/", "force": True}, 200),
    ):
        status, _ = await control(tg_http, tg_emulator, "webapp/init_data", body)
        assert status == expected, body
    forced = tg_emulator.open_web_app(USER_ID, "https://other.example/#/bots", force=True)
    assert urlsplit(forced.launch_url).fragment.startswith("/bots&tgWebAppData=")


async def _send(
    http: aiohttp.ClientSession, emulator: TelegramEmulator, markup: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    return await bot_call(
        http, emulator, "sendMessage", chat_id=USER_ID, text="x", reply_markup=markup
    )
