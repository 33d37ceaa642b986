"""What a spot, long-only strategy cannot do, found in a prompt and named with its words.

Short selling refuses its whole rule; leverage, futures and extra pairs are taken out of
the text; outside data (news, sentiment), order books and chart ideas without an
indicator (divergence, support) refuse the atom that asks for them. The rest is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ai_strategies.composer import vocab as v
from ai_strategies.composer.risk import Span
from ai_strategies.spec import Unsupported
from ai_strategies.spec.model import UnsupportedCode

MAX_PHRASE = 160
_NOT_PHRASE = re.compile(r"[^A-Za-z0-9À-ɏ .,%/:;()<>=+?!&-]+")
_GLOBAL: tuple[tuple[UnsupportedCode, re.Pattern[str]], ...] = (
    ("leverage", v.LEVERAGE),
    ("futures", v.FUTURES),
    ("multiple_pairs", v.MANY_PAIRS),
)
_IN_ATOMS: tuple[tuple[UnsupportedCode, re.Pattern[str]], ...] = (
    ("external_data", v.EXTERNAL),
    ("order_book", v.ORDER_BOOK),
    ("other", v.OTHER_IDEAS),
)


@dataclass
class Refusals:
    """The unsupported requests of one prompt, each once, in the order found."""

    items: list[Unsupported] = field(default_factory=list)

    def add(self, code: UnsupportedCode, text: str) -> None:
        """Record a request with the words that asked for it."""
        words = phrase(text)
        if words and not any(i.code == code and i.phrase == words for i in self.items):
            self.items.append(Unsupported(code=code, phrase=words))

    def codes(self) -> list[str]:
        """Return the codes recorded, in order."""
        return [item.code for item in self.items]


def phrase(text: str) -> str:
    """Return words of the prompt as a spec phrase: plain characters, at most 160."""
    cleaned = _NOT_PHRASE.sub(" ", text.replace("_", " "))
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" ,.;:")
    return cleaned[:MAX_PHRASE].strip()


def take_global(text: str, refusals: Refusals) -> list[Span]:
    """Record leverage, futures and "all pairs" requests; return their spans."""
    spans: list[Span] = []
    for code, pattern in _GLOBAL:
        for match in pattern.finditer(text):
            refusals.add(code, match.group(0))
            spans.append(match.span())
    return spans


def refuse_atom(text: str, refusals: Refusals) -> bool:
    """Record an atom that asks for outside data or an unsupported idea; tell if it did."""
    for code, pattern in _IN_ATOMS:
        if pattern.search(text):
            refusals.add(code, text)
            return True
    return False


def refuse_pairs(pairs: list[str], refusals: Refusals) -> None:
    """Record every pair after the first: one strategy trades one pair."""
    for pair in pairs[1:]:
        refusals.add("multiple_pairs", pair)


def refuse_short(texts: list[str], refusals: Refusals) -> None:
    """Record a short-selling rule with its words."""
    refusals.add("short_selling", ", ".join(t for t in texts if t))


def refuse_other(text: str, refusals: Refusals) -> None:
    """Record words that could not be read as a condition or a setting."""
    refusals.add("other", text)


def refuse_timeframes(problems: list[str], refusals: Refusals) -> None:
    """Record timeframes the strategy cannot use."""
    for problem in problems:
        refusals.add("other", f"timeframe {problem}")
