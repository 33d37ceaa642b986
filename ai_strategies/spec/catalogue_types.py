"""The shape of one catalogue entry: parameters, outputs, warm-up and trusted code templates."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

Params = Mapping[str, float]


@dataclass(frozen=True)
class ParamDef:
    """One numeric parameter of an indicator, with the range a spec may use."""

    name: str
    default: float
    low: float
    high: float
    decimals: int = 0  # 0: an integer (IntParameter); else a DecimalParameter's decimals

    @property
    def is_int(self) -> bool:
        """Tell whether the parameter takes whole numbers only."""
        return self.decimals == 0


@dataclass(frozen=True)
class IndicatorDef:
    """One indicator kind.

    `compute` lines and `outputs` expressions are trusted code templates: `{name}` stands for
    a parameter's value (a loop variable or `self.<param>.value`), `dataframe` is the candle
    frame, and `res`/`mid` are scratch variables local to the block.
    """

    kind: str
    label: str
    params: tuple[ParamDef, ...]
    outputs: tuple[tuple[str, str], ...]  # (name, expression); the first is the main output
    warmup: Callable[[Params], float]
    compute: tuple[str, ...] = ()
    loop: str | None = None  # the one period hyperopt tunes by computing every value
    ordered: tuple[str, ...] = ()  # parameters that must strictly increase (fast < slow)
    helpers: tuple[str, ...] = ()  # module-level helper functions the templates call

    @property
    def output_names(self) -> tuple[str, ...]:
        """Return the output names, main output first."""
        return tuple(name for name, _ in self.outputs)

    def param(self, name: str) -> ParamDef:
        """Return the parameter called `name`."""
        return next(p for p in self.params if p.name == name)

    def values(self, given: Mapping[str, float]) -> dict[str, float]:
        """Return every parameter's value: the given ones, defaults for the rest."""
        return {p.name: given.get(p.name, p.default) for p in self.params}


def settle(period: float) -> float:
    """Return the candles a smoothed (EMA-like) indicator needs before its values settle."""
    return period + min(2 * period, 100)


def period(default: float, low: float = 2, high: float = 500) -> ParamDef:
    """Declare the usual `period` parameter."""
    return ParamDef("period", default, low, high)


def by_period(factor: float = 1, extra: float = 0) -> Callable[[Params], float]:
    """Return a warm-up of `factor * period + extra` candles."""

    def warmup(p: Params) -> float:
        """Return the warm-up for these parameter values."""
        return factor * p["period"] + extra

    return warmup


def settled(p: Params) -> float:
    """Return the warm-up of an EMA-like indicator of `period` candles."""
    return settle(p["period"])


def talib_single(
    function: str,
    label: str,
    default: float,
    warmup: Callable[[Params], float] = settled,
    low: float = 2,
    high: float = 500,
) -> IndicatorDef:
    """Declare a one-output TA-Lib indicator of one `period` (EMA-like warm-up by default)."""
    return IndicatorDef(
        kind=function.lower(),
        label=label,
        params=(period(default, low, high),),
        outputs=(("value", f"ta.{function}(dataframe, timeperiod={{period}})"),),
        warmup=warmup,
        loop="period",
    )
