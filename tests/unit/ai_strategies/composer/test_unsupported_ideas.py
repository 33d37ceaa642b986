"""Ideas a spot, long-only strategy cannot follow are said first, in the user's language."""

from __future__ import annotations

import re

import pytest

from ai_strategies.composer.compose import NotUnderstood, compose
from ai_strategies.composer.texts import TEXTS

SHORT = "short BTC futures with 10x leverage when RSI is above 70"


@pytest.mark.parametrize("language", ["en", "id"])
def test_a_short_idea_is_refused_first_with_the_long_mirror(language: str) -> None:
    with pytest.raises(NotUnderstood) as caught:
        compose(SHORT, language)
    long_only = TEXTS.text("long_only", language)
    assert caught.value.message.startswith(long_only)
    assert caught.value.missing[0] == long_only
    assert ("RSI is below 30" if language == "en" else "RSI di bawah 30") in long_only


@pytest.mark.parametrize(
    ("prompt", "language"),
    [
        ("buy BTC with 10x leverage when RSI is below 30", "en"),
        ("beli BTC dengan leverage 10x saat RSI di bawah 30", "id"),
    ],
)
def test_incidental_leverage_is_built_with_the_caveat_first(prompt: str, language: str) -> None:
    built = compose(prompt, language)
    first = built.explanation.splitlines()[0]
    assert first.startswith("⚠️") and "leverage 10x" in first.replace("10x leverage", "leverage 10x")
    assert [u.code for u in built.unsupported] == ["leverage"]


def test_missing_parts_in_indonesian_have_no_english_words() -> None:
    with pytest.raises(NotUnderstood) as caught:
        compose("tolong buatkan strategi untuk BTC", "id")
    english = re.compile(r"\b(?:indicator|missing|entry|signal|buy)\b", re.IGNORECASE)
    assert caught.value.missing and not any(english.search(m) for m in caught.value.missing)
    assert not english.search(caught.value.message)


@pytest.mark.parametrize("language", ["en", "id"])
def test_ichimoku_prompts_compose(language: str) -> None:
    built = compose("Ichimoku cloud breakout on BTC 4h", language)
    assert built.spec.indicators[0].kind == "ichimoku"
