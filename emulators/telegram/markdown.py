"""Parse Telegram's legacy Markdown and MarkdownV2 into plain text and entities."""

from __future__ import annotations

import re

from emulators.telegram.entities import Entity, byte_offset, entity_error, utf16_len
from emulators.telegram.errors import ApiError

_V1_MARKS = {"*": "bold", "_": "italic"}
_V2_MARKS = {"__": "underline", "||": "spoiler", "*": "bold", "_": "italic", "~": "strikethrough"}
_V2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def parse_markdown(text: str, *, v2: bool) -> tuple[str, list[Entity]]:
    """Return plain text and entities for Markdown (`v2=False`) or MarkdownV2 text."""
    return _Markdown(text, v2).run()


def _reserved(char: str) -> ApiError:
    return entity_error(
        f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
    )


class _Markdown:
    """A single-pass scanner over Markdown markup."""

    def __init__(self, text: str, v2: bool) -> None:
        self.text = text
        self.v2 = v2
        self.marks = _V2_MARKS if v2 else _V1_MARKS
        self.parts: list[str] = []
        self.entities: list[Entity] = []
        self.opened: dict[str, tuple[int, int]] = {}
        self.units = 0
        self.i = 0

    def run(self) -> tuple[str, list[Entity]]:
        """Scan the whole text and return the result."""
        while self.i < len(self.text):
            self._step()
        if self.opened:
            start = min(byte for _, byte in self.opened.values())
            raise entity_error(f"Can't find end of the entity starting at byte offset {start}")
        return "".join(self.parts), sorted(self.entities, key=lambda e: e["offset"])

    def _step(self) -> None:
        text, i = self.text, self.i
        char = text[i]
        if self.v2 and char == "\\" and i + 1 < len(text):
            self._emit(text[i + 1])
            self.i += 2
        elif text.startswith("```", i):
            self._code_block()
        elif char == "`":
            self._inline_code()
        elif char == "[":
            self._link()
        elif self.v2 and char == ">" and (i == 0 or text[i - 1] == "\n"):
            self.i += 1
        elif mark := self._mark_at(i):
            self._toggle(mark)
        elif self.v2 and char in _V2_RESERVED:
            raise _reserved(char)
        else:
            self._emit(char)
            self.i += 1

    def _mark_at(self, i: int) -> str | None:
        for mark in self.marks:
            if self.text.startswith(mark, i):
                return mark
        return None

    def _toggle(self, mark: str) -> None:
        if mark in self.opened:
            start, _ = self.opened.pop(mark)
            self._add_entity({"type": self.marks[mark]}, start)
        else:
            self.opened[mark] = (self.units, byte_offset(self.text, self.i))
        self.i += len(mark)

    def _inline_code(self) -> None:
        end = self._find("`", self.i + 1)
        start = self.units
        self._emit(self._unescape(self.text[self.i + 1 : end]))
        self._add_entity({"type": "code"}, start)
        self.i = end + 1

    def _code_block(self) -> None:
        end = self._find("```", self.i + 3)
        body = self.text[self.i + 3 : end]
        header, newline, rest = body.partition("\n")
        entity: Entity = {"type": "pre"}
        if newline and header and " " not in header:
            entity["language"] = header
            body = rest
        start = self.units
        self._emit(self._unescape(body))
        self._add_entity(entity, start)
        self.i = end + 3

    def _link(self) -> None:
        middle = self._find("](", self.i + 1, required=False)
        close = self._find(")", middle + 2, required=False) if middle >= 0 else -1
        if close < 0:
            if self.v2:
                raise _reserved("[")
            self._emit("[")
            self.i += 1
            return
        start = self.units
        self._emit(self._unescape(self.text[self.i + 1 : middle]))
        url = self._unescape(self.text[middle + 2 : close])
        self._add_entity({"type": "text_link", "url": url}, start)
        self.i = close + 1

    def _find(self, token: str, start: int, *, required: bool = True) -> int:
        """Find the next unescaped `token`, failing like Telegram when it is missing."""
        i = start
        while i < len(self.text):
            if self.v2 and self.text[i] == "\\":
                i += 2
                continue
            if self.text.startswith(token, i):
                return i
            i += 1
        if not required:
            return -1
        offset = byte_offset(self.text, self.i)
        raise entity_error(f"Can't find end of the entity starting at byte offset {offset}")

    def _unescape(self, text: str) -> str:
        return _ESCAPED.sub(r"\1", text) if self.v2 else text

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        self.units += utf16_len(text)

    def _add_entity(self, entity: Entity, start: int) -> None:
        if self.units > start:
            self.entities.append({**entity, "offset": start, "length": self.units - start})
