"""Message-entity basics shared by the text parsers: offsets, commands and errors."""

from __future__ import annotations

import re
from typing import Any

from emulators.telegram.errors import ApiError, bad_request

Entity = dict[str, Any]

_COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")


def utf16_len(text: str) -> int:
    """Return the length of `text` in UTF-16 code units, the unit of entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def byte_offset(text: str, index: int) -> int:
    """Return the UTF-8 byte offset of character `index`, as Telegram's errors report."""
    return len(text[:index].encode())


def entity_error(detail: str) -> ApiError:
    """Build the `can't parse entities` error Telegram answers for malformed markup."""
    return bad_request(f"can't parse entities: {detail}")


def command_entities(text: str) -> list[Entity]:
    """Return `bot_command` entities for every /command in a user's message."""
    return [
        {
            "type": "bot_command",
            "offset": utf16_len(text[: match.start()]),
            "length": utf16_len(match.group()),
        }
        for match in _COMMAND.finditer(text)
    ]
