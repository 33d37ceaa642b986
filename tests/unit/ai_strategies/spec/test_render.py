"""The renderer: complete, safe, deterministic Freqtrade modules that read back to their spec."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from freqtrade.enums import HyperoptState
from freqtrade.optimize.hyperopt_tools import HyperoptStateContainer
from freqtrade.plugins.protectionmanager import ProtectionManager

from ai_strategies.spec import (
    CATALOGUE,
    SpecError,
    StrategySpec,
    parse_spec,
    read_spec,
    render_strategy,
)
from ai_strategies.spec.conditions import walk
from ai_strategies.spec.operands import PriceOperand
from ai_strategies.spec.render_risk import ORDER_TYPES
from ai_strategies.static import check_source
from tests.unit.ai_strategies.spec.examples import (
    EXAMPLES,
    all_,
    catalogue_groups,
    catalogue_spec,
    cmp,
    const,
    distance,
    ind,
    price,
    spec,
)
from tests.unit.ai_strategies.spec.loading import candles, load_strategy, run_signals

Json = dict[str, Any]
FORBIDDEN = {"eval", "exec", "open", "compile", "__import__", "getattr", "setattr", "globals"}
FORBIDDEN |= {"locals", "vars", "os", "sys", "subprocess", "importlib", "builtins"}
ALLOWED_FROM = {
    "datetime": {"datetime"},
    "pandas": {"DataFrame"},
    "freqtrade.persistence": {"Trade"},
    "freqtrade.strategy": {
        "IStrategy",
        "IntParameter",
        "DecimalParameter",
        "informative",
        "stoploss_from_absolute",
    },
}
ALLOWED_IMPORTS = {("numpy", "np"), ("pandas", "pd"), ("talib.abstract", "ta")}
ALL_SPECS = {name: parse_spec(data) for name, data in EXAMPLES.items()}
for number, group in enumerate(catalogue_groups()):
    ALL_SPECS[f"catalogue_{number}"] = parse_spec(catalogue_spec(group))


def is_local(spec_: StrategySpec) -> bool:
    """Tell whether a spec reads only the main timeframe (runs without Freqtrade's merge)."""
    informative = any(i.timeframe or i.pair for i in spec_.indicators)
    nodes = [node for rule in (*spec_.entries, *spec_.exits) for _, node in walk(rule.condition)]
    return not informative and not any(isinstance(n, PriceOperand) and n.timeframe for n in nodes)


LOCAL = [name for name, spec_ in ALL_SPECS.items() if is_local(spec_)]


def code_of(spec_: StrategySpec, name: str = "SpecStrategy") -> str:
    return render_strategy(spec_, name).code


@pytest.mark.parametrize("kind", list(CATALOGUE))
def test_every_indicator_renders_a_module_that_compiles(kind: str) -> None:
    code = code_of(parse_spec(catalogue_spec([kind])))
    compile(code, f"{kind}.py", "exec")
    report = check_source(code)
    assert report.ok, report.problems
    assert report.class_name == "SpecStrategy"


@pytest.mark.parametrize("name", list(ALL_SPECS))
def test_examples_pass_the_static_check(name: str) -> None:
    report = check_source(code_of(ALL_SPECS[name]))
    assert report.ok and not report.problems, report.problems


@pytest.mark.parametrize("name", list(ALL_SPECS))
def test_round_trip_gives_an_equal_spec(name: str) -> None:
    spec_ = ALL_SPECS[name]
    assert read_spec(code_of(spec_)) == spec_


def test_output_is_deterministic() -> None:
    spec_ = ALL_SPECS["heikin_vwap"]
    again = parse_spec(EXAMPLES["heikin_vwap"])
    assert code_of(spec_) == code_of(again)
    first, second = code_of(spec_, "One"), code_of(spec_, "Two")
    assert first.replace("class One(", "class Two(") == second


@pytest.mark.parametrize("name", list(ALL_SPECS))
def test_code_uses_no_forbidden_names_or_imports(name: str) -> None:
    tree = ast.parse(code_of(ALL_SPECS[name]))
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    used |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    assert not used & FORBIDDEN
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert {(a.name, a.asname) for a in node.names} <= ALLOWED_IMPORTS
        elif isinstance(node, ast.ImportFrom):
            assert node.module in ALLOWED_FROM
            assert {a.name for a in node.names} <= ALLOWED_FROM[node.module]


def test_spec_text_only_reaches_the_code_inside_the_spec_constant() -> None:
    phrase = "short it: (now) 100% + 5x leverage?! <or> = ok"
    data = EXAMPLES["rsi_ema"] | {"unsupported": [{"code": "other", "phrase": phrase}]}
    tree = ast.parse(code_of(parse_spec(data)))
    holders = [
        n for n in ast.walk(tree) if isinstance(n, ast.Constant) and "leverage" in str(n.value)
    ]
    assert len(holders) == 1
    spec_constant = tree.body[[isinstance(n, ast.Assign) for n in tree.body].index(True)]
    assert isinstance(spec_constant, ast.Assign) and spec_constant.value is holders[0]


@pytest.mark.parametrize("name", ["bad name", "lower", "X; import os", "A" * 65, ""])
def test_class_names_are_checked(name: str) -> None:
    with pytest.raises(ValueError, match="class name"):
        render_strategy(ALL_SPECS["rsi_ema"], name)


@pytest.mark.parametrize("name", list(ALL_SPECS))
def test_declared_parameters_are_exactly_the_ones_used(name: str) -> None:
    rendered = render_strategy(ALL_SPECS[name], "SpecStrategy")
    klass = next(n for n in ast.parse(rendered.code).body if isinstance(n, ast.ClassDef))
    declared: dict[str, object] = {}
    for stmt in klass.body:
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call):
            call = stmt.value
            if isinstance(call.func, ast.Name) and call.func.id.endswith("Parameter"):
                default = next(k.value for k in call.keywords if k.arg == "default")
                declared[stmt.targets[0].id] = ast.literal_eval(default)  # type: ignore[attr-defined]
    assert declared == rendered.params
    used = {
        node.value.attr
        for node in ast.walk(klass)
        if isinstance(node, ast.Attribute)
        and node.attr in {"value", "range"}
        and isinstance(node.value, ast.Attribute)
    }
    assert used == set(declared)


