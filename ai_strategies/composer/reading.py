"""Gather an atom's tokens into operands and words: what is compared, and how.

Output words bind to the indicator next to them ("MACD signal", "band bawah bollinger");
alone they point at the last indicator that has that output ("the lower band").
"the average" is the volume's average next to volume, else a moving average.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ai_strategies.composer.kinds import SCALES, output_kinds
from ai_strategies.composer.lexer import Token
from ai_strategies.composer.operands import Number, Ref, instances, price
from ai_strategies.spec.operands import PriceOperand

Series = Ref | PriceOperand
# Words that are outputs only next to their indicator ("signal" alone is just a word).
_IN_CONTEXT = {"signal", "k", "d"}


@dataclass
class Atom:
    """One atom's operands (in written order) and words."""

    up: bool  # True on the buy side: "cross" means crossing upwards
    series: list[Series] = field(default_factory=list)
    numbers: list[Number] = field(default_factory=list)
    rels: list[str] = field(default_factory=list)
    ideas: list[str] = field(default_factory=list)
    held: int = 0
    ago: int = 0
    negated: bool = False
    rel_first: bool = False  # "above EMA 200": the relation comes before any operand
    number_first: bool = False  # "30 > RSI"
    band: tuple[Ref, float, float] | None = None  # "RSI 30/70"
    unusable: bool = False  # numbers written with an indicator that could not be used

    @property
    def refs(self) -> list[Ref]:
        """Return the indicator operands."""
        return [s for s in self.series if isinstance(s, Ref)]


def gather(tokens: list[Token], up: bool, known: list[Ref]) -> Atom:
    """Return the atom of `tokens`; `known` are indicators named before, latest last."""
    atom = Atom(up)
    volume = any(t.type == "price" and t.name == "volume" for t in tokens) or "spike" in {
        t.name for t in tokens
    }
    for index, token in enumerate(tokens):
        _order(atom, token)
        if token.type == "ind":
            _indicator(atom, token, tokens[index - 1] if index else None)
        elif token.type == "out":
            _output(atom, token, tokens, index, known)
        elif token.type == "price" and not _repeated(token, tokens, index):
            atom.series.append(price(token.name))
        elif token.type == "avg":
            atom.series.append(_average(atom, token, volume))
        elif token.type == "num":
            atom.numbers.append(Number(token.numbers[0], token.unit))
        else:
            _word(atom, token)
    _in_a_row(atom)
    return atom


def _in_a_row(atom: Atom) -> None:
    """Read "2 green candles in a row": the count is how long the state holds."""
    count = next((n for n in atom.numbers if not n.unit and n.value == int(n.value) >= 2), None)
    if "row" in atom.ideas and count is not None and not atom.held:
        atom.held = int(count.value)
        atom.numbers.remove(count)


def _indicator(atom: Atom, token: Token, before: Token | None) -> None:
    """Add an indicator (two for "EMA 9/21"), with an output word written just before it."""
    if _level_after_name(atom, token):  # "sell at RSI 70": 70 is the level, not the period
        atom.numbers.append(Number(token.numbers[0]))
        token = replace(token, numbers=())
    found, band, ok = instances(token.name, token.numbers)
    output = token.output
    if output is None and before is not None and before.type == "out":
        output = before.name if token.name in output_kinds(before.name) else None
    refs = [Ref(token.name, p, output, token.timeframe, token.shift) for p in found]
    atom.series += refs
    atom.unusable = atom.unusable or not ok
    if band is not None:
        atom.band = (refs[0], band[0], band[1])


def _level_after_name(atom: Atom, token: Token) -> bool:
    """Tell whether an oscillator's lone number is a level: a relation came before it."""
    lone = len(token.numbers) == 1 and token.name in SCALES
    return lone and bool(atom.rels) and not atom.numbers and not atom.series


def _output(atom: Atom, token: Token, tokens: list[Token], index: int, known: list[Ref]) -> None:
    """Bind an output word to the indicator before it, the one after it, or a known one."""
    kinds = output_kinds(token.name)
    before = tokens[index - 1] if index else None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    last = atom.series[-1] if atom.series else None
    after_name = before is not None and before.type == "ind" and isinstance(last, Ref)
    if after_name and isinstance(last, Ref) and last.kind in kinds and last.output is None:
        atom.series[-1] = last.to(token.name)
        return
    if after is not None and after.type == "ind" and after.name in kinds:
        return  # `_indicator` takes it
    ref = next((r for r in reversed([*known, *atom.refs]) if r.kind in kinds), None)
    if ref is None and token.name in _IN_CONTEXT:
        return
    atom.series.append((ref or Ref(kinds[0])).to(token.name))


def _repeated(token: Token, tokens: list[Token], index: int) -> bool:
    """Tell whether a price repeats the one just before it ("the price closes above")."""
    before = tokens[index - 1] if index else None
    return before is not None and before.type == "price" and before.name == token.name


def _average(atom: Atom, token: Token, volume: bool) -> Ref:
    """Return "the average": of the volume, of OBV, else of the price (an SMA)."""
    obv = next((r for r in atom.refs if r.kind == "obv"), None)
    if obv is not None and not volume:
        return obv.to("ma")
    kind = "volume_ma" if volume else "sma"
    found, _, ok = instances(kind, token.numbers)
    atom.unusable = atom.unusable or not ok
    return Ref(kind, found[0])


def _word(atom: Atom, token: Token) -> None:
    """Note a relation, idea, candle count or negation."""
    if token.type == "rel":
        atom.rels.append(token.name)
    elif token.type == "idea":
        atom.ideas.append(token.name)
    elif token.type == "held":
        atom.held = int(token.numbers[0])
    elif token.type == "ago":
        atom.ago = int(token.numbers[0])
    elif token.type == "not":
        atom.negated = True


def _order(atom: Atom, token: Token) -> None:
    """Note whether a relation (or a number and a relation) comes before the first operand."""
    if atom.series or token.type not in ("ind", "out", "price", "avg"):
        return
    atom.rel_first = bool(atom.rels) and not atom.numbers
    atom.number_first = bool(atom.rels) and bool(atom.numbers)
