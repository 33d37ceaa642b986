"""The indicator catalogue: complete, consistent, and true to the installed TA-Lib."""

from __future__ import annotations

import re

import pytest
import talib
import talib.abstract as ta

from ai_strategies.spec import CATALOGUE, KINDS
from ai_strategies.spec.catalogue import param_problems, warmup_candles
from ai_strategies.spec.helpers import HELPERS
from ai_strategies.spec.names import NAME_PATTERN

FUNCTIONS = set(talib.get_functions())  # type: ignore[no-untyped-call]
REQUIRED = {
    *("rsi", "ema", "sma", "wma", "macd", "bbands", "stoch", "stochrsi", "adx", "atr", "cci"),
    *("mfi", "obv", "vwap", "supertrend", "ichimoku", "donchian", "keltner", "sar", "willr"),
    *("roc", "volume_ma", "heikin_ashi", "mom", "tema", "hma", "cmf", "aroon", "ultosc"),
}


def test_catalogue_has_every_required_indicator() -> None:
    assert len(CATALOGUE) >= 25
    assert set(CATALOGUE) >= REQUIRED
    assert set(KINDS) == set(CATALOGUE)


@pytest.mark.parametrize("kind", list(CATALOGUE))
def test_talib_functions_and_outputs_exist(kind: str) -> None:
    entry = CATALOGUE[kind]
    source = "\n".join([*entry.compute, *(expr for _, expr in entry.outputs)])
    for function in re.findall(r"\bta\.(\w+)\(", source):
        assert function in FUNCTIONS, function
    call = re.search(r"res = ta\.(\w+)\(", source)
    if call is not None:  # outputs read from a multi-output TA-Lib result
        names = set(ta.Function(call[1]).output_names)  # type: ignore[attr-defined]
        assert set(re.findall(r'res\["(\w+)"\]', source)) <= names


@pytest.mark.parametrize("kind", list(CATALOGUE))
def test_entries_are_consistent(kind: str) -> None:
    entry = CATALOGUE[kind]
    assert entry.kind == kind
    names = [name for name, _ in entry.outputs]
    assert names and len(set(names)) == len(names)
    assert all(re.fullmatch(NAME_PATTERN.strip("^$"), n) for n in names)
    for param in entry.params:
        assert param.low <= param.default <= param.high
        assert param.is_int == (param.decimals == 0)
    assert entry.loop is None or entry.loop in {p.name for p in entry.params}
    assert entry.loop not in entry.ordered
    assert param_problems(kind, {}) == []
    for helper in entry.helpers:
        assert helper in HELPERS
        assert any(helper in line for line in (*entry.compute, *(e for _, e in entry.outputs)))


@pytest.mark.parametrize("kind", list(CATALOGUE))
def test_warmups_grow_with_the_periods(kind: str) -> None:
    entry = CATALOGUE[kind]
    low = warmup_candles(kind, {p.name: p.low for p in entry.params})
    high = warmup_candles(kind, {p.name: p.high for p in entry.params})
    default = warmup_candles(kind, entry.values({}))
    assert 1 <= low <= default <= high


def test_ordered_parameters_are_checked() -> None:
    assert param_problems("macd", {"fast": 26, "slow": 12}) == [
        "macd needs fast < slow (got 26, 12)"
    ]
    assert param_problems("ultosc", {"mid": 30}) == [
        "ultosc needs fast < mid < slow (got 7, 30, 28)"
    ]
    assert param_problems("sar", {"acceleration": 0.1, "maximum": 0.1}) != []
