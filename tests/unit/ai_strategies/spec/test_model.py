"""Spec validation: what a spec may say, and the short error lines when it says something else."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from freqtrade.strategy import IStrategy
from pydantic import ValidationError

from ai_strategies.spec import SpecError, StrategySpec, parse_spec
from ai_strategies.spec.names import NAME_PATTERN, RESERVED
from tests.unit.ai_strategies.spec.examples import (
    EXAMPLES,
    all_,
    cmp,
    const,
    ind,
    not_,
    price,
    spec,
    trend,
)

Json = dict[str, Any]


def base() -> Json:
    """Return a small valid spec dict to break in one place."""
    return spec(
        "BTC/USDT",
        "1h",
        [{"id": "rsi", "kind": "rsi", "params": {"period": 14}}, {"id": "macd", "kind": "macd"}],
        [("dip", cmp("below", ind("rsi"), const(30, 20, 40)))],
        exits=[("cross", cmp("crosses_below", ind("macd"), ind("macd", "signal")))],
    )


def broken(change: Callable[[Json], object]) -> list[str]:
    """Apply `change` to a copy of the base spec and return the SpecError lines."""
    data = copy.deepcopy(base())
    change(data)
    with pytest.raises(SpecError) as caught:
        parse_spec(data)
    return list(caught.value.problems)


def entry(data: Json) -> Json:
    condition: Json = data["entries"][0]["condition"]
    return condition


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_examples_are_valid(name: str) -> None:
    assert isinstance(parse_spec(EXAMPLES[name]), StrategySpec)


def test_base_spec_is_valid_and_frozen() -> None:
    parsed = parse_spec(base())
    assert parsed.spec_version == 1 and parsed.can_short is False
    with pytest.raises(ValidationError):
        parsed.pair = "ETH/USDT"


@pytest.mark.parametrize("pair", ["btc/usdt", "BTCUSDT", "BTC/USDT'; import os", "BTC/US", ""])
def test_bad_pair_is_refused(pair: str) -> None:
    problems = broken(lambda d: d.update(pair=pair))
    assert any(p.startswith("pair:") for p in problems), problems


@pytest.mark.parametrize("timeframe", ["2m", "1w", "1H", "5m; x", 5])
def test_bad_timeframe_is_refused(timeframe: object) -> None:
    problems = broken(lambda d: d.update(timeframe=timeframe))
    assert any(p.startswith("timeframe:") for p in problems), problems


@pytest.mark.parametrize("kind", ["rsi2", "__import__", "os.system", "RSI"])
def test_unknown_indicator_kind_is_refused(kind: str) -> None:
    problems = broken(lambda d: d["indicators"][0].update(kind=kind))
    assert any(p.startswith("indicators.0.kind:") for p in problems), problems


def test_unknown_output_is_refused() -> None:
    problems = broken(lambda d: d["exits"][0]["condition"]["b"].update(output="histo"))
    assert problems == [
        "exits.0.condition.b.output: macd has no output 'histo' (macd, signal, hist)"
    ]


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"period": 1}, "period must be between 2 and 100 (got 1)"),
        ({"period": 1000}, "period must be between 2 and 100 (got 1000)"),
        ({"period": 14.5}, "period must be a whole number"),
        ({"lenght": 14}, "unknown parameter 'lenght' for rsi; it takes period"),
    ],
)
def test_out_of_range_or_unknown_params_are_refused(params: Json, fragment: str) -> None:
    problems = broken(lambda d: d["indicators"][0].update(params=params))
    assert any(p.startswith("indicators.0.params:") and fragment in p for p in problems), problems


def test_linked_periods_must_stay_ordered() -> None:
    problems = broken(lambda d: d["indicators"][1].update(params={"fast": 30, "slow": 20}))
    assert any("macd needs fast < slow" in p for p in problems), problems


def test_reference_to_undefined_indicator_is_refused() -> None:
    problems = broken(lambda d: entry(d)["a"].update(ref="rsi_slow"))
    assert problems == [
        "entries.0.condition.a.ref: unknown indicator 'rsi_slow' (indicators: rsi, macd)"
    ]


def test_too_deep_condition_is_refused() -> None:
    def deepen(data: Json) -> None:
        condition = entry(data)
        for _ in range(6):
            condition = not_(condition)
        data["entries"][0]["condition"] = condition

    assert broken(deepen) == ["entries.0.condition: nested 7 levels deep; at most 6"]


def test_six_levels_are_fine() -> None:
    data = base()
    condition = entry(data)
    for _ in range(5):
        condition = not_(condition)
    data["entries"][0]["condition"] = condition
    parse_spec(data)


def test_too_large_condition_is_refused() -> None:
    leaves = [cmp("below", ind("rsi"), const(30, 20, 40))] * 10
    big = all_(*(all_(*leaves) for _ in range(4)))  # 1 + 4 + 40 conditions
    problems = broken(lambda d: d["entries"][0].update(condition=big))
    assert problems == ["entries.0.condition: 45 conditions; at most 40"]


def test_too_many_conditions_in_all_rules_are_refused() -> None:
    leaves = [cmp("below", ind("rsi"), const(30, 20, 40))] * 10
    rule = all_(*(all_(*leaves) for _ in range(3)))  # 34 conditions
    entries = [{"tag": f"r{i}", "condition": rule} for i in range(4)]
    problems = broken(lambda d: d.update(entries=entries))
    assert problems == ["entries/exits: 137 conditions in all; at most 80"]


def test_nesting_beyond_any_valid_spec_is_refused_before_validation() -> None:
    text = '{"pair": "BTC/USDT", "entries": ' + "[" * 5000 + "]" * 5000 + "}"
    with pytest.raises(SpecError, match="nested more than 40 levels"):
        parse_spec(text)


@pytest.mark.parametrize(
    "tag",
    ["x'); import os #", "dip\nimport os", "__class__", "a__init__b", "Dip", "1dip", "a" * 33],
)
def test_code_like_tags_are_refused(tag: str) -> None:
    problems = broken(lambda d: d["entries"][0].update(tag=tag))
    assert any(p.startswith("entries.0.tag:") for p in problems), problems


@pytest.mark.parametrize("ident", ["__import__", "rsi.value", "rsi'", "rsi__x", "RSI"])
def test_code_like_ids_are_refused(ident: str) -> None:
    problems = broken(lambda d: d["indicators"][0].update(id=ident))
    assert any(p.startswith("indicators.0.id:") for p in problems), problems


@pytest.mark.parametrize(
    "phrase",
    ["short it'''; import os", 'say "hi"', "line\nbreak", "__import__", "back\\slash", ""],
)
def test_code_like_phrases_are_refused(phrase: str) -> None:
    item = {"code": "other", "phrase": phrase}
    problems = broken(lambda d: d.update(unsupported=[item]))
    assert any(p.startswith("unsupported.0.phrase:") for p in problems), problems


def test_plain_phrases_in_both_languages_are_kept() -> None:
    items = [
        {"code": "short_selling", "phrase": "short BTC when RSI > 70!"},
        {"code": "leverage", "phrase": "pakai leverage 10x, ya?"},
    ]
    parsed = parse_spec(base() | {"unsupported": items})
    assert [u.phrase for u in parsed.unsupported] == [i["phrase"] for i in items]


def test_unknown_fields_and_shorting_are_refused() -> None:
    assert any("code: Extra inputs" in p for p in broken(lambda d: d.update(code="import os")))
    assert any(p.startswith("can_short:") for p in broken(lambda d: d.update(can_short=True)))
    assert any(p.startswith("spec_version:") for p in broken(lambda d: d.update(spec_version=2)))


def test_informative_timeframe_must_not_be_shorter() -> None:
    problems = broken(lambda d: d["indicators"][0].update(timeframe="15m"))
    assert problems[0].startswith("indicators.0.timeframe: 15m is shorter than the strategy's 1h")
    problems = broken(lambda d: entry(d).update(a=price("close", "5m")))
    assert problems == ["entries.0.condition.a.timeframe: shorter than the strategy's 1h"]


def test_constants_need_a_series_to_compare_with() -> None:
    problems = broken(lambda d: entry(d).update(a=const(1, 0, 2)))
    assert problems == [
        "entries.0.condition: compares two constants; one side must be a price or indicator"
    ]
    rising = trend("rising", const(1, 0, 2))
    problems = broken(lambda d: d["entries"][0].update(condition=rising))
    assert problems == ["entries.0.condition.operand: a constant never rises or falls"]


@pytest.mark.parametrize(
    ("threshold", "fragment"),
    [
        ({"default": 50, "min": 60, "max": 70}, "need min <= default <= max"),
        ({"default": 30.12345, "min": 20, "max": 40}, "at most 4 decimals"),
        ({"default": float("nan"), "min": 20, "max": 40}, "finite number"),
        ({"default": 1e12, "min": 0, "max": 2e12}, "less than or equal to 1000000000"),
    ],
)
def test_bad_thresholds_are_refused(threshold: Json, fragment: str) -> None:
    problems = broken(lambda d: entry(d).update(b={"type": "const", **threshold}))
    assert any(fragment in p for p in problems), problems


def test_duplicates_are_refused() -> None:
    problems = broken(lambda d: d["indicators"][1].update(id="rsi", kind="rsi", params={}))
    assert "indicators: duplicate id 'rsi'" in problems
    problems = broken(lambda d: d["entries"].append(copy.deepcopy(d["entries"][0])))
    assert problems == ["entries: duplicate tag 'dip'"]


def test_parameter_name_collisions_are_refused() -> None:
    def collide(data: Json) -> None:
        data["indicators"].append({"id": "atr_stop", "kind": "atr"})
        data["risk"] = {"atr_stop": {"period": 14, "multiplier": 2.0}}

    assert broken(collide) == ["parameters: two values get the name 'atr_stop_period'"]


def test_reserved_names_cover_every_strategy_attribute() -> None:
    attributes = {n for n in dir(IStrategy) if re.fullmatch(NAME_PATTERN.strip("^$"), n)}
    assert attributes <= RESERVED


def test_defaults_used_must_name_known_values() -> None:
    parse_spec(base() | {"defaults_used": ["rsi_period", "entry_1_threshold_1", "stoploss"]})
    problems = broken(lambda d: d.update(defaults_used=["rsi_lenght"]))
    assert problems[0].startswith("defaults_used.0: unknown name 'rsi_lenght'; use a parameter")


def test_risk_rules_follow_freqtrade() -> None:
    trailing = {"positive": 0.02, "offset": 0.01}
    problems = broken(lambda d: d.update(risk={"trailing": trailing}))
    assert any("offset must be greater than positive" in p for p in problems), problems
    roi = [{"after_minutes": 0, "profit": 0.1}, {"after_minutes": 0, "profit": 0.05}]
    problems = broken(lambda d: d.update(risk={"roi": roi}))
    assert any("two steps at the same after_minutes" in p for p in problems), problems
    problems = broken(lambda d: d.update(risk={"dca": {"drop_pct": 2.25}}))
    assert any("takes at most 1 decimals" in p for p in problems), problems


def test_error_message_lists_one_problem_per_line() -> None:
    data = base() | {"pair": "btc", "timeframe": "2m"}
    with pytest.raises(SpecError) as caught:
        parse_spec(json.dumps(data))
    lines = str(caught.value).splitlines()
    assert lines[0] == "The strategy spec is invalid:"
    assert [line[:8] for line in lines[1:]] == ["- pair: ", "- timefr"]
