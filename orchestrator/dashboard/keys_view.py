"""The keys page's read model: connected exchange keys, masked, with what the exchange said.

When a key is added, the exchange is asked what it may do (`keys/permissions.py`) and the
answer is kept with the key (`exchange_keys.permissions`: can_trade, can_withdraw, the
exchange's own fields) next to `ip_restricted`. This module reads that back as the user,
under row-level security; it never touches the sealed credentials.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

import asyncpg

from orchestrator.core.runtime import Runtime
from orchestrator.keys.store import KeySummary


@dataclass(frozen=True)
class KeyView:
    """A connected key: masked, its checked permissions, and how many bots use it."""

    key: KeySummary  # exchange, label, hint (last four characters), IP restriction, added
    can_trade: bool | None  # None: the check's answer was not kept with this key
    can_withdraw: bool | None
    bots: int  # bots set to trade with it


async def keys_page(runtime: Runtime, user_id: uuid.UUID) -> tuple[KeyView, ...]:
    """List the user's keys, newest first, as they may see them."""
    async with runtime.db.as_user(user_id) as conn:
        rows = await conn.fetch(_KEYS)
    return tuple(key_view(row) for row in rows)


def key_view(row: asyncpg.Record) -> KeyView:
    """Build a key's view from a row of `_KEYS`."""
    checked = row["permissions"] if isinstance(row["permissions"], Mapping) else {}
    return KeyView(
        key=KeySummary.from_row(row),
        can_trade=_flag(checked.get("can_trade")),
        can_withdraw=_flag(checked.get("can_withdraw")),
        bots=row["bots"],
    )


def _flag(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


# The same columns as `keys.store.list_keys`, plus the stored check and the bots using it.
_KEYS = (
    "select k.id, k.exchange, k.label, k.key_hint, k.ip_restricted, k.created_at,"
    " k.permissions, (select count(*) from bots b where b.exchange_key_id = k.id) as bots"
    " from exchange_keys k order by k.created_at desc"
)
