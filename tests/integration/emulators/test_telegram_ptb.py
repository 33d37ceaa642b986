"""The Telegram emulator driven by real python-telegram-bot: polling, buttons, files, errors."""

from __future__ import annotations

import datetime as dt

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from emulators.telegram import FloodLimits, TelegramEmulator
from tests.integration.emulators.conftest_telegram import (
    USER_ID,
    build_application,
    control,
    make_bot,
    png_bytes,
    polling,
    tg_bot,
    tg_emulator,
    tg_http,
)

__all__ = ["tg_bot", "tg_emulator", "tg_http"]

KEYBOARD = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("Go", callback_data="go")],
        [InlineKeyboardButton("Docs", url="https://example.com/docs")],
    ]
)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greets the user with buttons."""
    assert update.message is not None and update.effective_user is not None
    name = update.effective_user.first_name
    await update.message.reply_text(
        f"Hello <b>{name}</b>!\nPick one:", parse_mode=ParseMode.HTML, reply_markup=KEYBOARD
    )


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers the button, edits the message and sends a chart."""
    query = update.callback_query
    assert query is not None and query.message is not None
    await query.answer("Working on it", show_alert=True)
    await query.edit_message_text(f"You chose {query.data}")
    await context.bot.send_photo(query.message.chat.id, photo=png_bytes(), caption="Chart")


async def test_polling_bot_replies_buttons_edits_and_photos(
    tg_emulator: TelegramEmulator, tg_http: aiohttp.ClientSession
) -> None:
    app = build_application(tg_emulator)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    async with polling(app):
        tg_emulator.send_user_message(USER_ID, "/start", first_name="Alice", language_code="en")
        [greeting] = await tg_emulator.wait_for_messages(USER_ID, 1)
        status, listed = await control(tg_http, tg_emulator, f"messages?chat_id={USER_ID}")
        assert status == 200 and listed["messages"] == [greeting]
        assert greeting["text"] == "Hello Alice!\nPick one:"
        assert greeting["raw_text"] == "Hello <b>Alice</b>!\nPick one:"
        assert greeting["buttons"] == [
            [{"text": "Go", "callback_data": "go"}],
            [{"text": "Docs", "url": "https://example.com/docs"}],
        ]
        tg_emulator.click(USER_ID, greeting["message_id"], "go")
        edited, photo = await tg_emulator.wait_for_messages(USER_ID, 2)
    [answer] = tg_emulator.callback_answers(USER_ID)
    assert answer["text"] == "Working on it" and answer["show_alert"] is True
    assert edited["edited"] is True and edited["text"] == "You chose go"
    assert edited["buttons"] == []  # editing without reply_markup drops the keyboard
    assert photo["photo"] is True and photo["text"] == "Chart"
    async with tg_http.get(tg_emulator.url + photo["file_url"]) as response:
        assert response.content_type == "image/png"
        assert await response.read() == png_bytes()


async def test_sent_photo_has_real_sizes_and_downloads_through_get_file(
    tg_emulator: TelegramEmulator, tg_bot: Bot
) -> None:
    tg_emulator.send_user_message(USER_ID, "hi")
    message = await tg_bot.send_photo(USER_ID, photo=png_bytes(5, 4), caption="c")
    assert (message.photo[-1].width, message.photo[-1].height) == (5, 4)
    again = await tg_bot.send_photo(USER_ID, photo=message.photo[-1].file_id)
    assert again.photo[-1].file_id == message.photo[-1].file_id
    file = await tg_bot.get_file(message.photo[-1].file_id)
    assert bytes(await file.download_as_bytearray()) == png_bytes(5, 4)


