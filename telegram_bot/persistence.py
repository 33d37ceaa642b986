"""Conversations, user_data and chat_data kept in Postgres, so any instance continues a flow.

PTB's own persistence model does not fit several instances. `Application.initialize()` loads
every user's data and every conversation once, keeps them in memory, and writes changes back
every `update_interval` seconds. ConversationHandler then reads its state from its in-memory dict
(`_conversations`) in `check_update`, before any callback runs. A second instance never sees the
first's flows, and a deploy drops whatever was not yet written.

So memory is only a cache of the current update, and Postgres (`orchestrator.accounts.chat_state`,
service role) is the truth:

* Start-up loads nothing (`get_*` return empty dicts): the next update reads what it needs.
* **Read at the start of every update.** `load_flows`, a TypeHandler in LOAD_GROUP (-3, before
  the guards and the flows), matches every update, so PTB builds the context there and calls
  `refresh_user_data`/`refresh_chat_data`, which overwrite this user's and chat's entries in place
  from the database. The handler then reads this key's state of every SharedConversation and
  puts it into the handler's dict without marking it as written (or removes it when the
  database has none), before group 0's ConversationHandler looks at it.
* **Write at the end of every update.** `save_flows`, a TypeHandler in SAVE_GROUP (1, after the
  flows), marks this user and chat and calls `Application.update_persistence()`, which hands PTB's
  written conversation keys and the marked data to `update_conversation`/`update_*_data`. The
  next update, on any instance, reads the result. An ended conversation or empty data deletes its
  row. PTB's periodic run and the run in `Application.stop()` remain a backstop.
* **No stale writes.** A user's or chat's data is written only when it differs from what this
  process last read or wrote. PTB marks an updated user again after the last group, and its
  periodic run would otherwise write that old copy over a newer one from another instance.
* **Turns.** A step's reply goes out a moment before its state is written. `ordering.OnePerUser`
  (the update processor) runs one user's updates one at a time, in this process and, through a
  turn in Redis (`orchestrator.accounts.chat_turns`), across instances. So a tap that reaches
  another instance within that moment, a re-queued update (`fallback.interrupt_flow`) or a
  second quick press reads what the previous update wrote. Updates fed to
  `Application.process_update` directly bypass the processor (tests that do must take turns).

Limits: background tasks that change a user's data after the update ended write it directly
(`idea_keeper`); one that lands while an update of the same user is in flight is lost if that
update changes the user's data too. Only blocking conversation callbacks are supported (PTB's
pending states stay in memory). Data is JSON, not pickle: UserData is encoded field by field
(telegram_bot/state.py), chat_data must be a JSON object, and bot_data (the runtime binding) is
never stored.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import Application, BasePersistence, ConversationHandler, PersistenceInput
from telegram.ext._utils.trackingdict import TrackingDict
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from orchestrator.accounts import chat_state
from orchestrator.accounts.chat_state import JsonObject, Scope
from orchestrator.db.pool import Database
from telegram_bot.session import ChatData, Ctx
from telegram_bot.state import BotData, UserData, idea_token

LOAD_GROUP = -3  # before the credential guard (-2), the button guard (-1) and the flows (0)
SAVE_GROUP = 1  # after the flows
# Every update writes its own changes; PTB's periodic run only catches what a stop left.
BACKSTOP_INTERVAL_S = 60.0


class SharedPersistence(BasePersistence[UserData, ChatData, BotData]):
    """PTB persistence over Postgres that every instance reads afresh at each update."""

    def __init__(self, db: Database) -> None:
        super().__init__(
            PersistenceInput(bot_data=False, callback_data=False),
            update_interval=BACKSTOP_INTERVAL_S,
        )
        self.db = db
        # What each entry held when this process last read or wrote it.
        self._known: dict[tuple[Scope, int], JsonObject] = {}

    async def get_user_data(self) -> dict[int, UserData]:
        """Load nothing at start-up: each update reads its user (`refresh_user_data`)."""
        return {}

    async def get_chat_data(self) -> dict[int, ChatData]:
        """Load nothing at start-up: each update reads its chat (`refresh_chat_data`)."""
        return {}

    async def get_conversations(self, name: str) -> ConversationDict:
        """Load nothing at start-up: each update reads its key's states (`load_flows`)."""
        return {}

    async def refresh_user_data(self, user_id: int, user_data: UserData) -> None:
        """Replace this process's copy of the user's data with the stored one."""
        found = await self._load("user", user_id)
        user_data.replace_with(UserData.from_json(found))

    async def refresh_chat_data(self, chat_id: int, chat_data: ChatData) -> None:
        """Replace this process's copy of the chat's data with the stored one."""
        found = await self._load("chat", chat_id)
        chat_data.clear()
        chat_data.update(found)

    async def update_user_data(self, user_id: int, data: UserData) -> None:
        """Store the user's data if this update changed it."""
        await self._save("user", user_id, data.to_json())

    async def update_chat_data(self, chat_id: int, data: ChatData) -> None:
        """Store the chat's data if this update changed it."""
        await self._save("chat", chat_id, dict(data))

    async def drop_user_data(self, user_id: int) -> None:
        """Forget the user's data."""
        self._known[("user", user_id)] = {}
        await chat_state.drop_data(self.db, "user", user_id)

    async def drop_chat_data(self, chat_id: int) -> None:
        """Forget the chat's data."""
        self._known[("chat", chat_id)] = {}
        await chat_state.drop_data(self.db, "chat", chat_id)

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        """Store a conversation's new state; None (ended) deletes it."""
        await chat_state.save_state(self.db, name, encode_key(key), storable_state(new_state))

    async def load_states(self, key: ConversationKey) -> dict[str, chat_state.State]:
        """Return the stored state of every open conversation with this key, by name."""
        return await chat_state.load_states(self.db, encode_key(key))

    async def flush(self) -> None:
        """Nothing is buffered: every write went straight to Postgres."""

    async def get_bot_data(self) -> BotData:
        """Never called: bot_data holds the runtime and is not stored."""
        raise NotImplementedError("bot_data is not persisted")

    async def update_bot_data(self, data: BotData) -> None:
        """Keep nothing: bot_data holds the runtime."""

    async def refresh_bot_data(self, bot_data: BotData) -> None:
        """Keep nothing: bot_data holds the runtime."""

    async def get_callback_data(self) -> CDCData | None:
        """Buttons carry signed data themselves; there is no callback-data cache."""
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        """Keep nothing: there is no callback-data cache."""

    async def _load(self, scope: Scope, telegram_id: int) -> JsonObject:
        found = await chat_state.load_data(self.db, scope, telegram_id) or {}
        self._known[(scope, telegram_id)] = found
        return found

    async def _save(self, scope: Scope, telegram_id: int, data: JsonObject) -> None:
        # Unchanged since read or written here: the database may hold a newer copy.
        known = self._known.get((scope, telegram_id))
        if known is None or known == data:
            return
        await chat_state.save_data(self.db, scope, telegram_id, data)
        self._known[(scope, telegram_id)] = data


