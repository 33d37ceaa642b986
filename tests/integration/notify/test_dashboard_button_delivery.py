"""The "📊 Dashboard" button under an alert reaches Telegram as a Mini App that opens."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from emulators.telegram import TelegramEmulator
from telegram_bot.alerts import PtbTransport, TelegramRenderer
from tests.integration.notify.conftest import TOKEN
from tests.unit.notify.samples import BOT_ID, SAMPLES

CHAT = 700_100_200
# The emulator, like local mode, opens Mini Apps over plain HTTP on this machine.
APP = "http://127.0.0.1:8080/app"


async def test_a_trade_alert_opens_the_bots_dashboard_page(
    tg: TelegramEmulator, transport: PtbTransport
) -> None:
    tg.send_user_message(CHAT, "/start")  # the private chat exists
    rendered = TelegramRenderer.for_token(TOKEN, APP)(
        "trade_opened", SAMPLES["trade_opened"], "id", CHAT
    )
    await transport.send(CHAT, rendered.text, buttons=rendered.buttons)

    (message,) = tg.messages(CHAT)
    url = f"{APP}?next=/dashboard/bots/{BOT_ID}"
    assert message["buttons"][-1] == [{"text": "📊 Dasbor", "web_app": {"url": url}}]
    assert all("callback_data" in b for row in message["buttons"][:-1] for b in row)

    launch = tg.open_web_app(CHAT, url)  # as a tap on the button does
    address, _, fragment = launch.launch_url.partition("#")
    assert address == url
    assert parse_qs(fragment)["tgWebAppData"] == [launch.init_data]
    assert urlsplit(address).query == f"next=/dashboard/bots/{BOT_ID}"
