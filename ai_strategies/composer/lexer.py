"""Split one condition's words into tokens: indicators, prices, numbers and relations.

At each word the longest matching rule wins; words no rule knows are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ai_strategies.composer import words as w
from ai_strategies.composer.kinds import NAMES, OUTPUTS, SUFFIXES
from ai_strategies.composer.vocab import STYLE_TIMEFRAMES, TIMEFRAME, TIMEFRAME_WORDS, UNIT
from ai_strategies.spec import CATALOGUE


@dataclass(frozen=True)
class Token:
    """One meaningful piece of a condition.

    `type` is ind (an indicator: `name` is its kind), out (an output word), price, num,
    rel (a relation), idea, held, ago, not, tf (a timeframe) or avg ("the average").
    """

    type: str
    name: str = ""
    numbers: tuple[float, ...] = ()
    unit: str = ""
    output: str | None = None
    timeframe: str | None = None
    shift: int = 0
    start: int = 0
    end: int = 0


Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], Token]]
_PARAMS = re.compile(
    rf" ?\(? ?(?:(?:period|periode|length|len|panjang)\s*(?:=|:)?\s*)?(\d+(?:\.\d+)?){w.NOT_PARAM}"
    rf"(?:(?: ?[,/] ?| )(\d+(?:\.\d+)?){w.NOT_PARAM})*(?: ?\))?"
)
_NUMBER_IN_PARAMS = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?![\w.])")
_LEADING = re.compile(r"(\d{1,3})(?:[- ]?(period|periode|day|hari|candle|bar))?[- ]")
_TF_PREFIX = (
    r"(?:(?:on|di|pada|in|at|using|pakai|timeframe|time frame|tf|chart|grafik) )?(?:the |a )?"
)
_TF_SUFFIX = r"(?: (?:timeframe|time frame|tf|chart|grafik|candles?|strategy|strategi))?"


def lex(text: str) -> list[Token]:
    """Return the tokens of a condition text, in order."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        if text[pos] == " ":
            pos += 1
            continue
        found = _longest(text, pos)
        if found is None:
            space = text.find(" ", pos)
            pos = len(text) if space < 0 else space
            continue
        tokens.append(found)
        pos = found.end
    return tokens


def _longest(text: str, pos: int) -> Token | None:
    """Return the token of the rule matching most text at `pos`, or None."""
    best: Token | None = None
    for pattern, build in _RULES:
        match = pattern.match(text, pos)
        if match and (best is None or match.end() > best.end):
            token = build(match)
            best = replace(token, start=match.start(), end=match.end())
    indicator = _indicator(text, pos)
    if indicator is not None and (best is None or indicator.end > best.end):
        best = indicator
    return best


def _indicator(text: str, pos: int) -> Token | None:
    """Return an indicator name with its parameters ("rsi 14", "200 ema", "stoch k")."""
    lead = _LEADING.match(text, pos)
    for start, number, unit in ((pos, None, None), *_leading(lead)):
        for kind, pattern in NAMES:
            name = pattern.match(text, start)
            if name is None:
                continue
            end, output = _suffix(kind, text, name.end())
            params = _PARAMS.match(text, end)
            numbers = (
                tuple(float(n) for n in _NUMBER_IN_PARAMS.findall(params.group(0)))
                if params
                else ()
            )
            if number is not None:
                if numbers or len(CATALOGUE[kind].params) != 1:
                    break
                numbers = (number,)
            tf = "1d" if unit in ("day", "hari") else None
            stop = params.end() if params else end
            return Token("ind", kind, numbers, output=output, timeframe=tf, start=pos, end=stop)
    return None


def _leading(lead: re.Match[str] | None) -> list[tuple[int, float | None, str | None]]:
    """Return where a name starts after a leading period ("200 ema"), if there is one."""
    if lead is None:
        return []
    return [(lead.end(), float(lead.group(1)), lead.group(2))]


