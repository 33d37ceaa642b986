"""Tell a strategy idea from small talk by what a message names, never by its length.

A message is an idea when it names two kinds of trading things (a pair, an indicator, a
timeframe, a trading verb, a condition, a named state, a trading style, a request to
build a strategy) and one of them speaks of trading on its own: an indicator, a trading
verb, "oversold" or a golden cross, "scalping" or "swing", or "make me a strategy". A
question ("what is RSI?", "should I buy BTC?") needs three. Pairs, timeframes and moves
alone ("is BTC going up?") are market talk, not ideas.

The words are the composer's own (`vocab`, `words`, `kinds`): read here, never changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ai_strategies.composer import vocab as v
from ai_strategies.composer import words as w
from ai_strategies.composer.kinds import NAMES
from ai_strategies.composer.market import read_pairs
from ai_strategies.composer.segments import normalise

# Indicator names that are everyday words or initials ("mom", "tema", "bb") unless a
# number follows ("ma 50", "bb 20").
_AMBIGUOUS_NAMES = frozenset(
    {"ma", "mom", "momentum", "sto", "uo", "kc", "bb", "sar", "parabolic", "roc", "tema",
     "dema", "kama", "kaufman", "hull", "williams", "average volume", "avg volume"}
)  # fmt: skip
# Side words that are also everyday Indonesian ("masuk akal", "mau keluar").
_EVERYDAY_VERBS = frozenset({"masuk", "keluar"})
_NAMED = tuple(re.compile(rf"(?<![a-z0-9%+-])(?:{pattern.pattern})") for _, pattern in NAMES)
_RELATIONS = tuple(
    re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])")
    for name, pattern in w.RELATIONS
    if name not in ("touch", "within")  # "at", "hits", "near": everyday words
)
_STRONG_STATES = ("oversold", "overbought", "golden", "death")
_STATES = tuple(
    (name in _STRONG_STATES, re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])"))
    for name, pattern in w.IDEAS
    if name in (*_STRONG_STATES, "bullish", "bearish", "positive", "negative", "spike")
)
_TIMEFRAME_WORDS = re.compile(rf"\b(?:{'|'.join(v.TIMEFRAME_WORDS)})\b")
_STYLES = re.compile(rf"\b(?:{'|'.join(v.STYLE_TIMEFRAMES)})\b")
_REQUEST = re.compile(
    r"\b(?:make|create|build|generate|design|write|bikin|bikinin|buat|buatkan|buatin|rancang)"
    r"\b.*\b(?:strateg(?:y|ies)|strategi)\b"
)
_NUMBER_AFTER = re.compile(r" ?\(? ?\d")
_QUESTION = re.compile(
    r"^(?:what|what's|whats|how|why|where|who|which|is|are|does|do|should|apa|apakah|"
    r"bagaimana|gimana|gmn|kenapa|mengapa|kapan|berapa|siapa|dimana|di mana)\b"
)


@dataclass(frozen=True)
class IdeaSignals:
    """What a message names (signal names), whether one of them speaks of trading on its own
    (`anchored`: an unambiguous indicator or verb, a named state, a style, a request) and
    whether the message asks a question."""

    found: tuple[str, ...]
    anchored: bool
    question: bool

    @property
    def is_idea(self) -> bool:
        """Tell whether the signals add up to a strategy idea."""
        return self.anchored and len(self.found) >= (3 if self.question else 2)


def read_signals(text: str) -> IdeaSignals:
    """Read which kinds of trading things a message names, in English or Indonesian."""
    plain = normalise(text)
    signals: dict[str, bool] = {}  # signal -> whether it anchors the idea
    indicator = _indicator(plain)
    if indicator is not None:
        signals["indicator"] = indicator
    verbs = [m.group() for p in (v.ENTRY, v.EXIT, v.SHORT) for m in p.finditer(plain)]
    if verbs:
        signals["action"] = any(verb not in _EVERYDAY_VERBS for verb in verbs)
    states = [strong for strong, pattern in _STATES if pattern.search(plain)]
    if states:
        signals["state"] = any(states)
    if _STYLES.search(plain):
        signals["style"] = True
    if _REQUEST.search(plain):
        signals["request"] = True
    if read_pairs(plain).pairs:
        signals["pair"] = False
    if v.TIMEFRAME.search(plain) or _TIMEFRAME_WORDS.search(plain):
        signals["timeframe"] = False
    if any(pattern.search(plain) for pattern in _RELATIONS):
        signals["condition"] = False
    question = text.rstrip().endswith("?") or _QUESTION.match(plain) is not None
    return IdeaSignals(tuple(signals), any(signals.values()), question)


def looks_like_idea(text: str) -> bool:
    """Tell whether a free-text message describes a strategy idea (see `read_signals`)."""
    return read_signals(text).is_idea


def _indicator(plain: str) -> bool | None:
    """Return None when no indicator is named, else whether one is named unambiguously."""
    spaced = re.sub(r"(?<=[a-z])(?=\d)", " ", plain)  # "ema200" is "ema 200"
    found: bool | None = None
    for pattern in _NAMED:
        for match in pattern.finditer(spaced):
            if match.group() not in _AMBIGUOUS_NAMES or _NUMBER_AFTER.match(spaced, match.end()):
                return True
            found = False
    return found
