"""What the emulated Telegram keeps across restarts, as JSON: users, chats and their history.

Real Telegram keeps chats, so a restarted emulator must too, or the bot's next message to a
known user fails with "chat not found". Each chat keeps its last `history_limit` messages,
with the files they show. Update ids and the random sequence continue where they stopped, so
the bot's offsets and stored file ids stay valid. Pending updates, callbacks, bot settings,
flood limits and counters start afresh.
"""

from __future__ import annotations

import base64
import random
from typing import Any

from emulators.telegram.models import JSON, ChatRecord, StoredFile, StoredMessage, UserRecord
from emulators.telegram.state import EmulatorState

FORMAT = 1
HISTORY_LIMIT = 500
# A bigger upload keeps its name and type but not its bytes, so the file stays small.
MAX_KEPT_FILE = 1024 * 1024
_CHAT_TYPES = ("private", "group", "supergroup")
_FILE_KINDS = ("photo", "document")


def dump_state(state: EmulatorState, history_limit: int = HISTORY_LIMIT) -> JSON:
    """Return the users, the chats with their recent messages, and those messages' files."""
    chats: list[JSON] = []
    files: dict[str, StoredFile] = {}
    for chat in state.chats.values():
        kept = list(chat.messages.values())
        kept = kept[max(len(kept) - history_limit, 0) :]
        files |= {f.file_id: f for m in kept for f in (m.photo, m.document) if f is not None}
        chats.append(_dump_chat(chat, kept))
    return {
        "format": FORMAT,
        "next_update_id": state.updates.next_id,
        "rng": list(state.rng.getstate()),
        "users": [_dump_user(user) for user in state.users.values()],
        "blocked": sorted(state.blocked),
        "files": [_dump_file(stored) for stored in files.values()],
        "chats": chats,
    }


def restore_state(state: EmulatorState, data: object) -> None:
    """Replace the state's users, chats and files with saved ones; ValueError if malformed.

    Nothing changes unless all of `data` reads correctly.
    """
    saved = Fields(data)
    if saved.integer("format") != FORMAT:
        raise ValueError(f"unknown format {saved.integer('format')}")
    users = {user.id: user for user in map(_load_user, saved.objects("users"))}
    files = {stored.file_id: stored for stored in map(_load_file, saved.objects("files"))}
    chats: dict[int, ChatRecord] = {}
    for item in saved.objects("chats"):
        chat = _load_chat(item, state.bot, users, files)
        chats[chat.id] = chat
    rng = _load_rng(saved.value("rng", list))
    blocked = set(saved.integers("blocked"))
    next_update_id = saved.integer("next_update_id")
    state.users, state.chats, state.files = users, chats, files
    state.blocked, state.rng = blocked, rng
    state.updates.next_id = max(state.updates.next_id, next_update_id)


class Fields:
    """Typed reads from one JSON object; a missing or mistyped field raises ValueError."""

    def __init__(self, data: object) -> None:
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object")
        self._data: JSON = data

    def value(self, key: str, kind: type, *, optional: bool = False) -> Any:
        """Return the field if it is a `kind` (or None when `optional`)."""
        value = self._data.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise ValueError(f"{key!r} is missing or not a {kind.__name__}")
        return value

    def integer(self, key: str) -> int:
        """Return an integer field."""
        value: int = self.value(key, int)
        return value

    def text(self, key: str) -> str:
        """Return a string field."""
        value: str = self.value(key, str)
        return value

    def optional_text(self, key: str) -> str | None:
        """Return a string field that may be null."""
        value: str | None = self.value(key, str, optional=True)
        return value

    def objects(self, key: str) -> list[Fields]:
        """Return a list of JSON objects, each readable as `Fields`."""
        return [Fields(item) for item in self.value(key, list)]

    def integers(self, key: str) -> list[int]:
        """Return a list of integers."""
        return [Fields({key: item}).integer(key) for item in self.value(key, list)]

    def raw_objects(self, key: str) -> list[JSON]:
        """Return a list of JSON objects as they are (message entities)."""
        return [Fields(item)._data for item in self.value(key, list)]


def _dump_user(user: UserRecord) -> JSON:
    return {
        "id": user.id,
        "first_name": user.first_name,
        "username": user.username,
        "language_code": user.language_code,
    }


def _load_user(saved: Fields) -> UserRecord:
    return UserRecord(
        saved.integer("id"),
        saved.text("first_name"),
        saved.optional_text("username"),
        saved.optional_text("language_code"),
    )


