"""Into the web dashboard from chat: the one-time link, /logout_all, and the Mini App button.

The chat's links are opened with aiohttp against the running web app, as a browser would
(no redirects followed, cookies kept). The bot runs on local mode's token, the one the web
app checks a Mini App's `initData` with, so the emulator signs launches as Telegram would.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs

import aiohttp
import pytest
from aiohttp import web
from yarl import URL

from emulators.telegram import TelegramEmulator
from orchestrator.core.runtime import Runtime
from telegram_bot import dashboard
from telegram_bot.app import App, build_application
from telegram_bot.i18n import t
from telegram_bot.runner import running
from tests.e2e.telegram.chat import Chat, Message, plain
from tests.e2e.telegram.conftest import ChatFactory, SeedBot
from web_minimal.dashboard.auth import COOKIE

pytestmark = pytest.mark.timeout(120)

Browser = aiohttp.ClientSession


@pytest.fixture
async def tg_app(
    runtime: Runtime, tg_emulator: TelegramEmulator, tg_users: list[int]
) -> AsyncIterator[App]:
    """Our bot, long-polling the emulator with the token the web app trusts."""
    token = runtime.settings.bot_token
    assert token is not None  # local mode: the emulator's token
    app = build_application(
        runtime,
        token=token,
        base_url=tg_emulator.bot_base_url,
        base_file_url=tg_emulator.file_base_url,
        webhook=False,
    )
    async with running(app):
        yield app


@pytest.fixture
async def web_app(runtime: Runtime) -> AsyncIterator[str]:
    """Serve our web app where the chat's links point; return its address."""
    from web_minimal.app import create_app

    runner = web.AppRunner(create_app(runtime), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", runtime.settings.port).start()
    yield runtime.settings.public_url
    await runner.cleanup()


def browser() -> Browser:
    """A browser of its own: it keeps cookies, even for 127.0.0.1, and follows no redirect."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def visit(session: Browser, url: str) -> tuple[int, str]:
    """GET `url` without following redirects; return the status and where it points."""
    async with session.get(url, allow_redirects=False) as response:
        return response.status, response.headers.get("Location", "")


def only_button(message: Message) -> dict[str, Any]:
    ((button,),) = message["buttons"]
    return dict(button)


async def test_a_link_signs_in_once_and_logout_all_ends_the_session(
    new_chat: ChatFactory, web_app: str
) -> None:
    chat = new_chat(language_code="en")
    (reply,) = await chat.say("/dashboard")
    assert reply["text"] == plain(t("en", "dashboard_link", minutes=10))
    button = only_button(reply)
    assert button["text"] == "📊 Open dashboard" and "web_app" not in button
    link = button["url"]
    assert link.startswith(f"{web_app}/dashboard/login/")

    async with browser() as mine, browser() as forwarded:
        async with mine.get(link, allow_redirects=False) as response:
            assert (response.status, response.headers["Location"]) == (302, "/dashboard")
            cookie = response.cookies[COOKIE]
            assert cookie.value and cookie["httponly"] and cookie["samesite"] == "Lax"
        assert await visit(mine, f"{web_app}/dashboard") == (200, "")

        status, where = await visit(forwarded, link)  # the same link, a second time
        assert status == 302 and where == "/dashboard/signin?why=dashboard_link_used"
        assert not forwarded.cookie_jar.filter_cookies(URL(web_app)).get(COOKIE)

        (done,) = await chat.say("/logout_all")
        assert done["text"] == plain(dashboard.logout_view("en", 1))
        assert await visit(mine, f"{web_app}/dashboard") == (302, "/dashboard/signin")
    (again,) = await chat.say("/logout_all")
    assert again["text"] == plain(t("en", "logout_all_none"))


async def open_mini_app(emulator: TelegramEmulator, chat: Chat, url: str) -> str:
    """Tap a web_app button offering `url`; return the initData the Mini App receives."""
    body = {"chat_id": chat.user_id, "url": url}
    endpoint = f"{emulator.url}/_emu/webapp/init_data"
    async with aiohttp.ClientSession() as control, control.post(endpoint, json=body) as response:
        assert response.status == 200, await response.text()
        launch = await response.json()
    address, _, fragment = launch["launch_url"].partition("#")
    assert address == url
    (init_data,) = parse_qs(fragment)["tgWebAppData"]  # decoded once, as the page does
    return str(init_data)


async def test_the_mini_app_button_signs_in_with_telegrams_launch_data(
    new_chat: ChatFactory, seed_bot: SeedBot, web_app: str, tg_emulator: TelegramEmulator
) -> None:
    chat = new_chat(language_code="id")
    bot_id = await seed_bot(chat)
    (listing,) = await chat.say("/bots")
    *_, last_row = listing["buttons"]
    app = f"{web_app}/app"
    assert last_row == [{"text": "📊 Dasbor", "web_app": {"url": app}}]

    init_data = await open_mini_app(tg_emulator, chat, app)
    async with browser() as inside:
        form = {"init_data": init_data}
        async with inside.post(f"{web_app}/app/session", data=form) as response:
            assert response.status == 200 and (await response.json())["ok"] is True
            assert response.cookies[COOKIE].value
        assert await visit(inside, f"{web_app}/dashboard") == (200, "")

    chat.press(listing, "AlwaysIn BTC/USDT · BTC/USDT")  # the bot's detail view
    detail = await chat.until(
        lambda: (m := chat.message(listing["message_id"]))["edited"] and m, what="detail view"
    )
    on_bot = f"{app}?next=/dashboard/bots/{bot_id}"
    assert detail["buttons"][-1] == [{"text": "📊 Dasbor", "web_app": {"url": on_bot}}]
    assert await open_mini_app(tg_emulator, chat, on_bot)


async def test_a_forged_launch_is_refused(new_chat: ChatFactory, web_app: str) -> None:
    chat = new_chat(language_code="en")
    await chat.say("/bots")
    async with browser() as forger:
        form = {"init_data": f"user=%7B%22id%22%3A{chat.user_id}%7D&auth_date=1&hash=00"}
        async with forger.post(f"{web_app}/app/session", data=form) as response:
            assert response.status == 403 and COOKIE not in response.cookies
