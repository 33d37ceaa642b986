"""Assemble a StrategySpec from a Reading, listing every value the composer chose.

`defaults_used` names the pair, timeframe, stop loss, ROI and trailing when they were not
asked for, each indicator parameter the composer filled in (EMA crossover 9/21), each
rule number it chose (RSI oversold 30, the mirrored exit level), and the ATR stop, DCA
and protection numbers left out.
"""

from __future__ import annotations

from ai_strategies.composer.parse import DEFAULT_TIMEFRAME, Reading
from ai_strategies.composer.protect import ProtectionAsk
from ai_strategies.composer.rules import tag_for
from ai_strategies.spec import CATALOGUE, IndicatorSpec, Rule, StrategySpec
from ai_strategies.spec.conditions import ConditionNode, walk
from ai_strategies.spec.model import MAX_RULES
from ai_strategies.spec.params import Side, side_params
from ai_strategies.spec.risk import (
    DEFAULT_ROI,
    DEFAULT_STOPLOSS,
    CooldownPeriod,
    LowProfitPairs,
    MaxDrawdown,
    Protection,
    Risk,
    StoplossGuard,
)

DEFAULT_PAIR = "BTC/USDT"
# With an ATR stop, the fixed stop loss is only a floor far below it.
ATR_FLOOR_STOPLOSS = 0.15
_PROTECTIONS: dict[str, type[Protection]] = {
    "CooldownPeriod": CooldownPeriod,
    "StoplossGuard": StoplossGuard,
    "MaxDrawdown": MaxDrawdown,
    "LowProfitPairs": LowProfitPairs,
}


def build_spec(reading: Reading) -> StrategySpec:
    """Return the spec a reading asks for; it must have at least one entry rule."""
    timeframe = reading.timeframe.main or DEFAULT_TIMEFRAME
    entries = _rules(reading.entries, reading)
    exits = _rules(reading.exits, reading)
    defaults = _market_defaults(reading) + reading.risk.defaulted
    risk, risk_defaults = _risk(reading, timeframe)
    indicators = _used_indicators(reading, entries + exits)
    names = {f"{ind.id}_{p.name}" for ind in indicators for p in CATALOGUE[ind.kind].params}
    defaults += risk_defaults + sorted(reading.registry.filled & names)
    defaults += _rule_defaults("entry", entries, reading) + _rule_defaults("exit", exits, reading)
    return StrategySpec(
        pair=reading.pairs[0] if reading.pairs else DEFAULT_PAIR,
        timeframe=timeframe,  # type: ignore[arg-type]
        indicators=indicators,
        entries=tuple(entries),
        exits=tuple(exits),
        risk=risk,
        defaults_used=tuple(dict.fromkeys(defaults)),
        unsupported=tuple(reading.refusals.items[:10]),
    )


def _rules(conditions: list[ConditionNode], reading: Reading) -> list[Rule]:
    """Return the rules of one side (the same rule once, at most 8), tagged by their indicators."""
    unique = [c for i, c in enumerate(conditions) if c not in conditions[:i]]
    if len(unique) > MAX_RULES:
        reading.refusals.add("other", f"> {MAX_RULES} rules")
    taken: set[str] = set()
    return [Rule(tag=tag_for(c, reading.registry, taken), condition=c) for c in unique[:MAX_RULES]]


def _market_defaults(reading: Reading) -> list[str]:
    """Return "pair" and "timeframe" when the prompt did not state them."""
    found = [] if reading.pairs else ["pair"]
    if reading.timeframe.main is None or reading.timeframe.implied:
        found.append("timeframe")
    return found


def _risk(reading: Reading, timeframe: str) -> tuple[Risk, list[str]]:
    """Return the risk settings, with the stop loss and ROI defaults when not asked for."""
    ask = reading.risk
    defaults = [k for k, v in (("stoploss", ask.stoploss), ("roi", ask.roi)) if v is None]
    floor = ATR_FLOOR_STOPLOSS if ask.atr_stop is not None else DEFAULT_STOPLOSS
    stoploss = floor if ask.stoploss is None else ask.stoploss
    roi = DEFAULT_ROI if ask.roi is None else ask.roi
    protections: list[Protection] = []
    for wanted in reading.protections[:6]:
        try:
            protection, left_out = _protection(wanted, timeframe)
        except ValueError:
            reading.refusals.add("other", wanted.words)
            continue
        if not wanted.exact(timeframe):  # "cooldown 2 hours" on 4h candles: one candle
            reading.refusals.add("other", wanted.words)
        protections.append(protection)
        defaults += [f"protect_{len(protections)}_{name}" for name in left_out]
    risk = Risk(
        stoploss=stoploss,
        roi=roi,
        trailing=ask.trailing,
        atr_stop=ask.atr_stop,
        dca=reading.dca,
        protections=tuple(protections),
    )
    return risk, defaults


def _protection(wanted: ProtectionAsk, timeframe: str) -> tuple[Protection, list[str]]:
    """Return a protection and the names of the fields it took defaults for."""
    given: dict[str, float] = {**wanted.candles(timeframe), **wanted.values}
    model = _PROTECTIONS[wanted.method]
    protection = model.model_validate({"method": wanted.method, **given})
    fields = [name for name in model.model_fields if name not in ("method", "only_per_pair")]
    return protection, [name for name in fields if name not in given]


def _rule_defaults(side: Side, rules: list[Rule], reading: Reading) -> list[str]:
    """Return the parameter names of rule numbers the composer chose."""
    chosen = {id(node) for node in reading.registry.defaulted}
    found = []
    for number, rule in enumerate(rules, start=1):
        params = side_params(side, number, rule.condition)
        for path, node in walk(rule.condition):
            if id(node) in chosen and path in params:
                found.append(params[path].name)
    return found


def _used_indicators(reading: Reading, rules: list[Rule]) -> tuple[IndicatorSpec, ...]:
    """Return the declared indicators the rules refer to, in the order they were declared."""
    used = {getattr(n, "ref", None) for rule in rules for _, n in walk(rule.condition)}
    return tuple(s for s in reading.registry.specs.values() if s.id in used)
