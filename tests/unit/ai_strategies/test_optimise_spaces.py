"""Hyperopt searches only the spaces a strategy declares tunable parameters in."""

from __future__ import annotations

from ai_strategies.optimise import declared_spaces

CODE = """
class S(IStrategy):
    a = IntParameter(1, 5, default=2, space="buy")
    b = DecimalParameter(0.1, 0.5, default=0.2, space="sell", optimize=False)
    c = IntParameter(1, 5, default=3, space="protection")
"""


def test_only_tuned_buy_and_sell_parameters_count() -> None:
    assert declared_spaces(CODE) == ["buy"]
    assert declared_spaces(CODE.replace(", optimize=False", "")) == ["buy", "sell"]
    assert declared_spaces("class S(IStrategy):\n    pass\n") == []
