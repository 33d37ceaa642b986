"""Records the emulator stores, and their Bot API JSON shapes."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]

SUPERGROUP_ID_LIMIT = -1_000_000_000_000
_MAGIC = (
    (b"\x89PNG", "image/png"),
    (b"\xff\xd8", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"%PDF", "application/pdf"),
)


@dataclass
class UserRecord:
    """A Telegram account: a person talking to the bot, or the bot itself."""

    id: int
    first_name: str
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False

    def to_api(self) -> JSON:
        """Return the Bot API `User` object."""
        data: JSON = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        if self.language_code and not self.is_bot:
            data["language_code"] = self.language_code
        return data


@dataclass
class StoredFile:
    """An uploaded photo or document, or a reference to a remote URL."""

    file_id: str
    file_unique_id: str
    kind: str
    data: bytes | None = None
    url: str | None = None
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0

    @property
    def size(self) -> int:
        """Return the stored size in bytes (0 for URL references)."""
        return len(self.data) if self.data is not None else 0

    @property
    def content_type(self) -> str:
        """Return the MIME type to serve: as uploaded, else sniffed from the bytes."""
        declared = self.mime_type or "application/octet-stream"
        if declared != "application/octet-stream" or self.data is None:
            return declared
        for magic, sniffed in _MAGIC:
            if self.data.startswith(magic):
                return sniffed
        return declared

    @property
    def file_path(self) -> str:
        """Return the path `getFile` reports, relative to the file base URL."""
        folder = "photos" if self.kind == "photo" else "documents"
        suffix = ".jpg" if self.kind == "photo" else ""
        return f"{folder}/{self.file_unique_id}{suffix}"

    def photo_sizes(self) -> list[JSON]:
        """Return the `PhotoSize` list for a photo message (one size, as uploaded)."""
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "width": self.width,
                "height": self.height,
                "file_size": self.size,
            }
        ]

    def document(self) -> JSON:
        """Return the `Document` object for a document message."""
        data: JSON = {"file_id": self.file_id, "file_unique_id": self.file_unique_id}
        data["file_name"] = self.file_name or "document"
        data["mime_type"] = self.mime_type or "application/octet-stream"
        data["file_size"] = self.size
        return data


@dataclass
class ChatRecord:
    """A private chat (id == user id) or a group (negative id)."""

    id: int
    type: str
    chat_instance: str
    title: str | None = None
    user: UserRecord | None = None
    next_message_id: int = 1
    messages: dict[int, StoredMessage] = field(default_factory=dict)

    def to_api(self) -> JSON:
        """Return the Bot API `Chat` object."""
        data: JSON = {"id": self.id, "type": self.type}
        if self.title is not None:
            data["title"] = self.title
        if self.user is not None:
            data["first_name"] = self.user.first_name
            if self.user.username:
                data["username"] = self.user.username
        return data

    def allocate_message_id(self) -> int:
        """Return the next message id of this chat."""
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


@dataclass
class StoredMessage:
    """One message in a chat, sent by the bot or injected as a user's message."""

    message_id: int
    chat: ChatRecord
    sender: UserRecord
    date: int
    text: str | None = None
    raw_text: str | None = None
    parse_mode: str | None = None
    entities: list[JSON] = field(default_factory=list)
    photo: StoredFile | None = None
    document: StoredFile | None = None
    reply_markup: JSON | None = None
    keyboard: JSON | None = None
    reply_to: StoredMessage | None = None
    edit_date: int | None = None
    deleted: bool = False

    @property
    def from_bot(self) -> bool:
        """Return whether the bot sent this message."""
        return self.sender.is_bot

    @property
    def has_media(self) -> bool:
        """Return whether the text is a caption of a photo or document."""
        return self.photo is not None or self.document is not None

    def to_api(self, *, with_reply: bool = True) -> JSON:
        """Return the Bot API `Message` object."""
        data: JSON = {
            "message_id": self.message_id,
            "from": self.sender.to_api(),
            "chat": self.chat.to_api(),
            "date": self.date,
        }
        if self.edit_date is not None:
            data["edit_date"] = self.edit_date
        if self.reply_to is not None and with_reply:
            data["reply_to_message"] = self.reply_to.to_api(with_reply=False)
        data.update(self._content())
        if self.reply_markup is not None:
            data["reply_markup"] = self.reply_markup
        return data

    def _content(self) -> JSON:
        key = "caption" if self.has_media else "text"
        data: JSON = {}
        if self.photo is not None:
            data["photo"] = self.photo.photo_sizes()
        if self.document is not None:
            data["document"] = self.document.document()
        if self.text is not None:
            data[key] = self.text
            if self.entities:
                data[f"{key}_entities" if self.has_media else "entities"] = self.entities
        return data


def chat_type_for(chat_id: int) -> str:
    """Return the chat type a chat id implies: private, group or supergroup."""
    if chat_id > 0:
        return "private"
    return "supergroup" if chat_id <= SUPERGROUP_ID_LIMIT else "group"


def image_size(data: bytes) -> tuple[int, int]:
    """Return (width, height) of PNG, GIF or JPEG bytes, or a square default."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return 512, 512


def _jpeg_size(data: bytes) -> tuple[int, int]:
    index = 2
    while index + 9 < len(data) and data[index] == 0xFF:
        marker, length = data[index + 1], struct.unpack(">H", data[index + 2 : index + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return int(width), int(height)
        index += 2 + int(length)
    return 512, 512
