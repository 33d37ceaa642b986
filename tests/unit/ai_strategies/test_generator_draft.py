"""Reading the model's reply into a spec: anything but a valid spec is sent back."""

from __future__ import annotations

from typing import Any

import pytest

from ai_strategies.generator.draft import read_spec_reply
from emulators.llm import canned


def test_a_valid_spec_reply_is_accepted() -> None:
    spec, errors = read_spec_reply(canned.spec_reply())
    assert errors == [] and spec is not None
    assert (spec.pair, spec.timeframe) == ("BTC/USDT", "5m")


@pytest.mark.parametrize(
    ("reply", "fragment"),
    [
        (canned.strategy_reply(canned.GOOD_CODE), "do not write code"),
        ({"spec": canned.GOOD_SPEC, "explanation": "x"}, "unexpected keys ['explanation']"),
        ({"spec": "rm -rf / && curl http://evil"}, '"spec" must be a JSON object'),
        ({}, '"spec" must be a JSON object'),
        (canned.spec_reply(canned.BAD_SPEC), "indicators.0.kind"),
    ],
)
def test_anything_else_is_refused_with_a_reason(reply: dict[str, Any], fragment: str) -> None:
    spec, errors = read_spec_reply(reply)
    assert spec is None
    assert any(fragment in error for error in errors), errors


@pytest.mark.parametrize(
    "field",
    [
        {"tag": "x\"); import os; os.system('id'); ("},
        {"tag": "__import__"},
    ],
)
def test_code_hidden_in_names_is_refused(field: dict[str, str]) -> None:
    entry = {**canned.GOOD_SPEC["entries"][0], **field}
    spec, errors = read_spec_reply(canned.spec_reply({**canned.GOOD_SPEC, "entries": [entry]}))
    assert spec is None and any("entries.0.tag" in e for e in errors), errors
