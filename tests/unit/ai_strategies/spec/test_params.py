"""Hyperopt parameters: deterministic names, valid ranges, linked periods and the warm-up."""

from __future__ import annotations

import pytest

from ai_strategies.spec import CATALOGUE, parse_spec, spec_parameters
from ai_strategies.spec.params import Param
from ai_strategies.spec.warmup import MAX_STARTUP, startup_candles
from tests.unit.ai_strategies.spec.examples import (
    EXAMPLES,
    cmp,
    const,
    distance,
    held,
    ind,
    price,
    spec,
    trend,
)


def by_name(data: dict[str, object]) -> dict[str, Param]:
    return {p.name: p for p in spec_parameters(parse_spec(data))}


def test_names_are_deterministic_and_documented() -> None:
    data = spec(
        "BTC/USDT",
        "5m",
        [{"id": "rsi_fast", "kind": "rsi", "params": {"period": 7}}],
        [("a", held(cmp("below", ind("rsi_fast"), const(30, 20, 40)), 3))],
        exits=[("b", distance(price(), ind("rsi_fast"), "within", "either", 1.5))],
        risk={
            "atr_stop": {"period": 10},
            "dca": {},
            "protections": [{"method": "CooldownPeriod"}],
        },
    )
    assert list(by_name(data)) == [
        "rsi_fast_period",
        "entry_1_candles_1",  # the held node comes before the comparison it holds
        "entry_1_threshold_1",
        "exit_1_pct_1",
        "atr_stop_period",
        "atr_stop_multiplier",
        "dca_stake_pct",
        "dca_drop_pct",
        "dca_max_adds",
        "protect_1_stop_duration_candles",
    ]
    assert spec_parameters(parse_spec(data)) == spec_parameters(parse_spec(data))


def test_numbering_follows_tree_order_per_rule() -> None:
    condition = {
        "type": "all",
        "conditions": [
            cmp("above", ind("rsi"), const(50, 40, 60)),
            trend("rising", ind("rsi"), 2),
            cmp("below", ind("rsi"), const(70, 60, 80)),
        ],
    }
    data = spec(
        "BTC/USDT", "5m", [{"id": "rsi", "kind": "rsi"}], [("a", condition), ("b", condition)]
    )
    names = list(by_name(data))
    assert names[1:] == [
        "entry_1_threshold_1",
        "entry_1_candles_1",
        "entry_1_threshold_2",
        "entry_2_threshold_1",
        "entry_2_candles_1",
        "entry_2_threshold_2",
    ]


@pytest.mark.parametrize("kind", list(CATALOGUE))
@pytest.mark.parametrize("where", ["low", "default", "high"])
def test_ranges_hold_the_value_and_stay_in_the_catalogue(kind: str, where: str) -> None:
    entry = CATALOGUE[kind]
    values = {p.name: getattr(p, where) for p in entry.params}
    if entry.ordered and where != "default":
        values = {p.name: p.default for p in entry.params}  # extremes would break the order
    data = spec(
        "BTC/USDT",
        "5m",
        [{"id": "x", "kind": kind, "params": values}],
        [("a", trend("rising", ind("x")))],
    )
    params = by_name(data)
    for definition in entry.params:
        param = params[f"x_{definition.name}"]
        assert definition.low <= param.low <= param.default <= param.high <= definition.high
        assert param.optimize == (definition.name == entry.loop and param.low < param.high)
        assert param.loop == (definition.name == entry.loop)


def test_periods_within_one_indicator_are_fixed() -> None:
    data = spec("BTC/USDT", "5m", [{"id": "m", "kind": "macd"}], [("a", trend("rising", ind("m")))])
    params = by_name(data)
    assert [params[n].optimize for n in ("m_fast", "m_slow", "m_signal")] == [False] * 3


def test_compared_periods_of_one_kind_get_disjoint_ranges() -> None:
    data = spec(
        "BTC/USDT",
        "5m",
        [
            {"id": "slow", "kind": "ema", "params": {"period": 21}},
            {"id": "fast", "kind": "ema", "params": {"period": 9}},
        ],
        [("a", cmp("crosses_above", ind("slow"), ind("fast")))],
    )
    params = by_name(data)
    fast, slow = params["fast_period"], params["slow_period"]
    assert fast.high < slow.low
    assert fast.low <= 9 <= fast.high and slow.low <= 21 <= slow.high
    assert fast.optimize and slow.optimize


def test_thresholds_keep_their_declared_range() -> None:
    params = by_name(EXAMPLES["oscillators"])
    cci = params["entry_1_threshold_1"]
    assert (cci.default, cci.low, cci.high, cci.decimals) == (-100, -200, -50, 0)
    roc = params["exit_2_threshold_1"]
    assert (roc.default, roc.low, roc.high, roc.decimals) == (1, 0.2, 3, 1)
    fixed = by_name(EXAMPLES["supertrend"])["entry_1_threshold_1"]
    assert fixed.low == fixed.high == 0 and not fixed.optimize


def test_startup_scales_informative_timeframes() -> None:
    main = spec("BTC/USDT", "5m", [{"id": "e", "kind": "sma", "params": {"period": 20}}],
                [("a", trend("rising", ind("e")))])  # fmt: skip
    hourly = main | {"indicators": [{"id": "e", "kind": "sma", "params": {"period": 20},
                                     "timeframe": "1h"}]}  # fmt: skip
    # The SMA warms up over its longest tuned period (30); rising looks back up to 3 (+1).
    assert startup_candles(parse_spec(main)) == 30 + 4
    assert startup_candles(parse_spec(hourly)) == 30 * 12 + 4


def test_startup_counts_held_and_shifted_candles() -> None:
    data = spec(
        "BTC/USDT",
        "5m",
        [{"id": "e", "kind": "sma", "params": {"period": 20}}],
        [("a", held(cmp("above", price(shift=5), ind("e")), 10))],
    )
    # SMA 30 (top of its range) + shift 5 (+1) + held up to 15 candles (its tuned top).
    assert startup_candles(parse_spec(data)) == 30 + 6 + 15


def test_startup_is_capped() -> None:
    data = spec(
        "BTC/USDT",
        "1m",
        [{"id": "e", "kind": "ema", "params": {"period": 200}, "timeframe": "1d"}],
        [("a", cmp("above", price(), ind("e")))],
    )
    assert startup_candles(parse_spec(data)) == MAX_STARTUP
