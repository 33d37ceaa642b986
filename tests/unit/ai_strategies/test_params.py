"""Applying optimised parameters rewrites defaults only, keeping the source intact."""

from __future__ import annotations

import pytest

from ai_strategies.params import apply_parameters

CODE = """from freqtrade.strategy import IStrategy, IntParameter, DecimalParameter


class S(IStrategy):
    stoploss = -0.05
    buy_rsi = IntParameter(10, 40, default=30, space="buy")
    sell_mult = DecimalParameter(1.0, 3.0, default=2.0, decimals=2, space="sell")
    untouched = IntParameter(1, 5, default=3, space="buy")
"""


def test_defaults_replaced() -> None:
    new = apply_parameters(CODE, {"buy_rsi": 22, "sell_mult": 2.513, "stoploss": -0.031})
    assert "default=22," in new and "default=2.513," in new and "stoploss = -0.031" in new
    assert "untouched = IntParameter(1, 5, default=3" in new
    assert new.count("\n") == CODE.count("\n")


def test_unknown_names_ignored() -> None:
    assert apply_parameters(CODE, {"nope": 1}) == CODE


def test_result_must_parse() -> None:
    with pytest.raises(SyntaxError):
        apply_parameters("class (:", {})