async def test_documents_keep_their_name_and_bytes(
    tg_emulator: TelegramEmulator, tg_bot: Bot
) -> None:
    emulator = tg_emulator
    emulator.send_user_message(USER_ID, "hi")
    sent = await tg_bot.send_document(USER_ID, document=b"a,b\n1,2\n", filename="trades.csv")
    assert sent.document is not None and sent.document.file_name == "trades.csv"
    [view] = emulator.messages(USER_ID)
    assert view["document"] is True and view["file_name"] == "trades.csv"


async def test_commands_are_stored_per_language_and_scope(
    tg_emulator: TelegramEmulator, tg_bot: Bot
) -> None:
    english = [BotCommand("start", "Start"), BotCommand("help", "Help")]
    indonesian = [BotCommand("start", "Mulai"), BotCommand("help", "Bantuan")]
    assert await tg_bot.set_my_commands(english)
    assert await tg_bot.set_my_commands(indonesian, language_code="id")
    private = BotCommandScopeAllPrivateChats()
    assert await tg_bot.set_my_commands([BotCommand("stop", "Stop")], scope=private)
    assert await tg_bot.get_my_commands() == tuple(english)
    assert await tg_bot.get_my_commands(language_code="id") == tuple(indonesian)
    assert await tg_bot.get_my_commands(language_code="ru") == ()
    assert [c.command for c in await tg_bot.get_my_commands(scope=private)] == ["stop"]
    assert tg_emulator.commands("id") == [
        {"command": "start", "description": "Mulai"},
        {"command": "help", "description": "Bantuan"},
    ]
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await tg_bot.set_my_commands([BotCommand("Start", "Capitalised")])


async def test_injected_5xx_surface_as_network_errors(
    tg_emulator: TelegramEmulator, tg_bot: Bot
) -> None:
    emulator = tg_emulator
    emulator.send_user_message(USER_ID, "hi")
    emulator.set_fault(status=502, count=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await tg_bot.send_message(USER_ID, "try")
    assert (await tg_bot.send_message(USER_ID, "third time")).text == "third time"
    emulator.set_fault(status=500, count=1, after=True)
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await tg_bot.send_message(USER_ID, "ghost")
    assert [m["text"] for m in emulator.messages(USER_ID)] == ["third time", "ghost"]
    assert emulator.stats()["faults_5xx"] == 3


async def test_blocked_users_answer_403_until_unblocked(
    tg_emulator: TelegramEmulator, tg_bot: Bot
) -> None:
    emulator = tg_emulator
    emulator.send_user_message(USER_ID, "hi")
    emulator.block_user(USER_ID)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await tg_bot.send_message(USER_ID, "still there?")
    updates = await tg_bot.get_updates()
    member = updates[-1].my_chat_member
    assert member is not None and member.new_chat_member.status == "kicked"
    emulator.block_user(USER_ID, blocked=False)
    assert (await tg_bot.send_message(USER_ID, "welcome back")).message_id > 0


async def test_flood_limit_raises_retry_after_in_ptb(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB 22.2+ warns inside RetryAfter() unless timedelta mode is on; warnings are errors here.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    limits = FloodLimits(per_chat_per_sec=1.0, per_chat_burst=2)
    async with TelegramEmulator(flood_limits=limits) as emulator, make_bot(emulator) as bot:
        emulator.send_user_message(USER_ID, "hi")
        await bot.send_message(USER_ID, "one")
        await bot.send_message(USER_ID, "two")
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(USER_ID, "three")
        assert caught.value.retry_after == dt.timedelta(seconds=1)


async def test_bad_markup_and_unknown_chats_raise_bad_request(
    tg_emulator: TelegramEmulator, tg_bot: Bot
) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await tg_bot.send_message(424242, "nobody")
    tg_emulator.send_user_message(USER_ID, "hi")
    with pytest.raises(BadRequest, match=r"(?i)unsupported start tag \"br\""):
        await tg_bot.send_message(USER_ID, "line<br>break", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)character '\.' is reserved"):
        await tg_bot.send_message(USER_ID, "Price 1.5", parse_mode=ParseMode.MARKDOWN_V2)