class SharedConversation(ConversationHandler[Any]):
    """A persistent ConversationHandler whose state for an update can be set from storage."""

    def key_of(self, update: object) -> ConversationKey | None:
        """Return the conversation key of `update`; None when this handler would ignore it."""
        if not isinstance(update, Update) or update.channel_post or update.edited_channel_post:
            return None
        query = update.callback_query
        if (
            (self.per_chat and update.effective_chat is None)
            or (self.per_user and update.effective_user is None)
            or (self.per_message and query is None)
            or (query is not None and self.per_chat and query.message is None)
        ):
            return None
        return self._get_key(update)

    def adopt(self, key: ConversationKey, state: object | None) -> None:
        """Set the key's state as read from storage, without counting it as a change."""
        conversations = self._conversations
        if not isinstance(conversations, TrackingDict):
            raise RuntimeError("the application was not initialised with SharedPersistence")
        if state is None:
            conversations.data.pop(key, None)
        else:
            conversations.update_no_track({key: state})


def shared_conversations(
    application: Application[Any, Any, Any, Any, Any, Any],
) -> list[SharedConversation]:
    """Return every SharedConversation registered on the application."""
    handlers = itertools.chain.from_iterable(application.handlers.values())
    return [handler for handler in handlers if isinstance(handler, SharedConversation)]


async def load_flows(update: Update, context: Ctx) -> None:
    """Reads this update's conversation states from Postgres before any flow checks them."""
    persistence = context.application.persistence
    if not isinstance(persistence, SharedPersistence):
        return
    read: dict[ConversationKey, dict[str, chat_state.State]] = {}
    for conversation in shared_conversations(context.application):
        key, name = conversation.key_of(update), conversation.name
        if key is None or name is None:
            continue
        if key not in read:
            read[key] = await persistence.load_states(key)
        conversation.adopt(key, read[key].get(name))


async def save_flows(update: Update, context: Ctx) -> None:
    """Writes what this update changed to Postgres, for the next update on any instance."""
    user, chat = update.effective_user, update.effective_chat
    context.application.mark_data_for_update_persistence(
        chat_ids=chat.id if chat else None, user_ids=user.id if user else None
    )
    await context.application.update_persistence()


def idea_keeper(db: Database, telegram_user_id: int) -> Callable[[str], Awaitable[str]]:
    """Return how a background task keeps an idea for a button, after its update has ended."""

    async def keep(text: str) -> str:
        token = idea_token()

        def edit(stored: JsonObject) -> JsonObject:
            data = UserData.from_json(stored)
            data.remember_idea(text, token)
            return data.to_json()

        await chat_state.edit_data(db, "user", telegram_user_id, edit)
        return token

    return keep


def encode_key(key: ConversationKey) -> str:
    """Return a conversation key as stored: a JSON array of its ids."""
    return json.dumps(list(key), separators=(",", ":"))


def storable_state(state: object | None) -> chat_state.State | None:
    """Check a conversation state is storable: conversation steps are IntEnums (or text)."""
    if state is None or isinstance(state, str):
        return state
    if isinstance(state, int) and not isinstance(state, bool):
        return int(state)
    raise TypeError(f"conversation state {state!r} cannot be stored")