@pytest.mark.parametrize("name", list(ALL_SPECS))
def test_class_settings(name: str) -> None:
    rendered = render_strategy(ALL_SPECS[name], "SpecStrategy")
    klass = next(n for n in ast.parse(rendered.code).body if isinstance(n, ast.ClassDef))
    values = {
        stmt.targets[0].id: ast.literal_eval(stmt.value)  # type: ignore[attr-defined]
        for stmt in klass.body
        if isinstance(stmt, ast.Assign) and not isinstance(stmt.value, ast.Call)
    }
    assert values["INTERFACE_VERSION"] == 3 and values["can_short"] is False
    assert values["startup_candle_count"] == rendered.startup_candles
    assert values["stoploss"] == -ALL_SPECS[name].risk.stoploss
    assert values["order_types"] == ast.literal_eval(ORDER_TYPES.split("=", 1)[1].strip())
    assert values["order_types"]["force_entry"] == values["order_types"]["force_exit"] == "market"


def test_informative_series_use_freqtrade_decorators() -> None:
    hourly = code_of(ALL_SPECS["rsi_ema"])
    assert "@informative('1h')" in hourly
    assert 'dataframe[f"i_ema_trend_value_{self.ema_trend_period.value}_1h"]' in hourly
    assert 'dataframe["close_1h"]' in hourly
    other_pair = code_of(ALL_SPECS["heikin_vwap"])
    assert "@informative('1h', 'BTC/USDT')" in other_pair
    assert "btc_usdt_i_btc_rsi_value_" in other_pair


def test_callbacks_appear_only_when_the_spec_asks() -> None:
    codes = {name: code_of(spec_) for name, spec_ in ALL_SPECS.items()}
    assert [n for n, c in codes.items() if "def custom_stoploss" in c] == ["macd_adx"]
    assert [n for n, c in codes.items() if "def adjust_trade_position" in c] == ["bollinger_dca"]
    assert "position_adjustment_enable = True" in codes["bollinger_dca"]
    with_protections = {n for n, c in codes.items() if "def protections" in c}
    assert with_protections == {"supertrend", "ichimoku", "donchian"}


@pytest.mark.parametrize("name", ["supertrend", "ichimoku", "donchian"])
def test_protections_load_in_freqtrade(name: str, tmp_path: Path) -> None:
    strategy = load_strategy(ALL_SPECS[name], tmp_path)
    protections = strategy.protections
    manager = ProtectionManager({"timeframe": ALL_SPECS[name].timeframe}, protections)
    methods = [p["method"] for p in protections]
    assert methods == [p.method for p in ALL_SPECS[name].risk.protections]
    assert len(manager.short_desc()) == len(methods)


