"""Python syntax highlighting on the server, with the standard library's tokenizer.

`highlight(source)` returns HTML in which every token worth a colour is wrapped in
`<span class="tok-…">`, and every character of the source is escaped: the text of the
result, tags removed and entities decoded, is the source itself. The source is sliced by
the tokenizer's positions, never rebuilt from token strings, so spacing, line continuations
and comments survive exactly. Code the tokenizer gives up on (it is stored, so it may be
anything) is shown from that point on as escaped plain text. Colours live in app.css.
"""

from __future__ import annotations

import builtins
import functools
import html
import io
import keyword
import token
import tokenize
from collections.abc import Iterator
from typing import Final

from markupsafe import Markup

_BUILTINS: Final = frozenset(name for name in dir(builtins) if not name.startswith("_"))
_CONSTANTS: Final = frozenset({"True", "False", "None"})
# Names that start a definition: the next name is what they define.
_DEFINERS: Final = frozenset({"def", "class"})
_STRINGS: Final = frozenset(
    code
    for name in ("STRING", "FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END")
    if (code := getattr(token, name, None)) is not None
)


# A version's code changes only with a new version: the same few are shown again and again.
@functools.lru_cache(maxsize=64)
def highlight(source: str) -> Markup:
    """Return `source` as escaped HTML with its tokens wrapped in classed spans."""
    starts = _line_starts(source)
    out: list[str] = []
    done = 0  # the offset up to which the source has been written out
    previous = ""
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            begin = _offset(starts, tok.start, len(source))
            end = _offset(starts, tok.end, len(source))
            css = _kind(tok, previous)
            if tok.type in (token.NAME, token.OP):
                previous = tok.string
            if begin < done or end <= begin or css is None:
                continue  # written out with the plain text around it
            out.append(html.escape(source[done:begin]))
            out.append(f'<span class="tok-{css}">{html.escape(source[begin:end])}</span>')
            done = end
    except (tokenize.TokenError, SyntaxError):
        pass  # the rest is shown as it is
    out.append(html.escape(source[done:]))
    return Markup("".join(out))  # noqa: S704  (every piece of source above is escaped)


def _kind(tok: tokenize.TokenInfo, previous: str) -> str | None:
    """Return the colour class of a token, or None to leave it plain."""
    if tok.type == token.COMMENT:
        return "comment"
    if tok.type in _STRINGS:
        return "string"
    if tok.type == token.NUMBER:
        return "number"
    if tok.type == token.OP:
        return "op"
    if tok.type != token.NAME:
        return None
    if previous in _DEFINERS:
        return "def"
    if tok.string in _CONSTANTS:
        return "const"
    if keyword.iskeyword(tok.string):
        return "keyword"
    if tok.string == "self" or tok.string in _BUILTINS:
        return "builtin"
    return None


def _line_starts(source: str) -> list[int]:
    """Return the offset where each line starts, split as the tokenizer reads lines."""
    starts, offset = [0, 0], 0  # rows count from 1
    for line in _lines(source):
        offset += len(line)
        starts.append(offset)
    return starts


def _lines(source: str) -> Iterator[str]:
    reader = io.StringIO(source).readline
    while line := reader():
        yield line


def _offset(starts: list[int], position: tuple[int, int], size: int) -> int:
    """Turn a (row, column) position into an offset in the source."""
    row, column = position
    if row >= len(starts):
        return size
    return min(size, starts[row] + column)
