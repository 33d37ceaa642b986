"""Named states and indicators named alone: oversold/overbought, bullish/bearish, zero line,
trend filter, high volume, and the usual state of an indicator written with no relation.

"oversold" is below the oscillator's oversold level (RSI 30, Stochastic 20, Williams %R
-80) unless a number follows ("oversold 25"); "bullish" is the indicator's rising state
(`shapes.pair_of`); "as trend filter" puts the price above a moving average; "high
volume" is volume above its 20-candle average. An oscillator named alone is a `Bare`
item: its rule decides whether it is the signal or a guard (see `rules`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ai_strategies.composer.kinds import MOVING_AVERAGES, OVERLAYS, SCALES
from ai_strategies.composer.operands import CLOSE, Number, Ref, price
from ai_strategies.composer.reading import Atom
from ai_strategies.composer.shapes import Builder, level, pair_of
from ai_strategies.spec.conditions import ConditionNode
from ai_strategies.spec.operands import PriceOperand

LEVELS = {"oversold": True, "overbought": False}
VOLUME = {"filter": True, "spike": True}


@dataclass(frozen=True)
class Bare:
    """Indicators named with no relation (one, or two moving averages); their rule decides.

    A bare indicator its rule also uses elsewhere only introduces it and is dropped;
    an oscillator is the signal or a guard; others stand for their usual state.
    """

    refs: tuple[Ref, ...]


Item = ConditionNode | Bare


def ideas(atom: Atom, build: Builder, only: dict[str, bool] | None = None) -> list[Item] | None:
    """Named states: oversold/overbought levels, bullish/bearish, zero line, trend filter."""
    found: list[Item] = []
    for idea in atom.ideas:
        if only is not None and idea not in only:
            continue
        item = _one_idea(idea, atom, build)
        if item is not None:
            found.append(item)
    return found or None


def _one_idea(idea: str, atom: Atom, build: Builder) -> ConditionNode | None:
    """Return the condition one named idea stands for, or None."""
    subject = subject_of(atom, build)
    written = next((n for n in atom.numbers if not n.unit), None)
    if idea in LEVELS:
        if subject is None or subject.kind not in SCALES:
            return None
        low_side = LEVELS[idea]
        return build.compare("below" if low_side else "above", *level(subject, low_side, written))
    if idea in ("positive", "negative") and subject is not None:
        return build.compare("above" if idea == "positive" else "below", subject, Number(0.0))
    volume = any(isinstance(s, PriceOperand) and s.field == "volume" for s in atom.series)
    if idea == "spike" or (idea == "filter" and volume):  # "high volume", "volume filter"
        average = next((r for r in atom.refs if r.kind == "volume_ma"), Ref("volume_ma"))
        return build.compare("above", price("volume"), average)
    if idea in ("bullish", "bearish", "filter") and subject is not None:
        up = idea != "bearish"
        if idea == "filter" and subject.kind in OVERLAYS:
            return build.compare("above", CLOSE, subject)
        found = pair_of(subject, up)
        return None if found is None else build.compare("above" if up else "below", *found)
    return None


def bare_items(atom: Atom, build: Builder) -> list[Item] | None:
    """Mark indicators named with no relation; None when one has no usual state (ATR)."""
    refs = atom.refs
    if not refs or not all(stands_alone(ref) for ref in refs):
        return None
    averages = [r for r in refs if r.kind in MOVING_AVERAGES]
    if len(averages) < 2:
        return [Bare((ref,)) for ref in refs]
    pair = Bare((averages[0], averages[1]))
    return [pair, *(Bare((ref,)) for ref in refs if ref not in averages[:2])]


def stands_alone(ref: Ref) -> bool:
    """Tell whether an indicator named alone means something (an RSI does, an ATR does not)."""
    return ref.kind in SCALES or ref.kind in ("bbands", "keltner") or pair_of(ref, True) is not None


def subject_of(atom: Atom, build: Builder) -> Ref | None:
    """Return the indicator an atom speaks of: the first it names, else the last one compared."""
    return atom.refs[0] if atom.refs else build.subject or build.last_ref
