"""Onboarding in both languages, /help and the published command menus."""

from __future__ import annotations

import pytest

from emulators.telegram import TelegramEmulator
from orchestrator.core.runtime import Runtime
from telegram_bot.commands import COMMANDS
from telegram_bot.i18n import label, t
from tests.e2e.telegram.chat import button_labels, plain
from tests.e2e.telegram.conftest import ChatFactory


@pytest.mark.parametrize(("client", "chosen"), [("id", "en"), ("en", "id")])
async def test_start_then_switch_language(
    new_chat: ChatFactory, runtime: Runtime, client: str, chosen: str
) -> None:
    chat = new_chat(language_code=client)
    (picker,) = await chat.say("/start")
    assert picker["text"] == plain(t(client, "choose_language"))
    assert button_labels(picker) == ["Bahasa Indonesia", "English"]

    query = chat.press(picker, label(chosen, f"lang_name_{chosen}"))
    welcome = await chat.edited_to(picker, t(chosen, "welcome"))
    assert button_labels(welcome) == [
        label(chosen, "btn_new_strategy"),
        label(chosen, "btn_connect_keys"),
        label(chosen, "btn_my_bots"),
    ]
    assert (await chat.answer(query))["text"] == label(chosen, "language_set")
    async with runtime.db.as_service() as conn:
        stored = await conn.fetchval(
            "select language from users where telegram_id = $1", chat.user_id
        )
    assert stored == chosen

    (reply,) = await chat.say("/help")
    assert reply["text"].startswith(plain(t(chosen, "help_title")))


async def test_help_lists_every_command(new_chat: ChatFactory) -> None:
    chat = new_chat(language_code="id")
    (reply,) = await chat.say("/help")
    for name in COMMANDS:
        assert f"/{name} — {label('id', f'cmd_{name}')}" in reply["text"]


async def test_command_menus_in_both_languages(
    new_chat: ChatFactory, tg_emulator: TelegramEmulator
) -> None:
    for language in ("id", "en", ""):
        menu = tg_emulator.commands(language_code=language)
        assert [c["command"] for c in menu] == list(COMMANDS)
        lang = language or "en"
        assert menu[0]["description"] == label(lang, "cmd_start")


async def test_unknown_input_gets_help(new_chat: ChatFactory) -> None:
    chat = new_chat()
    (reply,) = await chat.say("/frobnicate")
    assert reply["text"] == plain(t("en", "fallback_command"))
    (reply,) = await chat.say("hello")
    assert reply["text"] == plain(t("en", "fallback_text"))
    (offer,) = await chat.say("buy btc when rsi drops under 30 and sell when it goes above 70")
    assert offer["text"] == plain(t("en", "idea_offer"))
    assert button_labels(offer) == [label("en", "btn_generate_idea")]
