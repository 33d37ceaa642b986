"""Which requests the shared rate limiter counts, and which chat it charges them to."""

from __future__ import annotations

import pytest

from telegram_bot.ratelimit import chat_of, counts


@pytest.mark.parametrize(
    ("endpoint", "counted"),
    [
        ("sendMessage", True),
        ("sendPhoto", True),
        ("editMessageText", True),
        ("copyMessage", True),
        ("forwardMessage", True),
        ("sendChatAction", False),
        ("answerCallbackQuery", False),
        ("getMe", False),
        ("setMyCommands", False),
        ("deleteMessage", False),
    ],
)
def test_only_what_telegram_counts_spends_the_budget(endpoint: str, counted: bool) -> None:
    assert counts(endpoint) is counted


def test_the_chat_is_an_id_a_name_or_none() -> None:
    assert chat_of({"chat_id": 42, "text": "hi"}) == 42
    assert chat_of({"chat_id": "-100123"}) == -100123
    assert chat_of({"chat_id": "@channel"}) == "@channel"
    assert chat_of({"inline_message_id": "abc"}) is None
