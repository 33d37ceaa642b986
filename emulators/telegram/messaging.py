"""Bot API methods that send messages: sendMessage, sendPhoto and sendDocument."""

from __future__ import annotations

from typing import Any

from emulators.telegram.entities import Entity, utf16_len
from emulators.telegram.errors import bad_request
from emulators.telegram.formatting import parse_text
from emulators.telegram.markup import read_markup
from emulators.telegram.models import JSON, ChatRecord, StoredFile, StoredMessage, image_size
from emulators.telegram.params import Params, Upload
from emulators.telegram.state import EmulatorState

MAX_TEXT = 4096
MAX_CAPTION = 1024
_KIND_NAMES = {"photo": "Photo", "document": "Document"}


def read_text(params: Params, name: str, limit: int) -> tuple[str, list[Entity]]:
    """Parse the text or caption `name` into plain text and entities, enforcing `limit`."""
    raw = params.text(name) or ""
    entities = params.json(
        f"{name}_entities" if name == "caption" else "entities", "can't parse entities JSON object"
    )
    plain, parsed = parse_text(raw, params.text("parse_mode"))
    if isinstance(entities, list) and not params.text("parse_mode"):
        parsed = entities
    if utf16_len(plain) > limit:
        raise bad_request(
            "message is too long" if name == "text" else "message caption is too long"
        )
    return plain, parsed


def acquire_flood_token(state: EmulatorState, chat: ChatRecord) -> None:
    """Count one outgoing message or edit against the flood limits (may raise 429)."""
    state.limiter.acquire(chat.id, is_group=chat.type != "private")


async def send_message(state: EmulatorState, params: Params) -> JSON:
    """Send a text message to a chat."""
    chat = state.chat_for_bot(read_chat_id(params))
    plain, entities = read_text(params, "text", MAX_TEXT)
    if not plain.strip():
        raise bad_request("message text is empty")
    return _deliver(state, chat, params, "sendMessage", text=plain, entities=entities)


async def send_photo(state: EmulatorState, params: Params) -> JSON:
    """Send a photo (upload, file_id or URL) with an optional caption."""
    return await _send_media(state, params, "photo", "sendPhoto")


async def send_document(state: EmulatorState, params: Params) -> JSON:
    """Send a document (upload, file_id or URL) with an optional caption."""
    return await _send_media(state, params, "document", "sendDocument")


async def _send_media(state: EmulatorState, params: Params, kind: str, method: str) -> JSON:
    chat = state.chat_for_bot(read_chat_id(params))
    source = params.upload(kind)
    if source is None or source == "":
        raise bad_request(f"there is no {kind} in the request")
    stored = _store_file(state, kind, source)
    plain, entities = read_text(params, "caption", MAX_CAPTION)
    content: dict[str, Any] = {kind: stored, "text": plain or None, "entities": entities}
    return _deliver(state, chat, params, method, **content)


def _store_file(state: EmulatorState, kind: str, source: Upload | str) -> StoredFile:
    if isinstance(source, Upload):
        if not source.data:
            raise bad_request("file must be non-empty")
        width, height = image_size(source.data) if kind == "photo" else (0, 0)
        return state.add_file(
            kind,
            data=source.data,
            file_name=source.filename,
            mime_type=source.content_type,
            width=width,
            height=height,
        )
    if source.startswith(("http://", "https://")):
        return state.add_file(
            kind, url=source, file_name=source.rsplit("/", 1)[-1], width=512, height=512
        )
    stored = state.files.get(source)
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if stored.kind != kind:
        raise bad_request(
            f"can't use file of type {_KIND_NAMES[stored.kind]} as {_KIND_NAMES[kind]}"
        )
    return stored


def _deliver(
    state: EmulatorState, chat: ChatRecord, params: Params, method: str, **content: Any
) -> JSON:
    inline, keyboard = read_markup(params, chat.type)
    reply_to = _reply_target(chat, params)
    acquire_flood_token(state, chat)
    message = state.add_message(
        chat,
        state.bot,
        raw_text=params.text("caption" if method != "sendMessage" else "text"),
        parse_mode=params.text("parse_mode"),
        reply_markup=inline,
        keyboard=keyboard,
        reply_to=reply_to,
        **content,
    )
    state.stats.record_delivery(chat.id, method, message.message_id)
    return message.to_api()


def read_chat_id(params: Params) -> int | None:
    """Return the chat_id parameter; @usernames name no chat the emulator knows."""
    value = params.text("chat_id")
    if value is not None and value.startswith("@"):
        raise bad_request("chat not found")
    return params.integer("chat_id")


def _reply_target(chat: ChatRecord, params: Params) -> StoredMessage | None:
    reply = params.json("reply_parameters", "can't parse reply parameters JSON object")
    message_id = params.integer("reply_to_message_id")
    allow_missing = params.flag("allow_sending_without_reply")
    if isinstance(reply, dict):
        message_id = int(reply.get("message_id", 0))
        allow_missing = allow_missing or bool(reply.get("allow_sending_without_reply"))
    if message_id is None:
        return None
    target = chat.messages.get(message_id)
    if target is None or target.deleted:
        if allow_missing:
            return None
        raise bad_request("message to be replied not found")
    return target