def _dump_file(stored: StoredFile) -> JSON:
    data = stored.data if stored.size <= MAX_KEPT_FILE else None
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "kind": stored.kind,
        "data": base64.b64encode(data).decode() if data is not None else None,
        "url": stored.url,
        "file_name": stored.file_name,
        "mime_type": stored.mime_type,
        "width": stored.width,
        "height": stored.height,
    }


def _load_file(saved: Fields) -> StoredFile:
    kind = saved.text("kind")
    if kind not in _FILE_KINDS:
        raise ValueError(f"unknown file kind {kind!r}")
    data = saved.optional_text("data")
    return StoredFile(
        saved.text("file_id"),
        saved.text("file_unique_id"),
        kind,
        data=base64.b64decode(data, validate=True) if data is not None else None,
        url=saved.optional_text("url"),
        file_name=saved.optional_text("file_name"),
        mime_type=saved.optional_text("mime_type"),
        width=saved.integer("width"),
        height=saved.integer("height"),
    )


def _dump_chat(chat: ChatRecord, kept: list[StoredMessage]) -> JSON:
    return {
        "id": chat.id,
        "type": chat.type,
        "chat_instance": chat.chat_instance,
        "title": chat.title,
        "user_id": chat.user.id if chat.user is not None else None,
        "next_message_id": chat.next_message_id,
        "messages": [_dump_message(message) for message in kept],
    }


def _load_chat(
    saved: Fields, bot: UserRecord, users: dict[int, UserRecord], files: dict[str, StoredFile]
) -> ChatRecord:
    kind = saved.text("type")
    if kind not in _CHAT_TYPES:
        raise ValueError(f"unknown chat type {kind!r}")
    user_id = saved.value("user_id", int, optional=True)
    chat = ChatRecord(saved.integer("id"), kind, saved.text("chat_instance"))
    chat.title = saved.optional_text("title")
    chat.user = users[user_id] if user_id is not None else None
    for item in saved.objects("messages"):
        message = _load_message(item, chat, bot, users, files)
        chat.messages[message.message_id] = message
    newest = max(chat.messages, default=0)
    chat.next_message_id = max(saved.integer("next_message_id"), newest + 1)
    return chat


def _dump_message(message: StoredMessage) -> JSON:
    return {
        "message_id": message.message_id,
        "from_bot": message.from_bot,
        "sender_id": message.sender.id,
        "date": message.date,
        "text": message.text,
        "raw_text": message.raw_text,
        "parse_mode": message.parse_mode,
        "entities": message.entities,
        "photo": message.photo.file_id if message.photo is not None else None,
        "document": message.document.file_id if message.document is not None else None,
        "reply_markup": message.reply_markup,
        "keyboard": message.keyboard,
        "reply_to": message.reply_to.message_id if message.reply_to is not None else None,
        "edit_date": message.edit_date,
        "deleted": message.deleted,
    }


def _load_message(
    saved: Fields,
    chat: ChatRecord,
    bot: UserRecord,
    users: dict[int, UserRecord],
    files: dict[str, StoredFile],
) -> StoredMessage:
    photo, document = saved.optional_text("photo"), saved.optional_text("document")
    reply_to = saved.value("reply_to", int, optional=True)
    return StoredMessage(
        saved.integer("message_id"),
        chat,
        bot if saved.value("from_bot", bool) else users[saved.integer("sender_id")],
        saved.integer("date"),
        text=saved.optional_text("text"),
        raw_text=saved.optional_text("raw_text"),
        parse_mode=saved.optional_text("parse_mode"),
        entities=saved.raw_objects("entities"),
        photo=files[photo] if photo is not None else None,
        document=files[document] if document is not None else None,
        reply_markup=saved.value("reply_markup", dict, optional=True),
        keyboard=saved.value("keyboard", dict, optional=True),
        # A reply to a message no longer kept shows as a plain message.
        reply_to=chat.messages.get(reply_to) if reply_to is not None else None,
        edit_date=saved.value("edit_date", int, optional=True),
        deleted=saved.value("deleted", bool),
    )


def _load_rng(saved: list[Any]) -> random.Random:
    """Return a generator continuing the saved sequence (`random.Random.getstate()`)."""
    if len(saved) != 3 or not isinstance(saved[1], list):
        raise ValueError("rng is not a random.Random state")
    rng = random.Random()
    rng.setstate((saved[0], tuple(saved[1]), saved[2]))
    return rng
