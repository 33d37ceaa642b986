"""Conditions, operands and numbers in words, marking the values that were defaults."""

from __future__ import annotations

from decimal import Decimal

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
from ai_strategies.spec.describe_lines import line
from ai_strategies.spec.describe_texts import COMPACT, condition, output_word, price_word, unit
from ai_strategies.spec.model import IndicatorSpec, StrategySpec
from ai_strategies.spec.operands import ConstOperand, IndicatorOperand, PriceOperand
from ai_strategies.spec.params import Param, indicator_params
from kernel import formatting
from kernel.i18n import Language

Operand = IndicatorOperand | PriceOperand | ConstOperand
# Spec values carry at most four meaningful decimals (a 0.0125 stop loss is 1.25%).
DECIMALS = 4


def number(value: float, language: Language) -> str:
    """Write a spec value as the language does: 14, 2.5, 65,000 (2,5 and 65.000 in Indonesian)."""
    return formatting.number(value, language, decimals=DECIMALS, trim=True)


def points(value: formatting.Number, language: Language) -> str:
    """Write percentage points: 1.5 gives 1.5% (1,5% in Indonesian)."""
    return formatting.percent(value, language, decimals=DECIMALS, trim=True)


def percent(ratio: float, language: Language) -> str:
    """Write a ratio as a percentage: 0.015 gives 1.5% (1,5% in Indonesian)."""
    return points(Decimal(str(ratio)) * 100, language)  # exact, unlike ratio * 100


def count(amount: float, name: str, language: Language) -> str:
    """Write an amount of a unit: 1 candle, 3 candles (3 candle in Indonesian)."""
    return unit(number(amount, language), name, language, one=amount == 1)


class Phraser:
    """Say conditions of one spec in one language; `compact` drops default marks."""

    def __init__(self, spec: StrategySpec, language: Language, *, compact: bool = False) -> None:
        self.spec = spec
        self.language = language
        self.compact = compact
        self._params = indicator_params(spec)
        self._defaults = set(spec.defaults_used)
        self._main = (spec.pair, spec.timeframe)

    def mark(self, text: str, key: str) -> str:
        """Append "(default)" to a value whose key the spec lists as defaulted."""
        if self.compact or key not in self._defaults:
            return text
        return text + line("default", self.language)

    def is_default(self, ind: IndicatorSpec, param: str) -> bool:
        """Tell whether an indicator parameter was left out or listed as defaulted."""
        return param not in ind.params or f"{ind.id}_{param}" in self._defaults

    def label(self, ind: IndicatorSpec) -> str:
        """Return an indicator's label, e.g. RSI(14), MACD(12/26/9), EMA(50) (1h)."""
        entry = CATALOGUE[ind.kind]
        values = [self._params[f"{ind.id}_{p.name}"] for p in entry.params]
        shown = "/".join(number(p.default, self.language) for p in values)
        text = f"{entry.label}({shown})" if shown else entry.label
        where = [x for x in (ind.pair, ind.timeframe) if x not in (None, *self._main)]
        return f"{text} ({' '.join(str(x) for x in where)})" if where else text

    def condition(self, node: ConditionNode, params: dict[Path, Param], path: Path = ()) -> str:
        """Return a condition in words."""
        lang = self.language
        match node:
            case Compare():
                a, b = self._operands(node, params, path)
                compact = COMPACT.get(node.type) if self.compact else None
                return compact.format(a=a, b=b) if compact else condition(node.type, lang, a=a, b=b)
            case Held():
                inner = self._nested(node.condition, params, (*path, "condition"))
                return condition("held", lang, c=inner, candles=self._candles(params[path]))
            case Trend():
                a = self.operand(node.operand, params, (*path, "operand"))
                return condition(node.type, lang, a=a, candles=self._candles(params[path]))
            case Distance():
                a, b = self._operands(node, params, path)
                pct = params[(*path, "pct")]
                x = self.mark(points(pct.default, lang), pct.name)
                return condition(f"{node.mode}_{node.side}", lang, a=a, b=b, x=x)
            case AllOf() | AnyOf():
                parts = [
                    self._nested(sub, params, (*path, "conditions", i))
                    for i, sub in enumerate(node.conditions)
                ]
                return condition(node.type, lang).join(parts)
            case Not():
                inner = self.condition(node.condition, params, (*path, "condition"))
                return condition("not", lang, c=inner)
        raise TypeError(f"not a condition: {node!r}")  # pragma: no cover

    def operand(self, operand: Operand, params: dict[Path, Param], path: Path) -> str:
        """Return an operand in words: an indicator output, a price or a number."""
        if isinstance(operand, ConstOperand):
            return self._value(params[path])
        if isinstance(operand, IndicatorOperand):
            text = self._indicator(operand)
        else:
            text = price_word(operand.field, self.language)
            if operand.timeframe is not None and operand.timeframe != self.spec.timeframe:
                text += f" ({operand.timeframe})"
        if operand.shift:
            candles = count(operand.shift, "candle", self.language)
            text = condition("shift", self.language, x=text, candles=candles)
        return text

    def _indicator(self, operand: IndicatorOperand) -> str:
        ind = self.spec.indicator(operand.ref)
        output = operand.output or CATALOGUE[ind.kind].output_names[0]
        word = output_word(output, self.language)
        label = self.label(ind)
        if not word:
            return label
        return f"{word} {label}" if self.language == "id" else f"{label} {word}"

    def _operands(
        self, node: Compare | Distance, params: dict[Path, Param], path: Path
    ) -> tuple[str, str]:
        return (
            self.operand(node.a, params, (*path, "a")),
            self.operand(node.b, params, (*path, "b")),
        )

    def _nested(self, node: ConditionNode, params: dict[Path, Param], path: Path) -> str:
        """Return a sub-condition, in parentheses when it is itself a group."""
        text = self.condition(node, params, path)
        grouped = isinstance(node, AllOf | AnyOf) and len(node.conditions) > 1
        return f"({text})" if grouped else text

    def _value(self, param: Param) -> str:
        return self.mark(number(param.default, self.language), param.name)

    def _candles(self, param: Param) -> str:
        return self.mark(count(param.default, "candle", self.language), param.name)
