"""Decide each indicator's role, so several indicators combine into a tradable rule.

Requiring every indicator to fire on the same candle almost never happens, so one
indicator is the *trigger* (an event), the other signals are *guards* (states that
must hold, or have held within a few candles), and ADX/volume/single-MA are *filters*.
A crossover (MA or MACD) triggers when present: that is a trend set-up, and the
oscillators then only guard against buying overbought. Otherwise the first oscillator
named triggers a mean-reversion set-up and the others confirm a recent oversold reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ai_strategies.composer.spec import (
    Adx,
    Bollinger,
    Indicator,
    Macd,
    MaCross,
    MaTrend,
    Rsi,
    Stochastic,
    StrategySpec,
    VolumeFilter,
)

Mode = Literal["trend", "reversal"]
_CROSSOVERS = (MaCross, Macd)
_OSCILLATORS = (Rsi, Bollinger, Stochastic)


@dataclass(frozen=True)
class Plan:
    """The roles of a spec's indicators in the entry and exit rules."""

    trigger: Indicator
    guards: tuple[Indicator, ...]
    filters: tuple[Indicator, ...]
    mode: Mode

    @property
    def exits(self) -> tuple[Indicator, ...]:
        """Return the indicators whose exit signals close a trade."""
        return (self.trigger, *self.guards)


def make_plan(spec: StrategySpec) -> Plan:
    """Assign trigger, guard and filter roles to a spec's indicators."""
    indicators = spec.indicators
    trigger = _first(indicators, _CROSSOVERS) or _first(indicators, _OSCILLATORS)
    trigger = trigger or _first(indicators, (MaTrend,))
    if trigger is None:
        raise ValueError("a spec needs at least one signal indicator")
    mode: Mode = "reversal" if isinstance(trigger, _OSCILLATORS) else "trend"
    guards = tuple(
        i for i in indicators if i is not trigger and isinstance(i, _CROSSOVERS + _OSCILLATORS)
    )
    filters = tuple(
        i for i in indicators if i is not trigger and isinstance(i, Adx | VolumeFilter | MaTrend)
    )
    return Plan(trigger=trigger, guards=guards, filters=filters, mode=mode)


def _first(indicators: tuple[Indicator, ...], kinds: tuple[type, ...]) -> Indicator | None:
    """Return the first indicator (in mention order) of one of the given kinds."""
    return next((i for i in indicators if isinstance(i, kinds)), None)
