"""Read one atom ("SMA 50 above SMA 200", "RSI pullback below 40") as spec conditions.

Rules, in order: golden/death cross; "RSI 30/70" (below 30 to buy, above 70 to sell);
"between"; a percentage between two series is a distance ("price 2% below VWAP"); a
multiple of the volume average ("volume 2x average"); crossing words make events;
above/below make states ("than N candles ago" makes a trend); touch reads the candle's
low (or high); rising/falling make trends; oversold/overbought, bullish/bearish,
positive/negative, "trend filter" and "high volume" name states; an indicator named alone
stands for its usual state (`shapes.bare`); an oscillator alone is left to its rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from ai_strategies.composer.ideas import LEVELS, VOLUME, Bare, Item, bare_items, ideas, subject_of
from ai_strategies.composer.kinds import MOVING_AVERAGES, OVERLAYS, SCALES
from ai_strategies.composer.operands import CLOSE, Number, Ref, pct_const, price
from ai_strategies.composer.reading import Atom, Series
from ai_strategies.composer.shapes import PARTNERS, Builder, level, pair_of
from ai_strategies.spec.conditions import AllOf, ConditionNode, Distance, Held, Not, Trend, walk
from ai_strategies.spec.operands import IndicatorOperand, PriceOperand, Threshold

_CROSS = ("crosses_above", "crosses_below", "cross")
_PAIR_DEFAULTS = {"sma": (20.0, 50.0)}


Reader = Callable[[Atom, Builder], list[Item] | None]


def read_atom(atom: Atom, build: Builder, other_side: list[ConditionNode]) -> list[Item] | None:
    """Return the conditions of an atom, or None when it cannot be read."""
    if atom.band is not None:
        ref, low, high = atom.band
        mine, other = (
            (("below", low), ("above", high)) if atom.up else (("above", high), ("below", low))
        )
        other_side.append(build.compare(other[0], ref, Number(other[1])))
        found: list[Item] = [build.compare(mine[0], ref, Number(mine[1]))]
        return _wrap(atom, found)
    for reader in _READERS:
        items = reader(atom, build)
        if items is not None:
            if reader in (_cross, _trend, _touch):
                items += ideas(atom, build, only=LEVELS) or []
            if reader is _named_cross:  # "golden cross with a volume filter"
                items += ideas(atom, build, only=VOLUME) or []
            if reader is _cross:
                items += _second_level(atom, build)
            return _wrap(atom, items)
    items = ideas(atom, build) if atom.ideas else bare_items(atom, build)
    return None if items is None else _wrap(atom, items)


def left_over(atom: Atom, items: list[Item], build: Builder) -> bool:
    """Tell whether an atom names an indicator or a number its conditions do not use."""
    nodes = [n for i in items if not isinstance(i, Bare) for _, n in walk(i)]
    refs = {n.ref for n in nodes if isinstance(n, IndicatorOperand)}
    refs |= {build.registry.ident(r) for i in items if isinstance(i, Bare) for r in i.refs}
    values = {round(n.default, 4) for n in nodes if isinstance(n, Threshold)}
    scaled = any(isinstance(n, Distance) for n in nodes)  # "2x" became a percentage
    unused = [
        n for n in atom.numbers if round(n.value, 4) not in values and not (scaled and n.unit)
    ]
    kinds = {s.kind for s in build.registry.specs.values() if s.id in refs}
    named = [r for r in atom.refs if r.params or r.kind not in kinds]  # "EMA crossover": any EMA
    return bool(unused) or any(build.registry.ident(r) not in refs for r in named)


def _wrap(atom: Atom, items: list[Item]) -> list[Item]:
    """Apply "for N candles" (held) and "not" to what the atom says."""
    nodes = [i for i in items if not isinstance(i, Bare)]
    if not (atom.held >= 2 or atom.negated) or len(nodes) < len(items):
        return items
    node: ConditionNode = (
        nodes[0] if len(nodes) == 1 else AllOf(type="all", conditions=tuple(nodes))
    )
    if atom.held >= 2:
        node = Held(type="held", condition=node, candles=min(atom.held, 100))
    return [Not(type="not", condition=node) if atom.negated else node]


def _named_cross(atom: Atom, build: Builder) -> list[Item] | None:
    """Golden cross: SMA 50 crosses above SMA 200 (or the two averages named with it)."""
    named = [i for i in atom.ideas if i in ("golden", "death")]
    if not named:
        return None
    kind = "crosses_above" if named[0] == "golden" else "crosses_below"
    averages = [r for r in atom.refs if r.kind in MOVING_AVERAGES]
    lines = next((pair_of(r, True) for r in atom.refs if r.kind not in MOVING_AVERAGES), None)
    if len(averages) < 2 and lines is not None:  # "MACD golden cross": MACD over its signal
        return [build.compare(kind, *lines)]
    if len(averages) < 2:
        averages = [Ref("sma", (("period", 50.0),)), Ref("sma", (("period", 200.0),))]
    return [build.compare(kind, averages[0], averages[1])]


def _between(atom: Atom, build: Builder) -> list[Item] | None:
    """Read "between 40 and 60": above the lower number and below the higher one."""
    subject = subject_of(atom, build)
    if "between" not in atom.rels or len(atom.numbers) < 2 or subject is None:
        return None
    low, high = sorted(atom.numbers[:2], key=lambda n: n.value)
    parts = (build.compare("above", subject, low), build.compare("below", subject, high))
    return [AllOf(type="all", conditions=parts)]


def _distance(atom: Atom, build: Builder) -> list[Item] | None:
    """A percentage between two series: within it (near) or more than it (at least)."""
    pct = next((n for n in atom.numbers if n.unit == "%"), None)
    if pct is None and "within" not in atom.rels:
        return None
    pair = _two_series(atom)
    if pair is None:
        return None
    mode, side = _distance_words(atom.rels)
    pct = pct or Number(1.0, "%", default=True)
    a, b = build.spec(pair[0], pair[1]), build.spec(pair[1], pair[0])
    threshold = pct_const(build.registry, pct)
    return [Distance(type="distance_pct", a=a, b=b, mode=mode, side=side, pct=threshold)]  # type: ignore[arg-type]


def _distance_words(rels: list[str]) -> tuple[str, str]:
    """Return (mode, side): "less than 1% above" is within/above, "2% below" more_than/below."""
    sides = [r for r in rels if r in ("above", "below")]
    mode = "more_than" if sides else "within"
    if len(sides) >= 2:
        mode = "more_than" if sides[0] == "above" else "within"
    if "within" in rels or "at_least" in rels:
        mode = "within" if "within" in rels else "more_than"
    return mode, sides[-1] if sides else "either"


def _multiple(atom: Atom, build: Builder) -> list[Item] | None:
    """Volume a multiple of its average: "volume 2x average" is more than 100% above it."""
    times = next((n for n in atom.numbers if n.unit == "x"), None)
    volume = "spike" in atom.ideas or any(_is_volume(s) for s in atom.series)
    if times is None or not volume:
        return None
    average = next((r for r in atom.refs if r.kind == "volume_ma"), Ref("volume_ma"))
    a, b = build.spec(price("volume"), average), build.spec(average, price("volume"))
    if times.value == 1:
        return [build.compare("above", price("volume"), average)]
    side: Literal["above", "below"] = "above" if times.value > 1 else "below"
    percent = round(abs(times.value - 1) * 100, 4)
    build.multiples.append((times.value, percent))
    pct = pct_const(build.registry, Number(percent))
    return [Distance(type="distance_pct", a=a, b=b, mode="more_than", side=side, pct=pct)]


def _cross(atom: Atom, build: Builder) -> list[Item] | None:
    """A crossing: of two series, of a level, or of an indicator's usual partner."""
    rel = next((r for r in atom.rels if r in _CROSS[:2]), None)
    rel = rel or next((r for r in atom.rels if r == "cross"), None)
    if rel is None:
        return None
    up = _upwards(rel, atom)
    kind = "crosses_above" if up else "crosses_below"
    series, numbers = atom.series, atom.numbers
    if len(series) >= 2:
        return [build.compare(kind, series[0], series[1])]
    if series and numbers:
        return [build.compare(kind, series[0], numbers[0])]
    if series:
        return _cross_one(atom, series[0], kind, up, build)
    if numbers and build.subject is not None:
        return [build.compare(kind, build.subject, numbers[0])]
    return [build.compare(kind, *build.last_pair)] if build.last_pair else None


