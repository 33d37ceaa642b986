"""The main messages on a 360 px phone, in both languages: saved as pictures and checked.

A person types into the emulator's chat page and presses its buttons; the real bot answers.
Each screen is kept as `test-artifacts/screens/<lang>/<nn>-<name>.png` (see `screens.py`)
for a human to look at, and fails the test if something on it is off the screen, cut short,
raw (identifiers, HTML tags) or, in Indonesian, left in English.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser

from emulators.telegram import TelegramEmulator
from nofomo.worker import WorkerNode
from orchestrator.accounts import users
from orchestrator.alerts import AlertSender
from orchestrator.alerts.payloads import TradeClosed, TradeFields, TradeOpened
from orchestrator.alerts.produce import enqueue_alert
from orchestrator.core.runtime import Runtime
from telegram_bot.app import App
from telegram_bot.i18n import label, t
from tests.e2e.telegram.chat import Chat, Message
from tests.e2e.telegram.conftest import ChatFactory, SeedBot, SeedStrategy, put_on_plan
from tests.e2e.telegram.screens import Phone
from tests.e2e.telegram.test_journey import sender
from tests.e2e.test_keyform_browser import browser, chromium_path

__all__ = ["browser", "chromium_path", "sender"]

pytestmark = pytest.mark.timeout(300)

IDEA = {
    "en": "scalping BTC/USDT 5m with RSI and EMA crossover",
    "id": "scalping BTC/USDT 5m dengan RSI dan EMA crossover",
}


# As the trade sync queues them from Freqtrade's rows: decimals as Freqtrade stores them.
def trade(bot_id: uuid.UUID) -> TradeFields:
    return {
        "bot_id": str(bot_id),
        "bot_name": "AlwaysIn BTC/USDT",
        "pair": "BTC/USDT",
        "trade_id": 1,
        "amount": "0.00038900",
        "stake_currency": "USDT",
        "dry_run": True,
    }


def opened(bot_id: uuid.UUID) -> TradeOpened:
    return {"kind": "trade_opened", **trade(bot_id), "side": "buy", "price": "64210.13000000"}


def closed(bot_id: uuid.UUID) -> TradeClosed:
    return {
        "kind": "trade_closed",
        **trade(bot_id),
        "side": "sell",
        "price": "64080.00000000",
        "profit_abs": "-0.05048116",
        "profit_pct": "-0.2",
        "exit_reason": "stop_loss",
    }


@pytest.fixture(params=["en", "id"])
async def phone(
    request: pytest.FixtureRequest, browser: Browser, tg_emulator: TelegramEmulator, tg_app: App
) -> AsyncIterator[Phone]:
    """The chat page on a phone, in one language; its problems fail the test at the end."""
    opened = await Phone.open(browser, tg_emulator, request.param)
    yield opened
    await opened.close()


async def open_chat(phone: Phone, new_chat: ChatFactory) -> Chat:
    chat = new_chat(language_code=phone.language)
    await phone.chat_as(chat)
    return chat


async def onboarding(phone: Phone, new_chat: ChatFactory) -> None:
    lang = phone.language
    chat = await open_chat(phone, new_chat)
    (picker,) = await phone.type(chat, "/start")
    await phone.shoot(chat, "01-welcome")
    intro = await phone.press(chat, picker, label(lang, f"lang_name_{lang}"), edits=True)
    await chat.edited_to(intro, t(lang, "welcome"))
    await phone.shoot(chat, "02-intro")


async def command(phone: Phone, chat: Chat, text: str, name: str) -> Message:
    (answer,) = await phone.type(chat, text)
    await phone.shoot(chat, name)
    return answer


async def trade_alerts(phone: Phone, chat: Chat, runtime: Runtime, bot_id: uuid.UUID) -> None:
    user = await users.get_or_create(
        runtime.db, chat.user_id, username=None, name=None, language_code=None
    )
    before = len(chat.messages())
    async with runtime.db.as_service() as conn:
        await enqueue_alert(conn, user.id, opened(bot_id))
        await enqueue_alert(conn, user.id, closed(bot_id))
    await phone.emulator.wait_for_messages(chat.user_id, before + 2, 30)
    await phone.shoot(chat, "08-trade-alert")


async def plan_refusal(phone: Phone, chat: Chat) -> None:
    (picker,) = await phone.type(chat, "/backtest")
    days = await phone.press(chat, picker, "AlwaysIn test")
    above = days["buttons"][-1][-1]["text"]  # the longest run, marked with the plan allowing it
    await phone.press(chat, days, above)
    await phone.shoot(chat, "10-plan-limit")


async def test_main_screens(
    phone: Phone,
    new_chat: ChatFactory,
    seed_strategy: SeedStrategy,
    seed_bot: SeedBot,
    runtime: Runtime,
    sender: AlertSender,
) -> None:
    await onboarding(phone, new_chat)
    await command(phone, await open_chat(phone, new_chat), "/help", "03-help")

    chat = await open_chat(phone, new_chat)
    await seed_strategy(chat)
    await command(phone, chat, "/strategies", "05-strategies")

    chat = await open_chat(phone, new_chat)
    bot_id = await seed_bot(chat)
    listed = await command(phone, chat, "/bots", "06-bots")
    await phone.press(chat, listed, listed["buttons"][0][0]["text"], edits=True)
    await phone.shoot(chat, "07-bot-detail")
    await trade_alerts(phone, chat, runtime, bot_id)

    await command(phone, await open_chat(phone, new_chat), "/settings", "09-settings")
    chat = await open_chat(phone, new_chat)
    await seed_strategy(chat)
    await put_on_plan(runtime, chat, "free")  # seeded on Elite (custom code): a plan above it
    await plan_refusal(phone, chat)
    assert phone.report() == ""


def strategy_ready(chat: Chat) -> Message | None:
    """Return the strategy message with its buttons: the chart's caption or the text after it."""
    messages = chat.messages()
    start = next((i for i, m in enumerate(messages) if m["text"].startswith("✨")), None)
    if start is None:
        return None
    return next((m for m in messages[start:] if m["buttons"]), None)


@pytest.mark.slow
async def test_strategy_ready_screen(
    phone: Phone, new_chat: ChatFactory, worker: WorkerNode, sender: AlertSender
) -> None:
    chat = await open_chat(phone, new_chat)
    (working,) = await phone.type(chat, f"/new {IDEA[phone.language]}")
    ready = await chat.until(lambda: strategy_ready(chat), timeout=240, what="the strategy")
    # The progress message may still show a stage when the result arrives; it settles soon.
    await chat.edited_to(working, t(phone.language, "new_done"), timeout=30)
    await phone.shoot(chat, "04-strategy-ready")
    assert any(m["photo"] for m in chat.messages()) and ready["buttons"]
    assert phone.report() == ""
