"""What conditions compare, before they become spec operands: indicators, prices, numbers.

The registry gives every indicator instance one id (`rsi_14`, `sma_200`, `ema_200_1h`) and
remembers which numbers the composer filled in, so they are listed in `defaults_used`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ai_strategies.composer.kinds import BOUNDED, MOVING_AVERAGES, PRICE_SCALE, SCALES
from ai_strategies.spec import CATALOGUE, IndicatorSpec
from ai_strategies.spec.catalogue import param_problems
from ai_strategies.spec.operands import ConstOperand, IndicatorOperand, PriceOperand, Threshold

Params = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Ref:
    """One output of an indicator instance; `filled` names parameters the composer chose."""

    kind: str
    params: Params = ()
    output: str | None = None
    timeframe: str | None = None
    shift: int = 0
    filled: tuple[str, ...] = ()

    def to(self, output: str | None) -> Ref:
        """Return the same instance pointing at another output."""
        return Ref(self.kind, self.params, output, self.timeframe, self.shift, self.filled)


@dataclass(frozen=True)
class Number:
    """A number in a condition: `unit` is "", "%" or "x"; `default` when the composer chose it."""

    value: float
    unit: str = ""
    default: bool = False


Operand = Ref | PriceOperand | Number
CLOSE = PriceOperand(type="price", field="close")


def price(field_: str) -> PriceOperand:
    """Return a price operand of the strategy's own candles."""
    return PriceOperand(type="price", field=field_)  # type: ignore[arg-type]


def instances(
    kind: str, numbers: tuple[float, ...]
) -> tuple[list[Params], tuple[float, float] | None, bool]:
    """Return the parameter sets ("EMA 9/21": two), a band ("RSI 30/70") and if all fit."""
    names = [p.name for p in CATALOGUE[kind].params]
    if kind in SCALES and len(numbers) in (2, len(names) + 2) and _band(kind, numbers[-2:]):
        params, ok = _params(kind, names, numbers[:-2])
        return [params], (numbers[-2], numbers[-1]), ok
    if kind in MOVING_AVERAGES and len(numbers) > 1:
        found = [_params(kind, names, (n,)) for n in numbers]
        return [p for p, _ in found], None, all(ok for _, ok in found)
    params, ok = _params(kind, names, numbers)
    return [params], None, ok and len(numbers) <= len(names)


def _params(kind: str, names: list[str], numbers: tuple[float, ...]) -> tuple[Params, bool]:
    """Pair numbers with parameter names; invalid values are dropped (reported by `ok`)."""
    given = dict(zip(names, numbers, strict=False))
    if param_problems(kind, given):
        return (), False
    return tuple(given.items()), True


def _band(kind: str, pair: tuple[float, ...]) -> bool:
    """Tell whether two numbers are an oscillator's low and high levels (30/70)."""
    low, high, _, _, _ = SCALES[kind]
    middle = (low + high) / 2
    return low <= pair[0] < middle < pair[1] <= high


@dataclass
class Registry:
    """The indicators of one spec, by instance, and the values the composer defaulted."""

    timeframe: str
    specs: dict[tuple[str, Params, str | None], IndicatorSpec] = field(default_factory=dict)
    filled: set[str] = field(default_factory=set)
    defaulted: list[Threshold] = field(default_factory=list)

    def operand(self, ref: Ref) -> IndicatorOperand:
        """Return the spec operand of an indicator output, declaring the instance once."""
        ident = self.ident(ref)
        main = CATALOGUE[ref.kind].output_names[0]
        output = None if ref.output in (None, main) else ref.output
        return IndicatorOperand(type="indicator", ref=ident, output=output, shift=ref.shift)

    def ident(self, ref: Ref) -> str:
        """Return the id of an instance, declaring it when it is new."""
        timeframe = None if ref.timeframe == self.timeframe else ref.timeframe
        values = CATALOGUE[ref.kind].values(dict(ref.params))  # "RSI" and "RSI 14" are one
        key = (ref.kind, tuple(sorted(values.items())), timeframe)
        if key not in self.specs:
            ident = self._new_id(ref.kind, dict(ref.params), timeframe)
            declared = {"id": ident, "kind": ref.kind, "params": dict(ref.params)}
            self.specs[key] = IndicatorSpec.model_validate(declared | {"timeframe": timeframe})
        ident = self.specs[key].id
        self.filled |= {f"{ident}_{name}" for name in ref.filled}
        return ident

    def _new_id(self, kind: str, params: dict[str, float], timeframe: str | None) -> str:
        """Return `kind_<whole-number parameters>[_timeframe]`, unique within the spec."""
        values = CATALOGUE[kind].values(params)
        whole = [f"{v:g}" for p, v in values.items() if CATALOGUE[kind].param(p).is_int]
        base = "_".join([kind, *whole, *([timeframe] if timeframe else [])])[:28]
        taken = {s.id for s in self.specs.values()}
        ident, number = base, 2
        while ident in taken:
            ident, number = f"{base}_{number}", number + 1
        return ident

    def const(self, number: Number, kind: str | None) -> ConstOperand:
        """Return a tunable constant ranged for the indicator it is compared with."""
        value = round(number.value, 4)
        low, high, tune = _range(value, kind)
        found = ConstOperand(type="const", default=value, min=low, max=high, optimize=tune)
        if number.default:
            self.defaulted.append(found)
        return found


def _range(value: float, kind: str | None) -> tuple[float, float, bool]:
    """Return the hyperopt range of a level: a step either side on bounded scales."""
    scale = SCALES[kind][0:2] + SCALES[kind][4:] if kind in SCALES else BOUNDED.get(kind or "")
    if scale is not None and scale[0] <= value <= scale[1]:
        low, high, step = scale
        return max(low, round(value - step, 4)), min(high, round(value + step, 4)), True
    if value == 0 or kind in PRICE_SCALE:
        return value, value, False
    span = abs(value) / 2
    return round(value - span, 4), round(value + span, 4), True


def pct_const(registry: Registry, number: Number) -> Threshold:
    """Return a tunable percentage (distance), from half to twice the value."""
    value = round(abs(number.value), 4)
    found = Threshold(default=value, min=round(value / 2, 4), max=round(value * 2, 4))
    if number.default:
        registry.defaulted.append(found)
    return found
