"""Reading the model's reply into a draft, and the syntax-only fallback validator."""

from __future__ import annotations

from typing import Any

import pytest

from ai_strategies.generator.draft import MAX_CODE_CHARS, check_syntax, read_draft
from emulators.llm import canned


def reply(**overrides: Any) -> dict[str, Any]:
    return {**canned.strategy_reply(canned.GOOD_CODE), **overrides}


def test_read_draft_accepts_a_complete_reply() -> None:
    draft, errors = read_draft(reply(pair="btc/usdt", summary="One line\nand more"))
    assert errors == []
    assert draft is not None
    assert (draft.class_name, draft.pair, draft.timeframe) == ("RsiDipStrategy", "BTC/USDT", "5m")
    assert draft.summary == "One line"
    assert draft.parameters["buy_rsi"] == 30


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"code": ""}, '"code" must be a non-empty string'),
        ({"explanation": None}, '"explanation" must be a non-empty string'),
        ({"parameters": []}, '"parameters" must be an object'),
        ({"class_name": "Rsi Dip"}, "is not a Python identifier"),
        ({"class_name": "OtherStrategy"}, "defines no class named 'OtherStrategy'"),
        ({"pair": "bitcoin"}, '"pair"'),
        ({"timeframe": "7m"}, '"timeframe" must be one of'),
        ({"code": canned.GOOD_CODE + "#" * MAX_CODE_CHARS}, "keep it under"),
    ],
)
def test_read_draft_names_each_problem(overrides: dict[str, Any], fragment: str) -> None:
    draft, errors = read_draft(reply(**overrides))
    assert draft is None
    assert any(fragment in error for error in errors), errors


def test_read_draft_reports_every_missing_field_at_once() -> None:
    draft, errors = read_draft({"code": "x = 1\n"})
    assert draft is None
    assert len(errors) == 6


async def test_check_syntax_passes_good_code() -> None:
    outcome = await check_syntax(canned.GOOD_CODE)
    assert outcome.ok and outcome.errors == []


async def test_check_syntax_names_the_line() -> None:
    outcome = await check_syntax(canned.SYNTAX_ERROR_CODE)
    assert not outcome.ok
    assert outcome.errors[0].startswith("SyntaxError on line 8")


async def test_check_syntax_survives_null_bytes() -> None:
    outcome = await check_syntax("x = 1\0")
    assert not outcome.ok
