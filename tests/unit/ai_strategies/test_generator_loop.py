"""The repair loop and prompts, driven by an in-memory stand-in for the LLM client."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from openai.types.chat import ChatCompletionMessageParam

from ai_strategies.errors import UserFacingError
from ai_strategies.generator import MAX_PROMPT_CHARS, ValidationOutcome, generate_strategy
from ai_strategies.generator.prompts import SYSTEM_PROMPT, initial_messages, repair_messages
from emulators.llm import canned

GOOD = canned.strategy_reply(canned.GOOD_CODE)
BROKEN = canned.strategy_reply(canned.SYNTAX_ERROR_CODE)


class ScriptedCompleter:
    """Hand out canned JSON replies in order and keep the messages it was sent."""

    def __init__(self, *replies: dict[str, Any]) -> None:
        self.replies = list(replies)
        self.calls: list[list[ChatCompletionMessageParam]] = []

    async def complete_json(self, messages: Sequence[ChatCompletionMessageParam]) -> dict[str, Any]:
        self.calls.append(list(messages))
        return self.replies.pop(0)


def last_user_text(messages: list[ChatCompletionMessageParam]) -> str:
    content = messages[-1].get("content")
    assert isinstance(content, str)
    return content


async def test_accepts_a_good_reply_at_once() -> None:
    completer = ScriptedCompleter(GOOD)
    result = await generate_strategy("RSI dip", "en", client=completer, validate=None)
    assert (result.class_name, result.attempts, result.repair_log) == ("RsiDipStrategy", 1, [])
    assert result.code == canned.GOOD_CODE


async def test_sends_syntax_errors_back_with_the_previous_code() -> None:
    completer = ScriptedCompleter(BROKEN, GOOD)
    result = await generate_strategy("RSI dip", "id", client=completer, validate=None)
    assert result.attempts == 2
    assert result.repair_log[0].errors[0].startswith("SyntaxError on line 8")
    repair = last_user_text(completer.calls[1])
    assert "SyntaxError on line 8" in repair
    assert "class RsiDipStrategy(IStrategy)\n" in repair
    assert "Bahasa Indonesia" in repair


async def test_repairs_shape_problems_too() -> None:
    completer = ScriptedCompleter({"code": "x = 1\n"}, GOOD)
    result = await generate_strategy("RSI dip", "en", client=completer, validate=None)
    assert result.attempts == 2
    assert '"class_name" must be a non-empty string' in last_user_text(completer.calls[1])


async def test_gives_up_after_max_repairs_with_the_last_reasons() -> None:
    async def reject(code: str) -> ValidationOutcome:
        return ValidationOutcome.failed([f"bad #{len(completer.calls)}"])

    completer = ScriptedCompleter(GOOD, GOOD, GOOD)
    with pytest.raises(UserFacingError) as caught:
        await generate_strategy("RSI dip", "en", client=completer, validate=reject, max_repairs=2)
    assert caught.value.key == "strategy_invalid"
    assert caught.value.params == {"reasons": ["bad #3"]}
    assert len(completer.calls) == 3


async def test_failed_outcome_without_reasons_still_explains() -> None:
    async def reject(code: str) -> ValidationOutcome:
        return ValidationOutcome(ok=False)

    completer = ScriptedCompleter(GOOD)
    with pytest.raises(UserFacingError) as caught:
        await generate_strategy("RSI dip", "en", client=completer, validate=reject, max_repairs=0)
    assert caught.value.params["reasons"] == ["validation failed without a reason"]


@pytest.mark.parametrize(
    ("prompt", "key"),
    [("   ", "strategy_prompt_empty"), ("x" * (MAX_PROMPT_CHARS + 1), "strategy_prompt_too_long")],
)
async def test_refuses_bad_prompts_without_calling_the_model(prompt: str, key: str) -> None:
    completer = ScriptedCompleter()
    with pytest.raises(UserFacingError) as caught:
        await generate_strategy(prompt, "en", client=completer, validate=None)
    assert caught.value.key == key
    assert completer.calls == []


def test_prompts_quote_the_idea_and_name_the_language() -> None:
    system, user = initial_messages("beli saat {RSI} < 30", "id-ID")
    assert system["content"] == SYSTEM_PROMPT
    assert "beli saat {RSI} < 30" in str(user["content"])
    assert "Bahasa Indonesia" in str(user["content"])
    assert "English" in str(initial_messages("idea", "fr")[1]["content"])


def test_system_prompt_teaches_the_contract() -> None:
    for needle in ("INTERFACE_VERSION = 3", "enter_long", "exit_long", "IntParameter", "shift"):
        assert needle in SYSTEM_PROMPT
    assert "{timeframes}" not in SYSTEM_PROMPT


def test_repair_messages_handle_missing_code() -> None:
    messages = repair_messages("idea", "en", previous_code="", errors=["no code"])
    assert "(no code was returned)" in str(messages[-1]["content"])
    assert len(messages) == 3
