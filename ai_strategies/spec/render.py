"""The one trusted renderer: a StrategySpec becomes a Freqtrade (INTERFACE_VERSION 3) module.

Spec values reach the code only as validated names, numbers written with repr(), and the
spec's own JSON inside a repr() literal. The output is deterministic: one spec, one text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ai_strategies.spec.catalogue import CATALOGUE
from ai_strategies.spec.conditions import walk
from ai_strategies.spec.embed import spec_constant
from ai_strategies.spec.helpers import helper_source
from ai_strategies.spec.model import Rule, StrategySpec
from ai_strategies.spec.operands import PriceOperand
from ai_strategies.spec.params import Param, Side, indicator_params, side_params, spec_parameters
from ai_strategies.spec.render_conditions import ConditionWriter
from ai_strategies.spec.render_indicators import Series, populate_methods, series_of
from ai_strategies.spec.render_risk import ORDER_TYPES, risk_attributes, risk_methods
from ai_strategies.spec.schema import SpecError
from ai_strategies.spec.warmup import startup_candles

# The strategy checker's limits (ai_strategies.static): the renderer never exceeds them.
MAX_CODE_BYTES = 64 * 1024
MAX_CODE_LINES = 1500
CLASS_NAME = re.compile(r"[A-Z][A-Za-z0-9]{0,63}")
_PAD = " " * 8
_HEADER = '''"""NoFOMO strategy: {pair} {timeframe}, spot, long only.

