"""The explanation says what the strategy does: every condition and number the user gave,
which values are defaults, and what cannot be done; Indonesian text stays Indonesian.
"""

from __future__ import annotations

import re

import pytest

from ai_strategies.composer import Composition, NotUnderstood, compose
from ai_strategies.spec.conditions import Compare, Distance, Trend, walk
from ai_strategies.spec.describe_texts import TEXTS, reason
from tests.unit.ai_strategies.composer.corpus import CASES, Case

BUILT = [case for case in CASES if case.facts is not None]
REFUSED = [case for case in CASES if case.facts is None]
# Common English words that must never appear in Indonesian text outside quotes (the
# user's own words and rule tags are quoted).
ENGLISH = {
    *("the", "a", "an", "is", "are", "when", "and", "or", "not", "of", "to", "at", "by"),
    *("for", "from", "with", "without", "after", "before", "buy", "sell", "price", "above"),
    *("below", "crosses", "higher", "lower", "than", "ago", "candles", "within", "more"),
    *("most", "least", "default", "right", "away", "minutes", "hours", "days", "stake"),
    *("times", "wait", "pause", "this", "all", "trades", "trade", "indicator", "indicators"),
    *("period", "signal", "line", "middle", "upper", "average", "fast", "slow", "no", "off"),
    *("only", "every", "number", "tune", "once", "follows", "highest", "point", "missing"),
    *("understood", "possible", "entry", "exit", "name", "least", "example", "request"),
    *("could", "find", "your", "please", "rising", "falling", "mirrors", "given", "was"),
}
# Numbers that are part of a timeframe or a duration ("15 menit", "4h", "8 jam").
TIME = re.compile(r"-?\d+(?:[.,]\d+)?\s?(?:m|h|d|min|menit|jam|hari|hours?|minutes?)\b")
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:[.,]\d+)?")


def words_outside_quotes(text: str) -> set[str]:
    """Return the lower-case words of a text, leaving out "quoted" parts and span names."""
    unquoted = re.sub(r'"[^"]*"|Span [AB]\b', " ", text)
    return {w.lower() for w in re.findall(r"[A-Za-z]+", unquoted)}


def numbers_given(prompt: str, language: str) -> set[str]:
    """Return the numbers a prompt states, as the explanation writes them (2,5 in Indonesian)."""
    text = TIME.sub(" ", re.sub(r"\b[a-z]{2,10}/[a-z]{3,5}\b", " ", prompt.lower()))
    found = set()
    for number in NUMBER.findall(text):
        value = float(number.replace(",", "."))
        shown = f"{value:g}"
        found.add(shown.replace(".", ",") if language == "id" else shown)
    return found


def made(case: Case) -> Composition:
    return compose(case.prompt, case.language)


@pytest.mark.parametrize("case", BUILT, ids=[c.name for c in BUILT])
def test_explanation_names_every_number_given(case: Case) -> None:
    explanation = made(case).explanation
    shown = set(NUMBER.findall(explanation)) | {n.strip("-") for n in NUMBER.findall(explanation)}
    assert numbers_given(case.prompt, case.language) <= shown


@pytest.mark.parametrize("case", BUILT, ids=[c.name for c in BUILT])
def test_explanation_names_every_condition(case: Case) -> None:
    composition = made(case)
    for rule in (*composition.spec.entries, *composition.spec.exits):
        assert f'"{rule.tag}"' in composition.explanation
        for _, node in walk(rule.condition):
            if isinstance(node, Compare | Trend):
                words = TEXTS.template(f"condition_{node.type}", composition.language)
                relation = words.split("{b}")[0].split("{candles}")[0]
                assert relation.replace("{a}", "").strip() in composition.explanation
            if isinstance(node, Distance):
                assert "%" in composition.explanation


@pytest.mark.parametrize("case", BUILT, ids=[c.name for c in BUILT])
def test_defaults_are_marked(case: Case) -> None:
    composition = made(case)
    mark = " (bawaan)" if case.language == "id" else " (default)"
    lines = composition.explanation.splitlines()
    defaults = set(composition.defaults_used)
    stop = next(line for line in lines if line.startswith("Stop loss:"))
    assert (mark in stop) == ("stoploss" in defaults)
    take = next(line for line in lines if line.startswith("Take profit:"))
    assert (mark in take) == ("roi" in defaults)
    exits = [line for line in lines if line.startswith(("Sell signal", 'Sinyal jual "'))]
    defaulted_exit = any(d.startswith("exit_") for d in defaults)
    assert any(mark in line for line in exits) == defaulted_exit


@pytest.mark.parametrize("case", BUILT, ids=[c.name for c in BUILT])
def test_unsupported_items_are_named(case: Case) -> None:
    composition = made(case)
    for item in composition.unsupported:
        why = reason(item.code, composition.language)
        assert f'"{item.phrase}" ({why})' in composition.explanation


@pytest.mark.parametrize("case", [c for c in BUILT if c.language == "id"], ids=lambda c: c.name)
def test_indonesian_explanation_has_no_english_words(case: Case) -> None:
    composition = made(case)
    assert words_outside_quotes(composition.explanation) & ENGLISH == set()
    assert words_outside_quotes(composition.summary) & ENGLISH == set()


@pytest.mark.parametrize("case", REFUSED, ids=[c.name for c in REFUSED])
def test_refusal_says_what_was_understood_and_missing(case: Case) -> None:
    with pytest.raises(NotUnderstood) as caught:
        compose(case.prompt, case.language)
    refused = caught.value
    if case.language == "id":
        assert refused.missing[-1:] == ["sinyal beli"]  # a short idea first says long-only
        assert "Yang saya pahami: " in refused.message and "Yang kurang: " in refused.message
        words = words_outside_quotes(refused.message) | words_outside_quotes(
            " ".join(refused.understood)
        )
        assert words & ENGLISH == set()
    else:
        assert refused.missing[-1:] == ["a buy signal"]
        assert "I understood: " in refused.message and "Missing: a buy signal." in refused.message
    assert "BTC/USDT" in refused.message


def test_indonesian_missing_words_are_indonesian() -> None:
    with pytest.raises(NotUnderstood) as caught:
        compose("tolong buatkan strategi BTC 5 menit yang bagus", "id")
    assert caught.value.missing == ["sinyal beli"]
    assert caught.value.understood == {"pair": "BTC/USDT", "timeframe": "5m"}
    assert words_outside_quotes(caught.value.message) & ENGLISH == set()