def _suffix(kind: str, text: str, end: int) -> tuple[int, str | None]:
    """Read an output written right after a name ("stoch k", "obv ma")."""
    for output, pattern in SUFFIXES.get(kind, ()):
        match = re.compile(rf" ?(?:{pattern})(?![a-z0-9])").match(text, end)
        if match:
            return match.end(), output
    return end, None


def _tf(match: re.Match[str]) -> Token:
    """Return a timeframe token ("15 menit" -> 15m)."""
    unit = UNIT[match.group(2)]
    return Token("tf", f"{int(match.group(1))}{unit}")


def _tf_word(match: re.Match[str]) -> Token:
    """Return the timeframe a word names (daily) or implies (scalping)."""
    word = match.group(1)
    return Token(
        "tf",
        TIMEFRAME_WORDS.get(word) or STYLE_TIMEFRAMES[word],
        unit="style" if word in STYLE_TIMEFRAMES else "",
    )


def _first_int(match: re.Match[str]) -> int:
    """Return the first whole number a match captured."""
    return int(next(g for g in match.groups() if g is not None and g.isdigit()))


def _extreme(match: re.Match[str]) -> Token:
    """Return the Donchian channel edge of "the 20-candle high", one candle back."""
    text = match.group(0)
    output = "lower" if re.search(r"low|terendah", text) else "upper"
    days = re.search(r"\b(?:days?|hari)\b", text) is not None
    return Token(
        "ind",
        "donchian",
        (float(_first_int(match)),),
        output=output,
        timeframe="1d" if days else None,
        shift=1,
    )


def _average(match: re.Match[str]) -> Token:
    """Return "the average", with its period when one is written."""
    found = [float(g) for g in match.groups() if g is not None]
    return Token("avg", numbers=tuple(found[:1]))


def _number(match: re.Match[str]) -> Token:
    """Return a number token; "2x" and "2 kali" are multiples."""
    unit = {"kali": "x", "times": "x"}.get(match.group(2) or "", match.group(2) or "")
    return Token("num", numbers=(float(match.group(1)),), unit=unit)


def _table(table: tuple[tuple[str, str], ...], kind: str) -> list[Rule]:
    """Return rules that make a token of `kind` named by the table's entry."""
    return [(pattern, _named(kind, name)) for name, pattern in w.compiled(table)]


def _named(kind: str, name: str) -> Callable[[re.Match[str]], Token]:
    """Return a builder of tokens of one kind and name."""

    def build(match: re.Match[str]) -> Token:
        """Return the token (the match itself carries nothing more)."""
        return Token(kind, name)

    return build


def _rule(pattern: str, build: Callable[[re.Match[str]], Token]) -> Rule:
    """Compile a rule that must end at a word boundary."""
    return re.compile(rf"(?:{pattern})(?![a-z0-9])"), build


_TF_WORDS = "|".join([*TIMEFRAME_WORDS, *STYLE_TIMEFRAMES])
_RULES: list[Rule] = [
    _rule(_TF_PREFIX + TIMEFRAME.pattern.removeprefix(r"\b").removesuffix(r"\b") + _TF_SUFFIX, _tf),
    _rule(rf"{_TF_PREFIX}({_TF_WORDS})(?: trade| trading)?{_TF_SUFFIX}", _tf_word),
    _rule(w.HELD, lambda m: Token("held", numbers=(float(_first_int(m)),))),
    _rule(w.AGO, lambda m: Token("ago", numbers=(float(_first_int(m)),))),
    _rule(w.EXTREME, _extreme),
    _rule(w.AVERAGE, _average),
    _rule(w.NEGATION, lambda m: Token("not")),
    _rule(w.ZERO, lambda m: Token("num", numbers=(0.0,))),
    _rule(w.NUMBER, _number),
    *_table(w.RELATIONS, "rel"),
    *_table(w.IDEAS, "idea"),
    *_table(w.PRICES, "price"),
    *[(p, lambda m, o=out: Token("out", o)) for out, p, _ in OUTPUTS],
]
