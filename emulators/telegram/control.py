"""Test-side operations: act as users, inspect what the bot sent, and steer failures."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from typing import Any

from emulators.telegram.entities import command_entities
from emulators.telegram.errors import ControlError
from emulators.telegram.limits import FaultPlan, FloodLimits
from emulators.telegram.markup import callback_buttons
from emulators.telegram.models import JSON, ChatRecord, StoredMessage, UserRecord
from emulators.telegram.state import CallbackRecord, EmulatorState, now
from emulators.telegram.webapp import WebAppLaunch, open_web_app


class Controller:
    """The control API as Python methods; HTTP routes and in-process tests share it."""

    def __init__(self, state: EmulatorState) -> None:
        self.state = state

    def send_user_message(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        language_code: str | None = None,
        first_name: str | None = None,
        username: str | None = None,
        chat_title: str | None = None,
    ) -> JSON:
        """Inject a message from a user (a private chat unless `chat_id` is negative)."""
        if not text:
            raise ControlError("text is required")
        if user_id in self.state.blocked:
            raise ControlError("the user blocked the bot; unblock the user first", 409)
        chat_id = user_id if chat_id is None else chat_id
        if chat_id > 0 and chat_id != user_id:
            raise ControlError("a private chat's id must equal the user's id")
        details = {"first_name": first_name, "username": username, "language_code": language_code}
        user = self.state.ensure_user(user_id, **details)
        chat = self.state.ensure_chat(chat_id, user, chat_title)
        entities = command_entities(text)
        message = self.state.add_message(chat, user, text=text, raw_text=text, entities=entities)
        self.state.stats.record_incoming(chat.id, message.message_id)
        self.state.updates.push("message", message.to_api())
        return message.to_api()

    def click(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        *,
        user_id: int | None = None,
        force: bool = False,
    ) -> str:
        """Press an inline button and return the callback query id."""
        chat, message = self._message(chat_id, message_id)
        if not force and data not in callback_buttons(message.reply_markup):
            raise ControlError("the message has no inline button with that callback_data")
        user = self._clicker(chat, user_id)
        query_id = str(self.state.rng.getrandbits(63))
        record = CallbackRecord(query_id, chat.id, message.message_id, user.id, data)
        self.state.callbacks[query_id] = record
        payload = {"id": query_id, "from": user.to_api(), "message": message.to_api()}
        payload.update(chat_instance=chat.chat_instance, data=data)
        self.state.updates.push("callback_query", payload)
        return query_id

    def open_web_app(self, chat_id: int, url: str, *, force: bool = False) -> WebAppLaunch:
        """Press a web_app button: return initData signed with the bot's token, and the URL."""
        return open_web_app(self.state, chat_id, url, force=force)

    def messages(self, chat_id: int, *, include_user: bool = False) -> list[JSON]:
        """Return the chat's messages in order, bot messages only unless `include_user`."""
        chat = self.state.chats.get(chat_id)
        if chat is None:
            return []
        shown = [m for m in chat.messages.values() if include_user or m.from_bot]
        return [message_view(message) for message in shown]

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int,
        timeout: float = 5.0,
    ) -> list[JSON]:
        """Wait until the bot has sent `count` messages to the chat; raise TimeoutError if not."""
        try:
            async with asyncio.timeout(timeout):
                await self.state.signal.wait_for(lambda: self._bot_count(chat_id) >= count)
        except TimeoutError:
            got = self._bot_count(chat_id)
            raise TimeoutError(f"chat {chat_id} has {got} bot messages, expected {count}") from None
        return self.messages(chat_id)

    def callback_answers(self, chat_id: int | None = None) -> list[JSON]:
        """Return recorded answerCallbackQuery calls, optionally for one chat."""
        answers = [r.answer for r in self.state.callbacks.values() if r.answer is not None]
        return [a for a in answers if chat_id is None or a["chat_id"] == chat_id]

    def set_fault(
        self,
        *,
        status: int = 502,
        count: int = 0,
        error_rate: float = 0.0,
        seed: int | None = None,
        methods: list[str] | None = None,
        after: bool = False,
    ) -> JSON:
        """Fail the next `count` calls and/or a seeded share of calls with `status`."""
        if not 500 <= status <= 599:
            raise ControlError("status must be a 5xx code")
        names = None if methods is None else frozenset(m.lower() for m in methods)
        plan = FaultPlan(status, count, error_rate, names, after)
        self.state.faults.configure(plan, seed)
        return _fault_json(plan)

    def block_user(self, user_id: int, blocked: bool = True) -> None:
        """Make a user block (or unblock) the bot, emitting a my_chat_member update."""
        was_blocked = user_id in self.state.blocked
        if blocked:
            self.state.blocked.add(user_id)
        else:
            self.state.blocked.discard(user_id)
        chat = self.state.chats.get(user_id)
        if chat is not None and chat.user is not None and was_blocked != blocked:
            self._push_member_change(chat, chat.user, blocked)
        self.state.signal.notify()

    def set_limits(self, **changes: float | bool) -> JSON:
        """Change flood limits (see FloodLimits) and refill every bucket."""
        known = {f.name for f in dataclasses.fields(FloodLimits)}
        if unknown := set(changes) - known:
            raise ControlError(f"unknown limit settings: {sorted(unknown)}")
        return dataclasses.asdict(self.state.limiter.configure(**changes))

    def stats(self) -> JSON:
        """Return call counters, error counts and per-chat delivery timestamps."""
        data = self.state.stats.to_json()
        data["limits"] = dataclasses.asdict(self.state.limiter.limits)
        data["fault"] = _fault_json(self.state.faults.plan)
        data["pending_updates"] = len(self.state.updates.pending)
        return data

    def commands(self, language_code: str = "", scope: JSON | None = None) -> list[JSON]:
        """Return the commands set for a language and scope (default scope unless given)."""
        key = json.dumps(scope or {"type": "default"}, sort_keys=True)
        return self.state.commands.get((key, language_code), [])

    def reset(self) -> None:
        """Forget everything except the update id counter and the flood-limit settings."""
        self.state.reset()

    def _message(self, chat_id: int, message_id: int) -> tuple[ChatRecord, StoredMessage]:
        chat = self.state.chats.get(chat_id)
        message = chat.messages.get(message_id) if chat else None
        if chat is None or message is None or message.deleted:
            raise ControlError("message not found", 404)
        return chat, message

    def _clicker(self, chat: ChatRecord, user_id: int | None) -> UserRecord:
        if user_id is None:
            if chat.user is None:
                raise ControlError("user_id is required in group chats")
            return chat.user
        if user_id in self.state.blocked:
            raise ControlError("the user blocked the bot; unblock the user first", 409)
        return self.state.ensure_user(user_id)

    def _bot_count(self, chat_id: int) -> int:
        chat = self.state.chats.get(chat_id)
        return sum(1 for m in chat.messages.values() if m.from_bot) if chat else 0

    def _push_member_change(self, chat: ChatRecord, user: UserRecord, blocked: bool) -> None:
        bot = self.state.bot.to_api()
        member: JSON = {"status": "member", "user": bot}
        kicked: JSON = {"status": "kicked", "user": bot, "until_date": 0}
        before, after = (member, kicked) if blocked else (kicked, member)
        payload: dict[str, Any] = {"chat": chat.to_api(), "from": user.to_api(), "date": now()}
        payload.update(old_chat_member=before, new_chat_member=after)
        self.state.updates.push("my_chat_member", payload)


