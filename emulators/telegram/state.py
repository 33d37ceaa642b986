"""Everything the emulated Telegram remembers: users, chats, files, updates and settings."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from emulators.telegram.errors import bad_request, forbidden
from emulators.telegram.limits import FaultInjector, FloodLimiter, FloodLimits
from emulators.telegram.models import (
    JSON,
    ChatRecord,
    StoredFile,
    StoredMessage,
    UserRecord,
    chat_type_for,
)
from emulators.telegram.stats import Stats
from emulators.telegram.updates import Signal, UpdateQueue

DEFAULT_BOT_ID = 7_000_000_001


@dataclass
class CallbackRecord:
    """A pressed inline button awaiting answerCallbackQuery."""

    query_id: str
    chat_id: int
    message_id: int
    user_id: int
    data: str
    answer: JSON | None = None


@dataclass
class WebhookConfig:
    """The webhook set by setWebhook, with its delivery health."""

    url: str
    secret_token: str | None = None
    max_connections: int = 40
    allowed_updates: list[str] | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class EmulatorState:
    """The mutable world behind both the Bot API and the control API."""

    limits: FloodLimits
    seed: int = 0
    bot_username: str = "nofomo_test_bot"
    bot_name: str = "NoFOMO Test Bot"
    signal: Signal = field(default_factory=Signal)
    closing: bool = False
    # The clock Mini App launches are dated by (initData's auth_date); tests inject their own.
    clock: Callable[[], float] = time.time

    def __post_init__(self) -> None:
        self.updates = UpdateQueue(self.signal)
        self.bot = UserRecord(DEFAULT_BOT_ID, self.bot_name, self.bot_username, is_bot=True)
        # The token of the latest Bot API call, which signs Mini App initData; never saved.
        self.bot_token: str | None = None
        self.limiter = FloodLimiter(self.limits)
        self.faults = FaultInjector(self.seed)
        self.reset()

    def reset(self) -> None:
        """Forget chats, files, settings and counters; update ids keep increasing."""
        self.rng = random.Random(self.seed)
        self.users: dict[int, UserRecord] = {}
        self.chats: dict[int, ChatRecord] = {}
        self.files: dict[str, StoredFile] = {}
        self.callbacks: dict[str, CallbackRecord] = {}
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.bot_texts: dict[tuple[str, str], str] = {}
        self.blocked: set[int] = set()
        self.webhook: WebhookConfig | None = None
        self.stats = Stats()
        self.updates.allowed = None
        self.updates.clear()
        self.limiter.configure()
        self.faults = FaultInjector(self.seed)

    def random_token(self, length: int = 16) -> str:
        """Return a deterministic opaque identifier."""
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        return "".join(self.rng.choice(alphabet) for _ in range(length))

    def ensure_user(self, user_id: int, **details: Any) -> UserRecord:
        """Return the user, creating it or updating the details given."""
        user = self.users.get(user_id)
        if user is None:
            user = self.users[user_id] = UserRecord(user_id, f"User{user_id}")
        for name in ("first_name", "username", "language_code"):
            if details.get(name):
                setattr(user, name, details[name])
        return user

    def ensure_chat(self, chat_id: int, user: UserRecord, title: str | None = None) -> ChatRecord:
        """Return the chat, creating a private chat for `user` or a group titled `title`."""
        chat = self.chats.get(chat_id)
        if chat is None:
            kind = chat_type_for(chat_id)
            chat = ChatRecord(chat_id, kind, str(self.rng.getrandbits(62)))
            if kind == "private":
                chat.user = user
            else:
                chat.title = title or f"Test group {abs(chat_id)}"
            self.chats[chat_id] = chat
        elif title and chat.type != "private":
            chat.title = title
        return chat

    def chat_for_bot(self, chat_id: int | None) -> ChatRecord:
        """Return the chat the bot addresses, failing like Telegram when it cannot."""
        if chat_id is None:
            raise bad_request("chat_id is empty")
        chat = self.chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        if chat.type == "private" and chat.id in self.blocked:
            raise forbidden("bot was blocked by the user")
        return chat

    def add_message(self, chat: ChatRecord, sender: UserRecord, **content: Any) -> StoredMessage:
        """Store a new message in `chat` and wake waiters."""
        message = StoredMessage(chat.allocate_message_id(), chat, sender, now(), **content)
        chat.messages[message.message_id] = message
        self.signal.notify()
        return message

    def add_file(self, kind: str, **details: Any) -> StoredFile:
        """Store an uploaded file or URL reference under a fresh file_id."""
        prefix = "AgACAgIAAxkDAAI" if kind == "photo" else "BQACAgIAAxkDAAI"
        file_id = prefix + self.random_token(40)
        stored = StoredFile(file_id, "AQAD" + self.random_token(12), kind, **details)
        self.files[file_id] = stored
        return stored


def now() -> int:
    """Return the current Unix time in whole seconds, as Telegram dates are."""
    return int(time.time())
