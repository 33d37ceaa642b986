"""Bot API methods that change sent messages: edits, deletions and callback answers."""

from __future__ import annotations

import time
from typing import Any

from emulators.telegram.errors import bad_request
from emulators.telegram.markup import read_inline_markup
from emulators.telegram.messaging import (
    MAX_CAPTION,
    MAX_TEXT,
    acquire_flood_token,
    read_chat_id,
    read_text,
)
from emulators.telegram.models import JSON, StoredMessage
from emulators.telegram.params import Params
from emulators.telegram.state import EmulatorState, now

_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
_QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"


async def edit_message_text(state: EmulatorState, params: Params) -> JSON:
    """Replace a bot message's text; omitting reply_markup removes its keyboard."""
    message = _editable(state, params)
    if message.has_media:
        raise bad_request("there is no text in the message to edit")
    plain, entities = read_text(params, "text", MAX_TEXT)
    if not plain.strip():
        raise bad_request("message text is empty")
    return _apply_edit(state, params, message, "editMessageText", text=plain, entities=entities)


async def edit_message_caption(state: EmulatorState, params: Params) -> JSON:
    """Replace the caption of a bot's photo or document."""
    message = _editable(state, params)
    if not message.has_media:
        raise bad_request("there is no caption in the message to edit")
    plain, entities = read_text(params, "caption", MAX_CAPTION)
    text = plain or None
    return _apply_edit(state, params, message, "editMessageCaption", text=text, entities=entities)


async def edit_message_reply_markup(state: EmulatorState, params: Params) -> JSON:
    """Replace or remove the inline keyboard of a bot message."""
    message = _editable(state, params)
    content = {"text": message.text, "entities": message.entities}
    return _apply_edit(state, params, message, "editMessageReplyMarkup", **content)


async def delete_message(state: EmulatorState, params: Params) -> bool:
    """Mark a message deleted, whoever sent it."""
    chat = state.chat_for_bot(read_chat_id(params))
    message = chat.messages.get(params.integer("message_id") or 0)
    if message is None or message.deleted:
        raise bad_request("message to delete not found")
    message.deleted = True
    state.signal.notify()
    return True


async def delete_messages(state: EmulatorState, params: Params) -> bool:
    """Mark several messages deleted, skipping those that do not exist."""
    chat = state.chat_for_bot(read_chat_id(params))
    ids = params.json("message_ids", "can't parse message_ids JSON object")
    if not isinstance(ids, list) or not ids:
        raise bad_request("message identifiers are not specified")
    for message_id in ids:
        message = chat.messages.get(int(message_id))
        if message is not None:
            message.deleted = True
    state.signal.notify()
    return True


async def answer_callback_query(state: EmulatorState, params: Params) -> bool:
    """Record the answer to a pressed button; each query may be answered once."""
    record = state.callbacks.get(params.text("callback_query_id") or "")
    if record is None or record.answer is not None:
        raise bad_request(_QUERY_INVALID)
    record.answer = {
        "callback_query_id": record.query_id,
        "chat_id": record.chat_id,
        "message_id": record.message_id,
        "user_id": record.user_id,
        "data": record.data,
        "text": params.text("text"),
        "show_alert": params.flag("show_alert"),
        "url": params.text("url"),
        "cache_time": params.integer("cache_time") or 0,
        "t": time.time(),
    }
    state.signal.notify()
    return True


def _editable(state: EmulatorState, params: Params) -> StoredMessage:
    if params.text("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    chat = state.chat_for_bot(read_chat_id(params))
    message_id = params.integer("message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    message = chat.messages.get(message_id)
    if message is None or message.deleted:
        raise bad_request("message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return message


def _apply_edit(
    state: EmulatorState, params: Params, message: StoredMessage, method: str, **content: Any
) -> JSON:
    markup = read_inline_markup(params, message.chat.type)
    unchanged = (
        content["text"] == message.text
        and content["entities"] == message.entities
        and markup == message.reply_markup
    )
    if unchanged:
        raise bad_request(_NOT_MODIFIED)
    acquire_flood_token(state, message.chat)
    message.text, message.entities, message.reply_markup = (
        content["text"],
        content["entities"],
        markup,
    )
    if method != "editMessageReplyMarkup":
        message.raw_text = params.text("text" if method == "editMessageText" else "caption")
        message.parse_mode = params.text("parse_mode")
    message.edit_date = now()
    state.signal.notify()
    state.stats.record_delivery(message.chat.id, method, message.message_id)
    return message.to_api()