def _fault_json(plan: FaultPlan) -> JSON:
    data = dataclasses.asdict(plan)
    data["methods"] = sorted(plan.methods) if plan.methods is not None else None
    return data


def message_view(message: StoredMessage) -> JSON:
    """Describe one message: plain text and entities, media flags, buttons, edit/delete state."""
    media = message.photo or message.document
    view: JSON = {
        "message_id": message.message_id,
        "from_bot": message.from_bot,
        "user_id": message.sender.id,
        "date": message.date,
        "text": message.text or "",
        "raw_text": message.raw_text,
        "parse_mode": message.parse_mode,
        "entities": message.entities,
        "photo": message.photo is not None,
        "document": message.document is not None,
        "buttons": (message.reply_markup or {}).get("inline_keyboard", []),
        "edited": message.edit_date is not None,
        "edit_date": message.edit_date,
        "deleted": message.deleted,
        "reply_to_message_id": message.reply_to.message_id if message.reply_to else None,
    }
    if media is not None:
        view["file_id"] = media.file_id
        view["file_url"] = f"/_emu/file/{media.file_id}"
        view["file_name"] = media.file_name
    if message.keyboard is not None:
        view["reply_keyboard"] = reply_keyboard_view(message.keyboard)
        view["reply_keyboard_buttons"] = reply_keyboard_buttons(message.keyboard)
    return view


def reply_keyboard_view(keyboard: JSON) -> list[list[str]] | None:
    """Return the button texts of a reply keyboard, or None when it removes the keyboard."""
    rows = keyboard.get("keyboard")
    if not isinstance(rows, list):
        return None
    return [[b if isinstance(b, str) else str(b.get("text", "")) for b in row] for row in rows]


def reply_keyboard_buttons(keyboard: JSON) -> list[list[JSON]] | None:
    """Return a reply keyboard's buttons as objects ({"text"} plus web_app if any), or None."""
    rows = keyboard.get("keyboard")
    if not isinstance(rows, list):
        return None
    return [[_keyboard_button(button) for button in row] for row in rows]


def _keyboard_button(button: object) -> JSON:
    if not isinstance(button, dict):
        return {"text": str(button)}
    shown: JSON = {"text": str(button.get("text", ""))}
    if isinstance(button.get("web_app"), dict):
        shown["web_app"] = button["web_app"]
    return shown
