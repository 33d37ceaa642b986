"""The JSON schema for LLM structured output, and parsing JSON text into a spec."""

from __future__ import annotations

import json

import jsonschema
import pytest

from ai_strategies.spec import CATALOGUE, SpecError, parse_spec, spec_json_schema
from ai_strategies.spec.embed import spec_json
from tests.unit.ai_strategies.spec.examples import EXAMPLES, catalogue_groups, catalogue_spec

VALIDATOR = jsonschema.Draft202012Validator(spec_json_schema())


def test_schema_is_a_valid_json_schema() -> None:
    schema = spec_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert json.loads(json.dumps(schema)) == schema
    kinds = [s["properties"]["kind"]["const"] for s in schema["$defs"]["IndicatorSpec"]["oneOf"]]
    assert kinds == list(CATALOGUE)


def test_schema_is_a_fresh_copy_each_time() -> None:
    spec_json_schema()["properties"].clear()
    assert "pair" in spec_json_schema()["properties"]


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_examples_match_the_schema(name: str) -> None:
    VALIDATOR.validate(EXAMPLES[name])
    VALIDATOR.validate(json.loads(spec_json(parse_spec(EXAMPLES[name]))))


def test_catalogue_specs_match_the_schema() -> None:
    for kinds in catalogue_groups():
        VALIDATOR.validate(catalogue_spec(kinds))


@pytest.mark.parametrize(
    "indicator",
    [
        {"id": "r", "kind": "rsi", "params": {"period": 1000}},
        {"id": "r", "kind": "rsi", "params": {"lenght": 14}},
        {"id": "r", "kind": "rsi", "params": {"period": 14.5}},
        {"id": "r", "kind": "nope"},
        {"id": "R", "kind": "rsi"},
        {"id": "r", "kind": "rsi", "code": "import os"},
    ],
)
def test_schema_refuses_what_the_model_refuses(indicator: dict[str, object]) -> None:
    data = EXAMPLES["rsi_ema"] | {"indicators": [indicator]}
    assert not VALIDATOR.is_valid(data)
    with pytest.raises(SpecError):
        parse_spec(data)


def test_parse_accepts_text_bytes_and_mappings() -> None:
    text = json.dumps(EXAMPLES["macd_adx"])
    assert parse_spec(text) == parse_spec(text.encode()) == parse_spec(EXAMPLES["macd_adx"])


def test_parse_reports_bad_json_and_oversized_text() -> None:
    with pytest.raises(SpecError, match="spec: not valid JSON"):
        parse_spec('{"pair": ')
    with pytest.raises(SpecError, match="spec: larger than 65536 bytes"):
        parse_spec(" " * 70_000)
    with pytest.raises(SpecError) as caught:
        parse_spec("[1, 2]")
    assert caught.value.problems[0].startswith("spec: Input should be")


def test_errors_point_at_the_field() -> None:
    data = json.loads(json.dumps(EXAMPLES["rsi_ema"]))
    data["entries"][0]["condition"]["conditions"][0]["b"]["min"] = 50
    with pytest.raises(SpecError) as caught:
        parse_spec(data)
    (problem,) = caught.value.problems
    assert problem.startswith("entries.0.condition.all.conditions.0.below.b.const: ")
    assert "need min <= default <= max (got 50, 35, 45)" in problem
