"""Drive one user's private chat with the bot through the Telegram emulator."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from emulators.telegram import TelegramEmulator

Message = dict[str, Any]


def plain(text: str) -> str:
    """Return what Telegram shows for an HTML message: no tags, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


@dataclass
class Chat:
    """A user in a private chat: send text, press buttons, wait for the bot."""

    emulator: TelegramEmulator
    user_id: int
    language_code: str = "en"

    def messages(self) -> list[Message]:
        """Return the bot's messages in this chat, oldest first."""
        return self.emulator.messages(self.user_id)

    def message(self, message_id: int) -> Message:
        """Return the current state of one message (bot or user)."""
        for found in self.emulator.messages(self.user_id, include_user=True):
            if found["message_id"] == message_id:
                return found
        raise LookupError(f"no message {message_id}")

    def send(self, text: str) -> Message:
        """Send a message as the user and return it."""
        return self.emulator.send_user_message(self.user_id, text, language_code=self.language_code)

    async def say(self, text: str, expect: int = 1, timeout: float = 15) -> list[Message]:
        """Send text and return the `expect` bot messages that follow."""
        before = len(self.messages())
        self.send(text)
        found = await self.emulator.wait_for_messages(self.user_id, before + expect, timeout)
        return found[before:]

    def press(
        self,
        message: Message,
        text: str = "",
        *,
        user_id: int | None = None,
        data: str | None = None,
    ) -> str:
        """Press the button labelled `text`, or forge a press (`data`, another `user_id`)."""
        forged = data is not None or user_id is not None
        if data is None:
            data = button_data(self.message(message["message_id"]), text)
        return self.emulator.click(
            self.user_id, message["message_id"], data, user_id=user_id, force=forged
        )

    async def until(
        self, probe: Callable[[], Any], timeout: float = 15, what: str = "condition"
    ) -> Any:
        """Poll `probe` until it returns something truthy."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            value = probe()
            if value:
                return value
            await asyncio.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; bot messages: {self.messages()}")

    async def answer(self, query_id: str, timeout: float = 10) -> Message:
        """Wait for the bot's answer to one button press."""

        def found() -> Message | None:
            answers = self.emulator.callback_answers()
            return next((a for a in answers if a["callback_query_id"] == query_id), None)

        result: Message = await self.until(found, timeout, f"answer to {query_id}")
        return result

    async def edited_to(self, message: Message, text: str, timeout: float = 15) -> Message:
        """Wait until `message` shows `text` (compared as Telegram displays it)."""
        wanted = plain(text)

        def matches() -> Message | None:
            current = self.message(message["message_id"])
            return current if current["text"] == wanted else None

        result: Message = await self.until(matches, timeout, f"message to read {wanted!r}")
        return result


def button_data(message: Message, text: str) -> str:
    """Return the callback data of the button labelled `text`."""
    for row in message["buttons"]:
        for button in row:
            if button["text"] == text and "callback_data" in button:
                return str(button["callback_data"])
    labels = [b["text"] for row in message["buttons"] for b in row]
    raise LookupError(f"no button {text!r} among {labels}")


def button_labels(message: Message) -> list[str]:
    """Return the labels of a message's buttons, row by row."""
    return [b["text"] for row in message["buttons"] for b in row]
