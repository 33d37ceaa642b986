"""Buttons pressed by someone else, or with tampered data, do nothing and say so."""

from __future__ import annotations

import base64

from orchestrator.core.runtime import Runtime
from telegram_bot.i18n import label, t
from tests.e2e.telegram.chat import Chat, button_data, plain
from tests.e2e.telegram.conftest import ChatFactory


async def language_of(runtime: Runtime, chat: Chat) -> str | None:
    async with runtime.db.as_service() as conn:
        found: str | None = await conn.fetchval(
            "select language from users where telegram_id = $1", chat.user_id
        )
    return found


def tamper(data: str) -> str:
    raw = bytearray(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    raw[-1] ^= 0x01  # flip one bit of the MAC
    return base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()


async def test_another_users_press_is_refused(new_chat: ChatFactory, runtime: Runtime) -> None:
    owner, intruder = new_chat(language_code="id"), new_chat(language_code="id")
    (picker,) = await owner.say("/start")
    data = button_data(picker, "English")

    query = owner.press(picker, user_id=intruder.user_id, data=data)
    answer = await owner.answer(query)
    assert answer["show_alert"] is True
    assert answer["text"] == label("en", "not_for_you")  # the intruder's client has no language
    assert owner.message(picker["message_id"])["text"] == plain(t("id", "choose_language"))
    assert await language_of(runtime, owner) == "id"
    assert await language_of(runtime, intruder) is None  # nothing ran on their behalf


async def test_tampered_data_is_refused(new_chat: ChatFactory, runtime: Runtime) -> None:
    chat = new_chat(language_code="id")
    (picker,) = await chat.say("/start")
    forged = tamper(button_data(picker, "English"))

    answer = await chat.answer(chat.press(picker, data=forged))
    assert answer["show_alert"] is True
    assert answer["text"] == label("id", "not_for_you") == "Tombol ini tidak untuk Anda."
    assert not chat.message(picker["message_id"])["edited"]
    assert await language_of(runtime, chat) == "id"

    garbage = await chat.answer(chat.press(picker, data="not-even-base64!"))
    assert garbage["text"] == label("id", "not_for_you")


async def test_a_valid_button_still_works_after_refusals(new_chat: ChatFactory) -> None:
    chat = new_chat(language_code="en")
    (picker,) = await chat.say("/start")
    await chat.answer(chat.press(picker, data=tamper(button_data(picker, "English"))))
    chat.press(picker, "Bahasa Indonesia")
    await chat.edited_to(picker, t("id", "welcome"))