@pytest.mark.parametrize("name", LOCAL)
def test_strategy_runs_on_candles(name: str, tmp_path: Path) -> None:
    spec_ = ALL_SPECS[name]
    strategy = load_strategy(spec_, tmp_path)
    frame = run_signals(strategy, candles(), spec_.pair)
    settled = frame.iloc[strategy.startup_candle_count :]
    for ind_ in spec_.indicators:
        for output in CATALOGUE[ind_.kind].output_names:
            columns = [c for c in frame.columns if c.startswith(f"i_{ind_.id}_{output}")]
            assert columns, (ind_.id, output)
            assert settled[columns[0]].notna().all(), (ind_.id, output)
    assert settled["enter_long"].sum() > 0
    tags = {rule.tag for rule in spec_.entries}
    assert set(settled["enter_tag"].dropna()) <= tags


@pytest.mark.parametrize("name", LOCAL)
def test_every_value_hyperopt_may_try_is_computed(
    name: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    spec_ = ALL_SPECS[name]
    strategy = load_strategy(spec_, tmp_path, hyperopt=True)
    params = dict(strategy.enumerate_parameters())
    assert set(params) == set(render_strategy(spec_, "X").params)
    before = HyperoptStateContainer.state
    try:  # Freqtrade's hyperopt computes indicators once, then tries values epoch by epoch
        HyperoptStateContainer.set_state(HyperoptState.INDICATORS)
        frame = strategy.populate_indicators(candles(1500), {"pair": spec_.pair})
        HyperoptStateContainer.set_state(HyperoptState.OPTIMIZE)
        for param in params.values():
            start = param.value
            for value in (param.low, param.high):
                param.value = value
                strategy.populate_exit_trend(strategy.populate_entry_trend(frame.copy(), {}), {})
            param.value = start
    finally:
        HyperoptStateContainer.set_state(before)
    # Freqtrade warns when a tuned parameter's .value is read while computing indicators.
    assert "value is used during indicator calculation" not in caplog.text


def test_first_rule_that_holds_names_the_entry(tmp_path: Path) -> None:
    always = cmp("above", price(), const(0, 0, 0))
    data = spec(
        "BTC/USDT",
        "5m",
        [{"id": "rsi", "kind": "rsi"}],
        [("first", always), ("second", all_(always, cmp("above", ind("rsi"), const(0, 0, 0))))],
    )
    frame = run_signals(load_strategy(parse_spec(data), tmp_path), candles(300), "BTC/USDT")
    assert set(frame["enter_tag"]) == {"first"}
    assert np.all(frame["enter_long"] == 1)


Ref = tuple[str, str]


def big_spec(ident: str, leaf: Callable[[Ref, Ref], Json]) -> StrategySpec:
    """Return a spec at the size limits: 16 indicators, 2 rules of 40 conditions each."""
    kinds = ["macd", "bbands", "ichimoku", "adx", "aroon", "keltner", "donchian", "stoch"]
    indicators = [
        {"id": f"{kind}{n}_{ident}"[:32], "kind": kind, "pair": "ETHUSDT12/USDT", "timeframe": "1d"}
        for n in range(2)
        for kind in kinds
    ]
    refs = [(i["id"], out) for i in indicators for out in CATALOGUE[i["kind"]].output_names]
    leaves = [leaf(refs[n], refs[(n + 1) % len(refs)]) for n in range(36)]
    rule = all_(*(all_(*leaves[j * 10 : j * 10 + 10]) for j in range(3)), *leaves[30:])
    return parse_spec(spec("BTC/USDT", "5m", indicators, [("r", rule)], exits=[("o", rule)]))


def crossing(a: Ref, b: Ref) -> Json:
    return cmp("crosses_above", ind(*a, shift=3), ind(*b))


def far(a: Ref, b: Ref) -> Json:
    return distance(ind(*a, shift=3), ind(*b, shift=4), "within", "either", 1.5)


def test_a_spec_at_the_limits_fits_the_checker() -> None:
    code = code_of(big_spec("x", crossing))
    report = check_source(code)
    assert report.ok, report.problems[:3]


def test_output_the_checker_would_refuse_is_a_spec_error() -> None:
    with pytest.raises(SpecError, match=r"spec: renders to \d+ bytes"):
        code_of(big_spec("with_a_very_long_indicator_id", far))
