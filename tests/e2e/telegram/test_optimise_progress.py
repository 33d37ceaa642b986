"""/optimize in chat: pick a strategy and epochs, then one message follows the hyperopt."""

from __future__ import annotations

import pytest

from ai_strategies.composer import compose
from nofomo.worker import WorkerNode
from orchestrator.accounts import users
from orchestrator.core.runtime import Runtime
from orchestrator.strategies.versions import NewVersion, create_strategy
from telegram_bot.i18n import label, t
from tests.e2e.telegram.chat import plain
from tests.e2e.telegram.conftest import ChatFactory

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


async def test_optimise_progress_is_edited_into_one_message(
    new_chat: ChatFactory, worker: WorkerNode, runtime: Runtime
) -> None:
    chat = new_chat(language_code="en")
    user = await users.get_or_create(
        runtime.db, chat.user_id, username=None, name=None, language_code="en"
    )
    composed = compose("buy ETH when RSI below 30, 15m, stop loss 3%", "en")
    await create_strategy(
        runtime.db,
        user.id,
        NewVersion(
            composed.class_name,
            composed.code,
            "RSI dip",
            pair=composed.pair,
            timeframe=composed.timeframe,
        ),
    )
    (picker,) = await chat.say("/optimize")
    before = len(chat.messages())
    chat.press(picker, picker["buttons"][0][0]["text"])
    epochs = await chat.until(
        lambda: next(
            (
                m
                for m in chat.messages()[before:]
                if m["text"] == plain(t("en", "pick_optimise_epochs"))
            ),
            None,
        ),
        what="the epochs question",
    )
    before = len(chat.messages())
    chat.press(epochs, label("en", "btn_epochs", epochs=50))
    waiting = await chat.until(
        lambda: next(
            (m for m in chat.messages()[before:] if m["text"].startswith("⚙️ Optimising")), None
        ),
        what="the progress message",
    )
    seen: set[str] = set()

    def finished() -> bool:
        text = chat.message(waiting["message_id"])["text"]
        seen.add(text)
        return text == plain(t("en", "optimise_done"))

    await chat.until(finished, timeout=240, what="the optimisation to finish")
    assert any("epoch" in text and "of 50" in text for text in seen), seen
