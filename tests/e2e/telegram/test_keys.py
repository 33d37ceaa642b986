"""/keys: a one-time form link, masked keys with a confirmed delete, pasted keys deleted."""

from __future__ import annotations

import logging
import secrets
import string

import pytest

from orchestrator.accounts import users
from orchestrator.core.runtime import Runtime
from orchestrator.keys import store as exchange_keys
from telegram_bot.i18n import label, t
from tests.e2e.telegram.chat import Chat, button_labels, plain
from tests.e2e.telegram.conftest import ChatFactory

ALPHANUMERIC = string.ascii_letters + string.digits


def token(length: int) -> str:
    while True:
        value = "".join(secrets.choice(ALPHANUMERIC) for _ in range(length))
        if all(any(test(c) for c in value) for test in (str.isdigit, str.islower, str.isupper)):
            return value


async def store_key(runtime: Runtime, chat: Chat) -> None:
    user = await users.get_or_create(
        runtime.db, chat.user_id, username=None, name="Tester", language_code=chat.language_code
    )
    credentials = exchange_keys.Credentials(api_key="A" * 60 + "wxyz", secret="s" * 64)
    await exchange_keys.store_key(
        runtime.db, runtime.vault, user.id, "binance", credentials, label="main"
    )


async def test_keys_sends_a_one_time_link_button(new_chat: ChatFactory) -> None:
    chat = new_chat(language_code="id")
    (reply,) = await chat.say("/keys")
    assert reply["text"].startswith(plain(t("id", "keys_intro")).splitlines()[0])
    (link,) = [b for row in reply["buttons"] for b in row if "url" in b]
    assert link["text"] == label("id", "btn_open_key_form")
    assert "/keys/" in link["url"]
    (again,) = await chat.say("/keys")
    (second,) = [b for row in again["buttons"] for b in row if "url" in b]
    assert second["url"] != link["url"]  # a fresh one-time link each time


async def test_keys_are_listed_masked_and_deleted_after_confirmation(
    new_chat: ChatFactory, runtime: Runtime
) -> None:
    chat = new_chat()
    await store_key(runtime, chat)
    (listing,) = await chat.say("/keys")
    assert "Binance ••••wxyz main" in listing["text"]
    assert "A" * 20 not in listing["text"]
    delete = label("en", "btn_delete_key", exchange="Binance", hint="••••wxyz")
    assert delete in button_labels(listing)

    before = len(chat.messages())
    chat.press(listing, delete)
    (confirm,) = (await chat.emulator.wait_for_messages(chat.user_id, before + 1, 10))[before:]
    assert confirm["text"] == plain(
        t("en", "key_delete_confirm", exchange="Binance", hint="••••wxyz")
    )
    chat.press(confirm, label("en", "btn_confirm_delete"))
    await chat.edited_to(confirm, t("en", "key_deleted"))
    async with runtime.db.as_service() as conn:
        left = await conn.fetchval(
            "select count(*) from exchange_keys k join users u on u.id = k.user_id"
            " where u.telegram_id = $1",
            chat.user_id,
        )
    assert left == 0


@pytest.mark.parametrize(
    "paste",
    [
        token(64),
        f"my key {token(18)} and secret {token(36)}",
        "api key: Zx81kQ0pLm3n",
        f"secret={token(64)}",
    ],
    ids=["bare", "key-and-secret", "short-key", "secret="],  # stable: xdist workers must agree
)
async def test_pasted_credentials_are_deleted_and_explained(
    new_chat: ChatFactory, paste: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    chat = new_chat(language_code="id")
    sent = chat.send(paste)
    (reply,) = await chat.emulator.wait_for_messages(chat.user_id, 1, 10)
    assert reply["text"] == plain(t("id", "secret_deleted"))
    assert chat.message(sent["message_id"])["deleted"] is True
    # PTB itself logs whole updates at DEBUG; ours never log message text at any level.
    leaks = [r for r in caplog.records if paste in r.getMessage()]
    assert not [r for r in leaks if r.name.startswith("telegram_bot") or r.levelno >= logging.INFO]


async def test_ordinary_text_is_not_taken_for_a_key(new_chat: ChatFactory) -> None:
    chat = new_chat()
    sent = chat.send("BTCUSDT or ETHUSDT?")
    (reply,) = await chat.emulator.wait_for_messages(chat.user_id, 1, 10)
    assert reply["text"] == plain(t("en", "fallback_text"))
    assert chat.message(sent["message_id"])["deleted"] is False
