"""Conditions as boolean pandas expressions over the strategy's dataframe.

The only spec values written into an expression are validated names (column, local and
parameter names) and integers; every tunable number is read as `self.<parameter>.value`.
Each column a method reads is bound once to a local (`i_<id>_<output>` for indicators,
`p_<field>[_<timeframe>]` for prices), which keeps rules short and readable.
"""

from __future__ import annotations

from ai_strategies.spec.catalogue import CATALOGUE
from ai_strategies.spec.conditions import (
    AllOf,
    AnyOf,
    Compare,
    ConditionNode,
    Distance,
    Held,
    Not,
    Path,
    Trend,
)
from ai_strategies.spec.model import StrategySpec
from ai_strategies.spec.operands import ConstOperand, IndicatorOperand, PriceOperand
from ai_strategies.spec.params import Param
from ai_strategies.spec.render_indicators import Series, column_expr, series_of

Operand = IndicatorOperand | PriceOperand | ConstOperand
_AVERAGES = {
    "hl2": ("high", "low"),
    "hlc3": ("high", "low", "close"),
    "ohlc4": ("open", "high", "low", "close"),
}
_COMPARE = {"above": ">", "below": "<"}
_CROSS = {"crosses_above": (">", "<="), "crosses_below": ("<", ">=")}


class ConditionWriter:
    """Write the expressions of one rule; its numbers are parameters keyed by tree path.

    `bindings` (local name -> column expression) is shared by the rules of one method and
    filled with every column they read, in the order they are first read.
    """

    def __init__(
        self, spec: StrategySpec, params: dict[Path, Param], bindings: dict[str, str]
    ) -> None:
        self._spec = spec
        self._params = params
        self._bindings = bindings

    def condition(self, node: ConditionNode, path: Path = (), pad: str = "") -> str:
        """Return the boolean Series expression of a condition."""
        match node:
            case Compare(type="above" | "below" as kind):
                a, b = self.operand(node.a, (*path, "a")), self.operand(node.b, (*path, "b"))
                return f"({a} {_COMPARE[kind]} {b})"
            case Compare():
                return self._cross(node, path)
            case Held():
                inner = self.condition(node.condition, (*path, "condition"), pad)
                window = self._value(path)
                return f'({inner}.astype("int64").rolling({window}).min() == 1)'
            case Trend():
                value = self.operand(node.operand, (*path, "operand"))
                op = ">" if node.type == "rising" else "<"
                return f"({value} {op} {value}.shift({self._value(path)}))"
            case Distance():
                return self._distance(node, path)
            case AllOf() | AnyOf():
                join = " & " if isinstance(node, AllOf) else " | "
                return self._group(node.conditions, join, path, pad)
            case Not():
                return f"(~{self.condition(node.condition, (*path, 'condition'), pad)})"
        raise TypeError(f"not a condition: {node!r}")  # pragma: no cover

    def operand(self, operand: Operand, path: Path) -> str:
        """Return the expression of an operand: a column, a price or a parameter."""
        if isinstance(operand, ConstOperand):
            return self._value(path)
        if isinstance(operand, IndicatorOperand):
            ind = self._spec.indicator(operand.ref)
            output = operand.output or CATALOGUE[ind.kind].output_names[0]
            local = f"i_{ind.id}_{output}"
            self._bindings.setdefault(local, column_expr(self._spec, ind, output))
        else:
            local = "_".join(
                ["p", operand.field, *([operand.timeframe] if operand.timeframe else [])]
            )
            self._bindings.setdefault(local, self._price(operand))
        return f"{local}.shift({operand.shift})" if operand.shift else local

    def _price(self, operand: PriceOperand) -> str:
        series = series_of(self._spec, None, operand.timeframe)
        fields = _AVERAGES.get(operand.field, (operand.field,))
        columns = [f'dataframe["{_column(series, f)}"]' for f in fields]
        if len(columns) == 1:
            return columns[0]
        return f"(({' + '.join(columns)}) / {len(columns)})"

    def _cross(self, node: Compare, path: Path) -> str:
        now, before = _CROSS[node.type]
        a, b = self.operand(node.a, (*path, "a")), self.operand(node.b, (*path, "b"))
        a_before, b_before = (_previous(x, op) for x, op in ((a, node.a), (b, node.b)))
        return f"(({a} {now} {b}) & ({a_before} {before} {b_before}))"

    def _distance(self, node: Distance, path: Path) -> str:
        a, b = self.operand(node.a, (*path, "a")), self.operand(node.b, (*path, "b"))
        gap = f"(({a} - {b}) / {b} * 100)"  # signed distance of a from b, in percent of b
        pct = self._value((*path, "pct"))
        within = node.mode == "within"
        if node.side == "either":
            return f"({gap}.abs() {'<=' if within else '>'} {pct})"
        if node.side == "above":
            return f"{gap}.between(0, {pct})" if within else f"({gap} > {pct})"
        return f"{gap}.between(-{pct}, 0)" if within else f"({gap} < -{pct})"

    def _group(self, conditions: tuple[ConditionNode, ...], join: str, path: Path, pad: str) -> str:
        inner = pad + "    "
        parts = [
            self.condition(sub, (*path, "conditions", i), inner) for i, sub in enumerate(conditions)
        ]
        if len(parts) == 1:
            return parts[0]
        body = f"\n{inner}{join.strip()} ".join(parts)
        return f"(\n{inner}{body}\n{pad})"

    def _value(self, path: Path) -> str:
        return f"self.{self._params[path].name}.value"


def _previous(expr: str, operand: Operand) -> str:
    """Return an operand one candle earlier (a constant stays itself)."""
    return expr if isinstance(operand, ConstOperand) else f"{expr}.shift(1)"


def _column(series: Series | None, field: str) -> str:
    return field if series is None else series.column(field)
