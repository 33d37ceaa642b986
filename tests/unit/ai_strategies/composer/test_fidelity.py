"""Fidelity: every corpus prompt gives exactly the spec its words mean, in both languages.

The assertions are the spec's facts (operators, operands, numbers, risk, unsupported
codes), not that a backtest runs; see `corpus` for the cases and `matcher` for the shapes.
"""

from __future__ import annotations

import pytest

from ai_strategies.composer import NotUnderstood, compose, detect_language, read_prompt
from ai_strategies.spec.conditions import walk
from tests.unit.ai_strategies.composer.corpus import CASES, Case
from tests.unit.ai_strategies.composer.matcher import condition, facts, mismatches

IDS = [case.name for case in CASES]
BUILT = [case for case in CASES if case.facts is not None]


def test_corpus_is_large_and_mostly_indonesian() -> None:
    indonesian = [case for case in CASES if case.language == "id"]
    assert len(CASES) >= 40
    assert len(indonesian) * 2 >= len(CASES)
    assert len(set(IDS)) == len(IDS)
    assert all(detect_language(case.prompt) == case.language for case in CASES)


@pytest.mark.parametrize("case", BUILT, ids=[case.name for case in BUILT])
def test_prompt_gives_exactly_its_spec(case: Case) -> None:
    assert case.facts is not None
    composition = compose(case.prompt, case.language)
    assert mismatches(composition.spec, case.facts) == []
    assert composition.unsupported == composition.spec.unsupported
    assert composition.defaults_used == composition.spec.defaults_used
    assert (composition.pair, composition.timeframe) == (
        case.facts["pair"],
        case.facts["timeframe"],
    )


@pytest.mark.parametrize("case", [c for c in CASES if c.never], ids=lambda c: c.name)
def test_prompt_never_gives_another_meaning(case: Case) -> None:
    spec = compose(case.prompt, case.language).spec
    found = {
        repr(condition(node))
        for rule in (*spec.entries, *spec.exits)
        for _, node in walk(rule.condition)
        if type(node).__name__ in ("Compare", "Trend", "Held", "Distance")
    }
    assert repr(case.never) not in found


@pytest.mark.parametrize("case", [c for c in CASES if c.facts is None], ids=lambda c: c.name)
def test_refused_prompt_builds_nothing(case: Case) -> None:
    with pytest.raises(NotUnderstood) as caught:
        compose(case.prompt, case.language)
    assert set(case.refused) <= set(read_prompt(case.prompt).refusals.codes())
    assert caught.value.language == case.language
    refused = "tidak bisa" if case.language == "id" else "not possible"
    assert refused in caught.value.understood


def test_same_idea_same_spec_in_both_languages() -> None:
    pairs = {case.name.removesuffix("_en"): case for case in CASES if case.name.endswith("_en")}
    twins = [
        (pairs[c.name.removesuffix("_id")], c) for c in CASES if c.name.removesuffix("_id") in pairs
    ]
    assert len(twins) >= 20
    for english, indonesian in twins:
        if english.facts is None:
            continue
        a, b = compose(english.prompt, "en").spec, compose(indonesian.prompt, "id").spec
        assert facts(a) == facts(b), english.name


def test_matcher_reports_what_differs() -> None:
    spec = compose("BTC/USDT 4h: buy when RSI below 30", "en").spec
    assert mismatches(spec, {"entry": [("below", "rsi_14", 30)]}) == []
    problems = mismatches(spec, {"entry": [("below", "rsi_14", 40)], "timeframe": "1h"})
    assert len(problems) == 2
    assert any("expected [[('below', 'rsi_14', 40)]]" in p for p in problems)
