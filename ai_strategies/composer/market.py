"""Read the traded pair and the timeframes: the strategy's own and its indicators'.

Pairs: "BTC/USDT", "btcusdt", "eth-usdt", or a coin alone ("sol" is SOL/USDT); the first
one named is traded, more are "multiple_pairs". Timeframes: a timeframe written right
after an indicator ("EMA 200 on 1h") belongs to that indicator when the strategy has
another timeframe of its own; otherwise the first timeframe written is the strategy's.
Style words imply one (scalping 5m, swing 4h), listed as a default.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ai_strategies.composer import vocab as v
from ai_strategies.composer.lexer import Token
from ai_strategies.composer.risk import Span
from ai_strategies.spec.names import TIMEFRAMES, timeframe_minutes


@dataclass
class PairAsk:
    """The pairs a prompt names, in order, and where."""

    pairs: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


@dataclass
class TimeframeAsk:
    """The strategy's timeframe (None: not said), whether a style word implied it, problems."""

    main: str | None = None
    implied: bool = False
    problems: list[str] = field(default_factory=list)


def read_pairs(text: str) -> PairAsk:
    """Find every pair and coin named, first one first."""
    found: list[tuple[int, str, Span]] = []
    for pattern in (v.PAIR_SLASH, v.PAIR_DASH, v.PAIR_JOINED):
        for match in pattern.finditer(text):
            base, quote = match.group(1), match.group(2)
            taken = any(s <= match.start() < e for _, _, (s, e) in found)
            if base != quote and not base.isdigit() and not taken:
                pair = f"{v.COINS.get(base, base.upper())}/{quote.upper()}"
                found.append((match.start(), pair, match.span()))
    for match in v.COIN_WORD.finditer(text):
        if not any(s <= match.start() < e for _, _, (s, e) in found):
            found.append((match.start(), f"{v.COINS[match.group(1)]}/USDT", match.span()))
    ask = PairAsk()
    for _, pair, span in sorted(found):
        ask.spans.append(span)
        if pair not in ask.pairs and len(pair.split("/")[0]) >= 2:
            ask.pairs.append(pair)
    return ask


def resolve_timeframes(atoms: list[list[Token]]) -> tuple[TimeframeAsk, list[list[Token]]]:
    """Pick the strategy's timeframe and give indicators theirs; return the updated tokens."""
    marks = [
        (a, t, _attached(tokens, t))
        for a, tokens in enumerate(atoms)
        for t, token in enumerate(tokens)
        if token.type == "tf"
    ]
    own = [m for m in marks if m[2] is None and atoms[m[0]][m[1]].unit != "style"]
    style = [m for m in marks if atoms[m[0]][m[1]].unit == "style"]
    chosen = own[0] if own else next((m for m in marks if m[2] is not None), None)
    ask = TimeframeAsk()
    if chosen is None and style:
        chosen, ask.implied = style[0], True
    if chosen is not None:
        ask.main = atoms[chosen[0]][chosen[1]].name
    if ask.main is not None and ask.main not in TIMEFRAMES:
        ask.problems.append(ask.main)
        ask.main = None
    updated = [list(tokens) for tokens in atoms]
    for a, t, ind in marks:
        if ind is not None and (a, t, ind) != chosen:
            _give(updated[a], ind, atoms[a][t].name, ask)
    return ask, updated


def _attached(tokens: list[Token], index: int) -> int | None:
    """Return the index of the indicator a timeframe is written right after, if any."""
    before = index - 1
    if before >= 0 and tokens[before].type == "out":
        before -= 1
    if before >= 0 and tokens[before].type == "ind":
        return before
    return None


def _give(tokens: list[Token], index: int, timeframe: str, ask: TimeframeAsk) -> None:
    """Set an indicator's own timeframe, when it is one the strategy can read."""
    main = ask.main
    if timeframe not in TIMEFRAMES:
        ask.problems.append(timeframe)
        return
    if main is not None and timeframe_minutes(timeframe) < timeframe_minutes(main):
        ask.problems.append(f"{timeframe} < {main}")
        return
    tokens[index] = replace(tokens[index], timeframe=timeframe)


def check_indicator_timeframes(
    atoms: list[list[Token]], main: str, ask: TimeframeAsk
) -> list[list[Token]]:
    """Drop indicator timeframes shorter than the strategy's ("200-day" on a weekly chart)."""
    fixed = []
    for tokens in atoms:
        row = []
        for token in tokens:
            tf = token.timeframe
            if (
                token.type == "ind"
                and tf is not None
                and timeframe_minutes(tf) < timeframe_minutes(main)
            ):
                ask.problems.append(f"{tf} < {main}")
                token = replace(token, timeframe=None)
            row.append(token)
        fixed.append(row)
    return fixed