def _second_level(atom: Atom, build: Builder) -> list[Item]:
    """Read a level after a crossing of two lines: "%K crosses above %D below 20"."""
    rel = next((r for r in atom.rels if r in ("above", "below")), None)
    if rel is None or len(atom.series) < 2 or not atom.numbers or not atom.refs:
        return []
    return [build.compare(rel, atom.refs[0], atom.numbers[0])]


def _cross_one(atom: Atom, one: Series, kind: str, up: bool, build: Builder) -> list[Item] | None:
    """Cross one named indicator: "EMA crossover" is two EMAs, "MACD cross" its signal line."""
    if isinstance(one, PriceOperand):
        return None
    if one.kind in MOVING_AVERAGES and not one.params and not atom.rel_first:
        fast, slow = _PAIR_DEFAULTS.get(one.kind, (9.0, 21.0))
        pair = [
            Ref(one.kind, (("period", p),), None, one.timeframe, 0, ("period",))
            for p in (fast, slow)
        ]
        return [build.compare(kind, pair[0], pair[1])]
    if one.kind in SCALES and (one.kind, one.output) not in PARTNERS:
        return [build.compare(kind, *level(one, up))]
    found = pair_of(one, up)
    return None if found is None else [build.compare(kind, *found)]


def _compare(atom: Atom, build: Builder) -> list[Item] | None:
    """Above/below: two series, a series and a level, or the price and an overlay."""
    rel = next((r for r in atom.rels if r in ("above", "below")), None)
    if rel is None:
        return None
    series, numbers = atom.series, atom.numbers
    if atom.ago:
        return _trend(atom, build, "rising" if rel == "above" else "falling")
    if len(series) >= 2:
        return [build.compare(rel, series[0], series[1])]
    if series and numbers:
        ends = (numbers[0], series[0]) if atom.number_first else (series[0], numbers[0])
        return [build.compare(rel, *ends)]
    if series and isinstance(series[0], Ref):
        one = series[0]
        if atom.rel_first and (one.kind in OVERLAYS or one.kind == "ichimoku"):
            return [build.compare(rel, CLOSE, one)]
        found = pair_of(one, rel == "above")
        return None if found is None else [build.compare(rel, *found)]
    if numbers and build.subject is not None:
        return [build.compare(rel, build.subject, numbers[0])]
    return None


