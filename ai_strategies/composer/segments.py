"""Cut a prompt into rules: pieces, the side each belongs to, and the atoms of each piece.

Pieces end at . ; , and "then/lalu/kemudian". Each side word starts a rule: "buy/enter/
beli/masuk" an entry rule, "sell/exit/jual/keluar/take profit" an exit rule (two rules of
one side are alternatives); a "short" rule is refused. A piece without a side word
continues the rule before it (AND); pieces before any side word belong to the first
entry rule; a lone side word goes to its piece ("... to buy", "buy BTC, when ...").
Within a piece "and/dan/with/dengan" join atoms (AND) and "or/atau" join groups of them
(OR, looser than AND); a piece starting with "or/atau" is OR-ed with the one before.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Literal

from ai_strategies.composer import vocab as v

Side = Literal["entry", "exit", "short"]
MAX_PROMPT_CHARS = 2000
_INDONESIAN = re.compile(
    r"\b(dengan|kalau|jika|saat|ketika|di bawah|di atas|beli|jual|menit|jam|harian|dan|"
    r"untuk|pakai|gunakan|buatkan|buat|strategi|rata-rata|tolong|yang|atau|naik|turun|"
    r"memotong|keluar|masuk|lalu|setelah|bawaan|sebagai)\b"
)
_TO = re.compile(r"(?:to|untuk|then|lalu)\b")
_WHEN = re.compile(r"(?:when|if|once|on|saat|kalau|ketika|jika|bila|apabila)\b")
_FILLER = re.compile(r"^(?:\s|to|untuk|the|a|an|when|if|on|at|saat|kalau|ketika|jika|bila)*$")


@dataclass
class Piece:
    """A stretch of the prompt: its text (side words blanked), side, and OR-start flag."""

    text: str
    side: Side | None
    marked: bool
    joins_or: bool = False
    raw: str = ""


@dataclass
class RuleText:
    """The pieces of one entry or exit rule, in order."""

    side: Side
    pieces: list[Piece] = field(default_factory=list)


def normalise(text: str) -> str:
    """Lower-case, unify symbols, decimal commas and spaces, and cap the length."""
    text = text[:MAX_PROMPT_CHARS].lower()
    for old, new in (
        ("≤", "<="),
        ("≥", ">="),
        ("×", "x"),
        ("–", "-"),
        ("—", "-"),
        ("rata2", "rata-rata"),
    ):
        text = text.replace(old, new)
    text = re.sub(r"[\"'`“”‘’]", " ", text)
    text = re.sub(r"(\d),(\d+)(?=\s*(?:%|x\b|kali\b|persen\b|atr\b))", r"\1.\2", text)
    text = re.sub(r"(\d)\s*(?:persen|percent|pct)\b", r"\1%", text)
    text = re.sub(r"(?<=\d)-(?=\d)", "/", text)
    text = re.sub(r"\b(?:unless|kecuali)\b", " and not ", text)
    text = re.sub(r"\bhead (?:and|&) shoulders\b", "head_and_shoulders", text)
    text = v.BETWEEN.sub(r"\1 \2 / \3", text)
    text = v.MA_AND_MA.sub(r"\1 \2/\3", text)
    text = v.CROSS_THEN_PAIR.sub(r"\2 \1 \3", text)
    text = v.PAIR_THEN_CROSS.sub(r"\1 \3 \2", text)
    text = re.sub(r"\s*(<=|>=|=<|=>|<|>|=|\(|\))\s*", r" \1 ", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def detect_language(text: str) -> Literal["en", "id"]:
    """Guess Indonesian from its common function words; default to English."""
    return "id" if _INDONESIAN.search(normalise(text)) else "en"


def rules(text: str) -> list[RuleText]:
    """Group the pieces of a (normalised, risk-blanked) prompt into rules."""
    found: list[RuleText] = []
    leading: list[Piece] = []
    for piece in _sided(pieces(text)):
        if piece.side is None and not found:
            leading.append(piece)
            continue
        if piece.marked or not found:
            side: Side = piece.side or "entry"
            found.append(RuleText(side))
        found[-1].pieces.append(piece)
    if leading:
        first = next((r for r in found if r.side == "entry"), None)
        if found and found[0] is first:
            first.pieces[:0] = leading
        else:
            found.insert(0, RuleText("entry", leading))
    return found


def pieces(text: str) -> list[Piece]:
    """Split text at sentence ends, commas and "then", and again at each side word."""
    found: list[Piece] = []
    for part in v.PIECE_BREAK.split(text):
        if part and part.strip():
            found += _split_at_sides(part.strip())
    return found


def _split_at_sides(text: str) -> list[Piece]:
    """Cut a piece before each side word after the first, and blank the side words."""
    marks = sorted(_marks(text), key=lambda mark: mark[0])
    if not marks:
        return [_piece(text, None, False, text)]
    cuts = [start for start, _, _ in marks[1:] if start > 0]
    bounds = [0, *cuts, len(text)]
    found = []
    for lo, hi in itertools.pairwise(bounds):
        inside = [m for m in marks if lo <= m[0] < hi]
        side = inside[0][2] if inside else None
        chunk = text[lo:hi]
        for start, end, _ in reversed(inside):
            chunk = chunk[: start - lo] + " " * (end - start) + chunk[end - lo :]
        found.append(_piece(chunk, side, bool(inside), text[lo:hi]))
    return found


def _marks(text: str) -> list[tuple[int, int, Side]]:
    """Return (start, end, side) of every side word; "short" wins over "sell"."""
    shorts = [(m.start(), m.end(), "short") for m in v.SHORT.finditer(text)]
    taken = [(s, e) for s, e, _ in shorts]
    found: list[tuple[int, int, Side]] = [(s, e, "short") for s, e, _ in shorts]
    for side, pattern in (("entry", v.ENTRY), ("exit", v.EXIT)):
        for m in pattern.finditer(text):
            if not any(s <= m.start() < e for s, e in taken):
                found.append((m.start(), m.end(), side))  # type: ignore[arg-type]
    return found


def _piece(text: str, side: Side | None, marked: bool, raw: str) -> Piece:
    """Return a piece; a leading "or/atau" makes it OR with the piece before."""
    stripped = text.strip()
    joins_or = v.OR_WORDS.match(stripped) is not None
    if joins_or:
        stripped = v.OR_WORDS.sub(" ", stripped, count=1).strip()
    stripped = re.sub(r"^(?:and|dan|&)\b", " ", stripped).strip()
    return Piece(stripped, side, marked, joins_or, raw.strip())


def _sided(found: list[Piece]) -> list[Piece]:
    """Give a lone side word to its piece: before it ("to buy"), or after it ("when ...")."""
    kept: list[Piece] = []
    pending: Side | None = None
    for piece in found:
        bare = piece.marked and _FILLER.match(piece.text) is not None
        if bare and kept and not kept[-1].marked and _TO.match(piece.raw):
            kept[-1].side, kept[-1].marked = piece.side, True
        elif bare:
            pending = piece.side
        elif pending is not None and not piece.marked and _WHEN.match(piece.text):
            piece.side, piece.marked, pending = pending, True, None
            kept.append(piece)
        else:
            pending = None
            kept.append(piece)
    return kept


def atoms(text: str) -> list[list[str]]:
    """Split a piece into OR groups of AND atoms."""
    groups = [g for g in v.OR_WORDS.split(text) if g.strip()]
    return [[a.strip() for a in v.AND_WORDS.split(g) if a and a.strip()] for g in groups]
