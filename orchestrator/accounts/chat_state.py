"""What the chat keeps between updates: open conversations and per-user or per-chat documents.

Rows are keyed by Telegram ids and written by service code only. The interface owns the
documents' shape; this module stores them as JSON objects and never keeps an empty one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import asyncpg

from orchestrator.db.pool import Database

Scope = Literal["user", "chat"]
JsonObject = dict[str, object]
State = int | str


async def load_data(db: Database, scope: Scope, telegram_id: int) -> JsonObject | None:
    """Return the document kept for a Telegram user or chat; None when there is none."""
    async with db.as_service() as conn:
        found: JsonObject | None = await conn.fetchval(
            "select data from telegram_data where scope = $1 and telegram_id = $2",
            scope,
            telegram_id,
        )
    return found


async def save_data(db: Database, scope: Scope, telegram_id: int, data: JsonObject) -> None:
    """Keep `data` for a Telegram user or chat; an empty document deletes the entry."""
    async with db.as_service() as conn:
        await _write(conn, scope, telegram_id, data)


async def edit_data(
    db: Database, scope: Scope, telegram_id: int, edit: Callable[[JsonObject], JsonObject]
) -> JsonObject:
    """Change one stored document under a row lock; return the new one."""
    async with db.as_service() as conn:
        found = await conn.fetchval(
            "select data from telegram_data where scope = $1 and telegram_id = $2 for update",
            scope,
            telegram_id,
        )
        changed = edit(dict(found or {}))
        await _write(conn, scope, telegram_id, changed)
    return changed


async def _write(
    conn: asyncpg.Connection, scope: Scope, telegram_id: int, data: JsonObject
) -> None:
    if not data:
        await conn.execute(
            "delete from telegram_data where scope = $1 and telegram_id = $2", scope, telegram_id
        )
        return
    await conn.execute(
        "insert into telegram_data (scope, telegram_id, data) values ($1, $2, $3)"
        " on conflict (scope, telegram_id)"
        " do update set data = excluded.data, updated_at = now()",
        scope,
        telegram_id,
        data,
    )


async def load_states(db: Database, key: str) -> dict[str, State]:
    """Return the state of every open conversation with this key, by conversation name."""
    async with db.as_service() as conn:
        rows = await conn.fetch(
            "select name, state from telegram_conversations where key = $1", key
        )
    return {row["name"]: row["state"] for row in rows}


async def save_state(db: Database, name: str, key: str, state: State | None) -> None:
    """Keep a conversation's state; None (the conversation ended) deletes it."""
    async with db.as_service() as conn:
        if state is None:
            await conn.execute(
                "delete from telegram_conversations where name = $1 and key = $2", name, key
            )
            return
        await conn.execute(
            "insert into telegram_conversations (name, key, state) values ($1, $2, $3)"
            " on conflict (name, key) do update set state = excluded.state, updated_at = now()",
            name,
            key,
            state,
        )


async def drop_data(db: Database, scope: Scope, telegram_id: int) -> None:
    """Forget everything kept for a Telegram user or chat."""
    await save_data(db, scope, telegram_id, {})