def _touch(atom: Atom, build: Builder) -> list[Item] | None:
    """Touching a band or average: the candle's low reaches it (its high, for upper edges)."""
    if "touch" not in atom.rels:
        return None
    subject = subject_of(atom, build)
    if subject is not None and subject.kind in SCALES and atom.numbers:
        low, high, _, _, _ = SCALES[subject.kind]
        below = atom.numbers[0].value < (low + high) / 2
        return [build.compare("below" if below else "above", subject, atom.numbers[0])]
    if subject is None or subject.kind in SCALES:
        return None
    edge = subject
    if subject.kind in ("bbands", "keltner", "donchian") and subject.output is None:
        edge = subject.to("lower" if atom.up else "upper")
    lower = edge.output == "lower" or (edge.output != "upper" and atom.up)
    if lower:
        return [build.compare("below", price("low"), edge)]
    return [build.compare("above", price("high"), edge)]


def _trend(atom: Atom, build: Builder, rel: str | None = None) -> list[Item] | None:
    """Rising/falling: higher (lower) than one candle ago, or than N candles ago."""
    rel = rel or next((r for r in atom.rels if r in ("rising", "falling")), None)
    if rel is None:
        return None
    operand = atom.series[0] if atom.series else build.subject or build.last_ref
    if operand is None:
        return None
    spec = build.spec(operand, operand)
    return [Trend(type=rel, operand=spec, candles=max(1, min(atom.ago, 100)))]  # type: ignore[arg-type]


def _two_series(atom: Atom) -> tuple[Series, Series] | None:
    """Return the two series of a distance; one named series is measured from the price."""
    series = atom.series
    if len(series) >= 2:
        return series[0], series[1]
    one = series[0] if series else None
    if isinstance(one, Ref) and (one.kind in OVERLAYS or one.output in ("upper", "lower", "mid")):
        return CLOSE, one
    return None


def _upwards(rel: str, atom: Atom) -> bool:
    """Tell a crossing's direction: its words, else upwards on the buy side."""
    if rel != "cross":
        return rel == "crosses_above"
    words = set(atom.ideas) | set(atom.rels)
    if words & {"from_below", "bullish", "above"}:
        return True
    if words & {"from_above", "bearish", "below"}:
        return False
    return atom.up


def _is_volume(series: Series) -> bool:
    """Tell whether a series is the volume or its average."""
    return (isinstance(series, PriceOperand) and series.field == "volume") or (
        isinstance(series, Ref) and series.kind == "volume_ma"
    )


_READERS: tuple[Reader, ...] = (
    _named_cross,
    _between,
    _distance,
    _multiple,
    _cross,
    _compare,
    _touch,
    _trend,
)