Rendered by ai_strategies.spec from the validated strategy spec in NOFOMO_SPEC; change the
spec and render it again rather than editing this file.
"""
'''
_LINKED = (
    "    # Hyperopt parameters; defaults are the spec's values. Tuned periods are computed\n"
    "    # for every value of their range; linked periods within one indicator are fixed\n"
    "    # (optimize=False) and same-kind periods compared with each other have disjoint ranges.\n"
)


@dataclass(frozen=True)
class RenderedStrategy:
    """A rendered strategy module and what a caller needs to know about it."""

    code: str
    class_name: str
    params: dict[str, int | float]
    startup_candles: int


def render_strategy(spec: StrategySpec, class_name: str) -> RenderedStrategy:
    """Render a spec as a complete Freqtrade strategy module named `class_name`."""
    if not CLASS_NAME.fullmatch(class_name):
        raise ValueError(f"class name must match {CLASS_NAME.pattern}: {class_name!r}")
    params = spec_parameters(spec)
    startup = startup_candles(spec)
    body = _class_source(spec, class_name, params, startup)
    helpers = sorted({h for ind in spec.indicators for h in CATALOGUE[ind.kind].helpers})
    code_body = helper_source(helpers) + "\n\n" + body
    code = "\n".join(
        [
            _HEADER.format(pair=spec.pair, timeframe=spec.timeframe),
            _imports(code_body),
            spec_constant(spec) + code_body,
        ]
    )
    _check_size(code)
    defaults = {p.name: p.number(p.default) for p in params}
    return RenderedStrategy(code, class_name, defaults, startup)


def _check_size(code: str) -> None:
    """Refuse output the strategy checker would refuse as too large (long names, big trees)."""
    size, lines = len(code.encode()), code.count("\n") + 1
    if size > MAX_CODE_BYTES or lines > MAX_CODE_LINES:
        raise SpecError(
            [
                f"spec: renders to {size} bytes in {lines} lines; at most {MAX_CODE_BYTES} "
                f"bytes and {MAX_CODE_LINES} lines: use shorter ids or fewer conditions"
            ]
        )


def _class_source(spec: StrategySpec, name: str, params: list[Param], startup: int) -> str:
    """Return the strategy class."""
    head = (
        f"class {name}(IStrategy):\n"
        f'    """{spec.pair} {spec.timeframe}: rendered from NOFOMO_SPEC."""\n\n'
        "    INTERFACE_VERSION = 3\n"
        f'    timeframe = "{spec.timeframe}"\n'
        "    can_short = False\n"
        "    process_only_new_candles = True\n"
        "    use_exit_signal = True\n"
        f"    startup_candle_count = {startup}\n\n"
    )
    declared = "\n".join(_declare(p) for p in params)
    parts = [head, risk_attributes(spec.risk), "\n", ORDER_TYPES]
    if params:
        parts += ["\n", _LINKED, declared, "\n"]
    parts.append(risk_methods(spec.risk, params))
    indicators = populate_methods(
        spec, indicator_params(spec), _price_series(spec), spec.risk.atr_stop
    )
    parts += ["\n", indicators]
    parts += ["\n", _signals(spec, "entry"), "\n", _signals(spec, "exit")]
    return "".join(parts)


def _declare(param: Param) -> str:
    """Return the class attribute declaring one hyperopt parameter."""
    low, high, default = (param.number(v) for v in (param.low, param.high, param.default))
    args = f"{low!r}, {high!r}, default={default!r}"
    kind = "IntParameter"
    if not param.is_int:
        kind, args = "DecimalParameter", f"{args}, decimals={param.decimals}"
    flag = "" if param.optimize else ", optimize=False"
    return f'    {param.name} = {kind}({args}, space="{param.space}"{flag})'


def _signals(spec: StrategySpec, side: Side) -> str:
    """Return populate_entry_trend or populate_exit_trend."""
    rules: tuple[Rule, ...] = spec.entries if side == "entry" else spec.exits
    action = "enter" if side == "entry" else "exit"
    head = (
        f"    def populate_{side}_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:\n"
    )
    if not rules:
        doc = "No exit rules: ROI, the stop loss and the trailing stop close trades."
        return head + f'        """{doc}"""\n        return dataframe\n'
    bindings: dict[str, str] = {}
    lines = []
    if len(rules) > 1:
        lines.append("# Rules apply last to first, so the first rule that holds names the signal.")
    for number, rule in reversed(list(enumerate(rules, start=1))):
        writer = ConditionWriter(spec, side_params(side, number, rule.condition), bindings)
        lines += [
            f"# {side} {number}: {rule.tag}",
            f"rule = {writer.condition(rule.condition, (), _PAD)}",
            f'dataframe.loc[rule & traded, ["{action}_long", "{action}_tag"]] = (1, "{rule.tag}")',
        ]
    columns = [f"{local} = {expr}" for local, expr in bindings.items()]
    lines = [*columns, 'traded = dataframe["volume"] > 0', *lines]
    doc = f"Signal {action}_long where a rule holds, tagged with the rule's tag."
    body = "\n".join(_PAD + line if line else line for line in [*lines, "return dataframe"])
    return head + f'        """{doc}"""\n' + body + "\n"


def _price_series(spec: StrategySpec) -> list[Series]:
    """Return the informative series that price operands of other timeframes read."""
    found: list[Series] = []
    for rule in (*spec.entries, *spec.exits):
        for _, node in walk(rule.condition):
            if isinstance(node, PriceOperand):
                series = series_of(spec, None, node.timeframe)
                if series is not None:
                    found.append(series)
    return found


def _imports(body: str) -> str:
    """Return the import block: only what the body uses, sorted as ruff's isort sorts it."""
    lines = ["from datetime import datetime", ""] if "datetime" in body else []
    modules = (("np", "import numpy as np"), ("pd", "import pandas as pd"))
    lines += [line for alias, line in modules if re.search(rf"\b{alias}\.", body)]
    if re.search(r"\bta\.", body):
        lines.append("import talib.abstract as ta")
    if "Trade" in body:
        lines.append("from freqtrade.persistence import Trade")
    names = ["DecimalParameter", "IntParameter", "IStrategy", "informative"]
    used = [n for n in [*names, "stoploss_from_absolute"] if re.search(rf"\b{n}\b", body)]
    listed = "".join(f"    {name},\n" for name in used)
    lines += [f"from freqtrade.strategy import (\n{listed})", "from pandas import DataFrame"]
    return "\n".join(lines) + "\n"
