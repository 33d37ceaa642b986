"""How each indicator kind reads when words leave something out.

`pair_of` says what an indicator is naturally compared with (MACD with its signal line,
an EMA with the price, Supertrend's direction with 0); `bare` is the state an indicator
named with no relation stands for; `as_event` turns a state into the crossing into it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ai_strategies.composer.kinds import ADX_LEVEL, BANDS, OVERLAYS, SCALES
from ai_strategies.composer.operands import CLOSE, Number, Operand, Ref, Registry, price
from ai_strategies.spec.conditions import AllOf, AnyOf, Compare, ConditionNode
from ai_strategies.spec.operands import IndicatorOperand, PriceOperand

Kind = str  # "above", "below", "crosses_above", "crosses_below"
_EVENT = {"above": "crosses_above", "below": "crosses_below"}
_ZERO = Number(0.0)
PARTNERS: dict[tuple[str, str | None], tuple[str | None, str | None]] = {
    ("macd", None): (None, "signal"),
    ("macd", "macd"): (None, "signal"),
    ("macd", "signal"): (None, "signal"),
    ("stoch", None): ("k", "d"),
    ("stoch", "k"): ("k", "d"),
    ("stoch", "d"): ("k", "d"),
    ("stochrsi", None): ("k", "d"),
    ("stochrsi", "k"): ("k", "d"),
    ("stochrsi", "d"): ("k", "d"),
    ("adx", "plus_di"): ("plus_di", "minus_di"),
    ("adx", "minus_di"): ("plus_di", "minus_di"),
    ("ichimoku", "tenkan"): ("tenkan", "kijun"),
    ("ichimoku", "kijun"): ("tenkan", "kijun"),
    ("heikin_ashi", None): (None, "open"),
    ("heikin_ashi", "close"): (None, "open"),
    ("obv", None): (None, "ma"),
    ("aroon", "up"): ("up", "down"),
}
_ZERO_LINE = {("macd", "hist"), ("supertrend", "direction"), ("aroon", None), ("cmf", None)}
_ZERO_LINE |= {("roc", None), ("mom", None), ("cmo", None)}


@dataclass
class Builder:
    """Makes spec conditions from composer operands, remembering what was compared."""

    registry: Registry
    subject: Ref | None = None
    last_pair: tuple[Operand, Operand] | None = None
    last_ref: Ref | None = None
    seen: list[Ref] = field(default_factory=list)
    guards: set[int] = field(default_factory=set)  # ids of conditions that only filter
    units: set[int] = field(default_factory=set)  # ids of groups that are one idea (a cloud)
    multiples: list[tuple[float, float]] = field(default_factory=list)  # (times, percent)

    def compare(self, kind: Kind, a: Operand, b: Operand) -> ConditionNode:
        """Return `a kind b`; a cloud stands for both of its spans."""
        for side in (a, b):
            if isinstance(side, Ref) and side.kind == "ichimoku" and side.output in (None, "cloud"):
                return self._cloud(kind, a, b, side)
        if isinstance(a, Number) and not isinstance(b, Number):
            a, b, kind = b, a, _flipped(kind)
        if isinstance(b, Number):
            self.subject = a if isinstance(a, Ref) else self.subject
        self.last_pair = (a, b)
        self.last_ref = next((x for x in (a, b) if isinstance(x, Ref)), self.last_ref)
        return Compare(type=kind, a=self.spec(a, b), b=self.spec(b, a))  # type: ignore[arg-type]

    def _cloud(self, kind: Kind, a: Operand, b: Operand, cloud: Ref) -> ConditionNode:
        """Compare with the Ichimoku cloud: both spans; a crossing enters the region."""
        state = kind.removeprefix("crosses_")
        spans = [cloud.to("senkou_a"), cloud.to("senkou_b")]
        parts = [
            self.compare(state, span, b) if a is cloud else self.compare(state, a, span)
            for span in spans
        ]
        found: ConditionNode = AllOf(type="all", conditions=tuple(parts))
        found = as_event(found) if kind.startswith("crosses_") else found
        self.units.add(id(found))
        return found

    def spec(self, operand: Operand, other: Operand) -> IndicatorOperand | PriceOperand:
        """Return the spec operand; a number is ranged for the indicator on the other side."""
        if isinstance(operand, Ref):
            self.seen.append(operand)
            return self.registry.operand(operand)
        if isinstance(operand, PriceOperand):
            return operand
        kind = other.kind if isinstance(other, Ref) else None
        return self.registry.const(operand, kind)  # type: ignore[return-value]


def as_event(state: ConditionNode) -> ConditionNode:
    """Return the crossing into a state: the candle on which it starts to hold."""
    if isinstance(state, Compare) and state.type in _EVENT:
        return Compare(type=_EVENT[state.type], a=state.a, b=state.b)  # type: ignore[arg-type]
    if isinstance(state, AllOf):
        parts = state.conditions
        branches = [
            AllOf(type="all", conditions=(as_event(part), *parts[:i], *parts[i + 1 :]))
            for i, part in enumerate(parts)
        ]
        return AnyOf(type="any", conditions=tuple(branches))
    return state


def pair_of(ref: Ref, up: bool) -> tuple[Operand, Operand] | None:
    """Return what an indicator is compared with when the words name only the indicator."""
    key = (ref.kind, ref.output)
    if key in PARTNERS:
        mine, theirs = PARTNERS[key]
        return ref.to(mine), ref.to(theirs)
    if key in _ZERO_LINE:
        return ref, _ZERO
    if ref.kind == "supertrend" and ref.output is None:
        return ref.to("direction"), _ZERO
    if ref.kind == "adx" and ref.output in (None, "adx"):
        return ref, Number(ADX_LEVEL, default=True)
    if ref.kind in BANDS and ref.output is None:
        edge = ref.to("upper" if up else "lower")
        return CLOSE, Ref(
            edge.kind, edge.params, edge.output, edge.timeframe, 1, edge.filled
        ) if ref.kind == "donchian" else edge
    if ref.kind == "volume_ma":
        return price("volume"), ref
    if ref.kind in SCALES:
        low, high, _, _, _ = SCALES[ref.kind]
        return _main(ref), Number((low + high) / 2, default=True)
    if ref.kind in OVERLAYS or ref.kind == "ichimoku":
        return CLOSE, ref
    return None


def level(ref: Ref, low_side: bool, written: Number | None = None) -> tuple[Operand, Number]:
    """Return an oscillator and a level: the written one, else oversold or overbought."""
    _, _, oversold, overbought, _ = SCALES[ref.kind]
    number = written or Number(oversold if low_side else overbought, default=True)
    return _main(ref), number


def _main(ref: Ref) -> Ref:
    """Return the output an oscillator's level applies to (%K for the stochastics)."""
    return ref.to("k") if ref.kind in ("stoch", "stochrsi") and ref.output is None else ref


def bare(build: Builder, ref: Ref, up: bool) -> ConditionNode | None:
    """Return the state an indicator named alone stands for, on the buy or the sell side."""
    if ref.kind in ("bbands", "keltner") and ref.output is None:
        edge = ref.to("lower" if up else "upper")
        return build.compare("below" if up else "above", CLOSE, edge)
    pair = pair_of(ref, up)
    if pair is None:
        return None
    return build.compare("above" if up else "below", *pair)


def _flipped(kind: Kind) -> Kind:
    """Return the relation seen from the other side (30 < RSI is RSI > 30)."""
    swap = {"above": "below", "below": "above", "crosses_above": "crosses_below"}
    return swap.get(kind, "crosses_above")
