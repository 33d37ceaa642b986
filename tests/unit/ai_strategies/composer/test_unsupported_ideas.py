"""Ideas a spot, long-only strategy cannot follow are said first, in the user's language."""

from __future__ import annotations

import re

import pytest

from ai_strategies.composer import read_prompt
from ai_strategies.composer.compose import NotUnderstood, compose
from ai_strategies.composer.texts import TEXTS

SHORT = "short BTC futures with 10x leverage when RSI is above 70"


@pytest.mark.parametrize("language", ["en", "id"])
def test_a_short_idea_is_refused_first_with_the_long_mirror(language: str) -> None:
    with pytest.raises(NotUnderstood) as caught:
        compose(SHORT, language)
    refused = caught.value
    long_version = (
        "buy BTC/USDT when RSI(14) < 30" if language == "en" else "beli BTC/USDT saat RSI(14) < 30"
    )
    assert (refused.reason, refused.long_version) == ("long_only", long_version)
    offer = TEXTS.text("long_offer", language, prompt=long_version)
    assert refused.message.startswith(f"{TEXTS.text('long_only', language)} {offer}")
    assert refused.missing == [TEXTS.text("entry", language)]  # the reason is not a missing part


@pytest.mark.parametrize(
    ("short", "language", "entry"),
    [
        (SHORT, "en", "RSI(14) < 30"),
        (
            "short ETH 4h when EMA 9 crosses below EMA 21, leverage 5x",
            "id",
            "EMA(9) memotong ke atas EMA(21)",
        ),
        (
            "short when MACD crosses below signal, stop loss 2%",
            "id",
            "garis MACD(12/26/9) memotong ke atas",
        ),
        ("sell short when price breaks below the lower bollinger band", "en", "upper band"),
    ],
)
def test_the_long_version_builds_the_mirrored_rule(short: str, language: str, entry: str) -> None:
    with pytest.raises(NotUnderstood) as caught:
        compose(short, language)
    prompt = caught.value.long_version
    assert prompt is not None and entry in prompt
    built = compose(prompt, language)
    assert not built.unsupported
    assert entry in built.summary.split(";")[0]  # the buy rule is the mirror, nothing else
    mirror = read_prompt(short).long_mirror
    assert mirror is not None and built.spec.entries[0].condition == mirror[0]


def test_a_short_idea_without_a_mirror_gets_an_example() -> None:
    with pytest.raises(NotUnderstood) as caught:
        compose("short SOL 15m when price is 3% above EMA 50", "en")
    assert caught.value.reason == "long_only" and caught.value.long_version is None
    assert TEXTS.text("long_example", "en") in caught.value.message


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
