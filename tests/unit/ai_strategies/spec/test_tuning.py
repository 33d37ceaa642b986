"""Hyperopt's values go back into the spec: the optimised strategy is still data."""

from __future__ import annotations

from ai_strategies.spec import parse_spec, read_spec, render_strategy, spec_parameters
from ai_strategies.spec.tuning import apply_values, changed_values
from emulators.llm.canned import GOOD_SPEC
from tests.unit.ai_strategies.spec.examples import EXAMPLES


def test_values_land_on_the_numbers_they_name() -> None:
    spec = parse_spec(GOOD_SPEC)
    tuned = apply_values(spec, {"rsi_period": 18, "entry_1_threshold_1": 27, "unknown": 5})
    assert tuned.indicators[0].params["period"] == 18
    assert changed_values(spec, tuned) == [
        ("rsi_period", 14.0, 18.0),
        ("entry_1_threshold_1", 30.0, 27.0),
    ]
    assert read_spec(render_strategy(tuned, "Tuned").code) == tuned


def test_a_value_outside_the_range_widens_it() -> None:
    spec = parse_spec(GOOD_SPEC)
    tuned = apply_values(spec, {"exit_1_threshold_1": 95})
    threshold = tuned.exits[0].condition.b  # type: ignore[union-attr]
    assert (threshold.default, threshold.max) == (95, 95)


def test_every_example_takes_the_top_of_its_ranges() -> None:
    for name, example in EXAMPLES.items():
        spec = parse_spec(example)
        values = {p.name: p.high for p in spec_parameters(spec) if p.optimize}
        tuned = apply_values(spec, values)
        changed = {param: new for param, _, new in changed_values(spec, tuned)}
        assert changed and all(values[param] == new for param, new in changed.items()), name
        assert read_spec(render_strategy(tuned, "Tuned").code) == tuned, name
