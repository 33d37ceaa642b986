"""Name a strategy by what its rules use: `BTC/USDT 1h · RSI(14) 30/70`, `ETH/USDT 4h · EMA 9/21`.

A title is read from the rules every time it is shown, so it follows every change of the
spec (an optimisation that moved EMA 9/21 to 16/32 shows 16/32) and names only the
thresholds a buy or sell rule compares with: RSI 30/70 only when a rule uses 30 and one
uses 70. Indicators are listed in the order the rules first use them, buy rules first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ai_strategies.spec.catalogue import CATALOGUE
from ai_strategies.spec.conditions import Compare, walk
from ai_strategies.spec.describe_conditions import Phraser, number
from ai_strategies.spec.model import StrategySpec
from ai_strategies.spec.operands import ConstOperand, IndicatorOperand
from kernel.i18n import Language

MAX_TITLE = 56  # a picker button shows 60 characters, a twin number included


@dataclass
class _Signal:
    """One indicator the rules use, with the levels they compare it with."""

    ident: str
    levels: list[float] = field(default_factory=list)


def title(spec: StrategySpec, language: Language) -> str:
    """Return the strategy's title: its market, then each indicator its rules use."""
    say = Phraser(spec, language, compact=True)
    signals = _signals(spec)
    parts = _merged(spec, signals, say) or ["—"]
    text = f"{spec.pair} {spec.timeframe} · {' + '.join(parts)}"
    return text if len(text) <= MAX_TITLE else text[: MAX_TITLE - 1].rstrip() + "…"


def _signals(spec: StrategySpec) -> list[_Signal]:
    """Return the indicators of the buy rules, then the sell rules, with their levels."""
    found: dict[str, _Signal] = {}
    for rule in (*spec.entries, *spec.exits):
        for _, node in walk(rule.condition):
            if isinstance(node, IndicatorOperand):
                found.setdefault(node.ref, _Signal(node.ref))
            if isinstance(node, Compare):
                _add_level(found, node)
    return list(found.values())


def _add_level(found: dict[str, _Signal], node: Compare) -> None:
    """Record the level an indicator is compared with (`RSI < 30`, or `30 > RSI`)."""
    for side, other in ((node.a, node.b), (node.b, node.a)):
        if isinstance(side, IndicatorOperand) and isinstance(other, ConstOperand):
            signal = found.setdefault(side.ref, _Signal(side.ref))
            if other.default not in signal.levels:
                signal.levels.append(other.default)


def _merged(spec: StrategySpec, signals: list[_Signal], say: Phraser) -> list[str]:
    """Say each signal; same-kind one-number indicators without levels merge: EMA 9/21."""
    parts: list[str | list[str]] = []  # a text, or the labels of one kind's plain indicators
    plain: dict[str, list[str]] = {}
    for signal in signals:
        indicator = spec.indicator(signal.ident)
        entry = CATALOGUE[indicator.kind]
        label = say.label(indicator)
        if signal.levels or len(entry.params) != 1 or indicator.timeframe is not None:
            levels = "/".join(number(level, say.language) for level in signal.levels)
            parts.append(f"{label} {levels}".strip())
        elif indicator.kind in plain:
            plain[indicator.kind].append(label)
        else:
            plain[indicator.kind] = [label]
            parts.append(plain[indicator.kind])
    return [part if isinstance(part, str) else _plain(part) for part in parts]


def _plain(labels: list[str]) -> str:
    """Say same-kind indicators by their one number: EMA(200) alone, EMA 9/21 for several."""
    if len(labels) == 1:
        return labels[0]
    name = labels[0].split("(")[0]
    return f"{name} {'/'.join(label.split('(')[1].rstrip(')') for label in labels)}"
