"""What an optimisation changed, described from the spec so the chat can say it in words."""

from __future__ import annotations

from ai_strategies.spec import parse_spec, spec_parameters
from emulators.llm.canned import GOOD_SPEC
from orchestrator.strategies.tuning_changes import code_changes, spec_changes
from tests.unit.ai_strategies.spec.examples import EXAMPLES


def test_a_spec_change_names_its_indicator_and_the_rule_it_sets() -> None:
    spec = parse_spec(GOOD_SPEC)
    changes = spec_changes(spec, {"rsi_period": 18, "entry_1_threshold_1": 27, "stoploss": -0.1})
    assert [(c["subject"], c["role"], c["before"], c["after"]) for c in changes] == [
        ("RSI", "period", 14.0, 18.0),
        ("RSI", "entry_crosses_above", 30.0, 27.0),
    ]
    assert spec_changes(spec, {"rsi_period": 14}) == []


def test_indicator_ids_read_as_names_and_rules_by_number() -> None:
    spec = parse_spec(EXAMPLES["rsi_ema"])
    values = {p.name: p.high for p in spec_parameters(spec) if p.optimize}
    described = {(c["subject"], c["role"]) for c in spec_changes(spec, values)}
    assert {("EMA fast", "period"), ("RSI", "entry_below")} <= described
    supertrend = parse_spec(EXAMPLES["supertrend"])
    values = {p.name: p.high for p in spec_parameters(supertrend) if p.optimize}
    assert ("1", "entry_candles") in {
        (c["subject"], c["role"]) for c in spec_changes(supertrend, values)
    }


def test_custom_code_changes_are_named_as_the_code_names_them() -> None:
    changes = code_changes({"buy_rsi": 30, "sell_rsi": 70}, {"buy_rsi": 27, "sell_rsi": 70})
    assert changes == [
        {"param": "buy_rsi", "subject": "buy rsi", "role": "", "before": 30, "after": 27}
    ]
