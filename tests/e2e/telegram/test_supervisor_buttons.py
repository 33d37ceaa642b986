"""Buttons under a supervisor alert, rendered and sent the way the alert sender does."""

from __future__ import annotations

import uuid

from telegram_bot.alerts import PtbTransport, TelegramRenderer
from telegram_bot.app import App
from telegram_bot.i18n import t
from tests.e2e.telegram.chat import Chat, Message, plain
from tests.e2e.telegram.conftest import TOKEN, ChatFactory, SeedBot


async def alert(app: App, chat: Chat, bot_id: uuid.UUID) -> Message:
    await chat.say("/help")  # the chat must exist before the bot can write to it
    payload = {"bot_id": str(bot_id), "bot_name": "AlwaysIn", "pair": "BTC/USDT", "streak": 3}
    rendered = TelegramRenderer.for_token(TOKEN)("supervisor_paused", payload, "en", chat.user_id)
    await PtbTransport(app.bot).send(chat.user_id, rendered.text, buttons=rendered.buttons)
    return chat.messages()[-1]


async def test_keep_paused_and_explain(
    new_chat: ChatFactory, seed_bot: SeedBot, tg_app: App
) -> None:
    chat = new_chat(language_code="en")
    bot_id = await seed_bot(chat)
    message = await alert(tg_app, chat, bot_id)

    before = len(chat.messages())
    chat.press(message, "⏸ Keep paused")
    (kept,) = (await chat.emulator.wait_for_messages(chat.user_id, before + 1, 10))[before:]
    assert kept["text"] == plain(t("en", "sv_kept_paused", name="AlwaysIn BTC/USDT"))

    chat.press(message, "❓ Explain")
    (why,) = (await chat.emulator.wait_for_messages(chat.user_id, before + 2, 10))[before + 1 :]
    assert why["text"].startswith("🔎 Last 0 trades: 0 losses")


async def test_alert_buttons_refuse_another_user(
    new_chat: ChatFactory, seed_bot: SeedBot, tg_app: App
) -> None:
    owner, intruder = new_chat(), new_chat()
    message = await alert(tg_app, owner, await seed_bot(owner))
    data = message["buttons"][0][0]["callback_data"]
    answer = await owner.answer(owner.press(message, user_id=intruder.user_id, data=data))
    assert answer["show_alert"] is True and answer["text"] == "This button is not for you."
