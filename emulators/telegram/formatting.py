"""Turn Bot API `parse_mode` text into plain text and entities, failing like Telegram does."""

from __future__ import annotations

from html.parser import HTMLParser

from emulators.telegram.entities import Entity, byte_offset, entity_error, utf16_len
from emulators.telegram.errors import bad_request
from emulators.telegram.markdown import parse_markdown

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}


def parse_text(text: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """Return the plain text and entities Telegram would store for `text`."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return _parse_html(text)
    if mode in ("markdown", "markdownv2"):
        return parse_markdown(text, v2=mode == "markdownv2")
    if mode:
        raise bad_request("unsupported parse_mode")
    return text, []


def _parse_html(text: str) -> tuple[str, list[Entity]]:
    parser = _HtmlEntities(text)
    parser.feed(text)
    parser.close()
    parser.finish()
    return "".join(parser.parts), sorted(parser.entities, key=lambda e: e["offset"])


def _tag_entity(tag: str, attrs: dict[str, str | None]) -> Entity | None:
    """Map one supported start tag to its entity skeleton, or None when unsupported."""
    if tag in _SIMPLE_TAGS:
        return {"type": _SIMPLE_TAGS[tag]}
    if tag == "span" and attrs.get("class") == "tg-spoiler":
        return {"type": "spoiler"}
    if tag == "a" and attrs.get("href"):
        return {"type": "text_link", "url": attrs["href"]}
    if tag == "blockquote":
        kind = "expandable_blockquote" if "expandable" in attrs else "blockquote"
        return {"type": kind}
    if tag == "tg-emoji" and attrs.get("emoji-id"):
        return {"type": "custom_emoji", "custom_emoji_id": attrs["emoji-id"]}
    return None


class _HtmlEntities(HTMLParser):
    """Collect plain text and entities from Telegram-flavoured HTML."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.parts: list[str] = []
        self.entities: list[Entity] = []
        self.stack: list[tuple[str, Entity | None, int]] = []
        self.units = 0

    def handle_data(self, data: str) -> None:
        """Append text outside tags."""
        self.parts.append(data)
        self.units += utf16_len(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an entity, or fail on tags Telegram does not support."""
        entity = _tag_entity(tag, dict(attrs))
        if entity is None:
            raise entity_error(f'Unsupported start tag "{tag}" at byte offset {self._offset()}')
        if entity["type"] == "code" and self.stack and self.stack[-1][0] == "pre":
            language = (dict(attrs).get("class") or "").removeprefix("language-")
            pre = self.stack[-1][1]
            if language and pre is not None:
                pre["language"] = language
            entity = None
        self.stack.append((tag, entity, self.units))

    def handle_endtag(self, tag: str) -> None:
        """Close the innermost entity, which must match `tag`."""
        if not self.stack:
            raise entity_error(f'Unexpected end tag "{tag}" at byte offset {self._offset()}')
        opened, entity, start = self.stack.pop()
        if opened != tag:
            raise entity_error(
                f"Unmatched end tag at byte offset {self._offset()}, "
                f'expected "</{opened}>", found "</{tag}>"'
            )
        if entity is not None and self.units > start:
            self.entities.append({**entity, "offset": start, "length": self.units - start})

    def finish(self) -> None:
        """Fail when a tag was never closed."""
        if self.stack:
            raise entity_error(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1][0]}"'
            )

    def _offset(self) -> int:
        line, column = self.getpos()
        lines = self.source.split("\n")
        index = sum(len(text) + 1 for text in lines[: line - 1]) + column
        return byte_offset(self.source, index)
