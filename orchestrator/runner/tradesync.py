"""Copy trades from each bot's own Freqtrade schema into our `trades` table.

Webhooks make this fast; this sync makes it complete, because Freqtrade drops webhooks
while our receiver is down. Every write is idempotent, and so are the alerts it queues.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

import asyncpg

from orchestrator.alerts.payloads import TradeClosed, TradeFields, TradeOpened
from orchestrator.alerts.produce import enqueue_alert
from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.events import TradeEvent
from orchestrator.dashboard.feed import announce, announce_bots
from orchestrator.runner import botdb
from orchestrator.runner.botdb import names_for

log = logging.getLogger(__name__)

_SELECT = """
select t.id, t.pair, t.is_open, coalesce(t.is_short, false) as is_short, t.amount,
       t.stake_amount, t.open_rate, t.close_rate, t.open_date, t.close_date,
       t.close_profit, t.close_profit_abs, t.exit_reason, {optional},
       exists (select 1 from {schema}.orders o where o.ft_trade_id = t.id
               and o.ft_order_side = case when t.is_short then 'sell' else 'buy' end
               and o.status = 'closed') as entry_filled
from {schema}.trades t order by t.id desc limit $1
"""
# Columns an older Freqtrade may lack (read as null then), with the types we read them as.
# Freqtrade keeps numbers as float8: numeric is cast on its side, so 0.001 stays 0.001.
_OPTIONAL: Final = {
    "enter_tag": "text",
    "fee_open": "numeric",
    "fee_close": "numeric",
    "fee_open_cost": "numeric",
    "fee_open_currency": "text",
    "fee_close_cost": "numeric",
    "fee_close_currency": "text",
    "stop_loss": "numeric",
    "stop_loss_pct": "numeric",
}
_COLUMNS_OF = (
    "select attname from pg_attribute where attrelid = to_regclass($1)"
    " and attnum > 0 and not attisdropped"
)
# What a sync reads from a bot's schema at most: its latest trades (older ones were synced
# before), within a statement timeout, so a hostile schema cannot stall or flood us.
_MAX_ROWS = 2000
_STATEMENT_MS = 5000
_CONNECT_S = 10

# `moved` tells a trade that opened, filled more or closed from one whose fees or stop-loss
# alone changed (a trailing stop moves often): only the former is news for alerts and hooks.
_UPSERT = """
with prior as (
  select is_open, amount, close_rate from trades where bot_id = $2 and ft_trade_id = $3
)
insert into trades (user_id, bot_id, ft_trade_id, pair, is_open, is_short, amount, stake_amount,
                    open_rate, close_rate, open_date, close_date, profit_abs, profit_ratio,
                    exit_reason, enter_tag, fee_open, fee_close, fee_open_cost, fee_close_cost,
                    stop_loss, stop_loss_pct)
values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
        $20, $21, $22)
on conflict (bot_id, ft_trade_id) do update set
  is_open = excluded.is_open, amount = excluded.amount, stake_amount = excluded.stake_amount,
  open_rate = excluded.open_rate, close_rate = excluded.close_rate,
  close_date = excluded.close_date, profit_abs = excluded.profit_abs,
  profit_ratio = excluded.profit_ratio, exit_reason = excluded.exit_reason,
  fee_open = excluded.fee_open, fee_close = excluded.fee_close,
  fee_open_cost = excluded.fee_open_cost, fee_close_cost = excluded.fee_close_cost,
  stop_loss = excluded.stop_loss, stop_loss_pct = excluded.stop_loss_pct, updated_at = now()
where (trades.is_open, trades.amount, trades.close_rate, trades.fee_open, trades.fee_close,
       trades.fee_open_cost, trades.fee_close_cost, trades.stop_loss, trades.stop_loss_pct)
  is distinct from (excluded.is_open, excluded.amount, excluded.close_rate, excluded.fee_open,
       excluded.fee_close, excluded.fee_open_cost, excluded.fee_close_cost, excluded.stop_loss,
       excluded.stop_loss_pct)
returning not exists (select 1 from prior p where (p.is_open, p.amount, p.close_rate)
                      is not distinct from (trades.is_open, trades.amount, trades.close_rate))
  as moved
"""


@dataclass(frozen=True)
class SyncResult:
    """What one sync pass changed."""

    seen: int
    changed: int
    actions: list[str] = field(default_factory=list)


# Called once per newly closed trade inside the sync transaction; may return an action.
ClosedTradeHook = Callable[[asyncpg.Connection, dict[str, Any]], Awaitable[str | None]]


def _utc(value: Any) -> Any:
    from datetime import UTC

    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


async def read_bot_trades(conn: asyncpg.Connection, bot_id: uuid.UUID) -> list[asyncpg.Record]:
    """Read the bot's latest trades, oldest first (empty if Freqtrade has not made them yet).

    `conn` must be logged in as the bot's own role: its schema is the bot's to shape (a view
    there runs its functions as whoever reads it), so we never read it with our privileges.
    """
    schema, _ = names_for(bot_id)
    table = f'"{schema}".trades'
    if await conn.fetchval("select to_regclass($1)", table) is None:
        return []
    present = {row["attname"] for row in await conn.fetch(_COLUMNS_OF, table)}
    # Names come from _OPTIONAL only, never from the bot's catalog.
    optional = ", ".join(
        f"t.{name}::{kind} as {name}" if name in present else f"null::{kind} as {name}"
        for name, kind in _OPTIONAL.items()
    )
    rows = await conn.fetch(_SELECT.format(schema=f'"{schema}"', optional=optional), _MAX_ROWS)
    return list(reversed(rows))


async def _read_as_bot(runtime: Runtime, bot_id: uuid.UUID) -> list[asyncpg.Record]:
    """Log in as the bot's role, with a statement timeout, and read its trades."""
    url = botdb.bots_url(runtime.settings, runtime.database_url)
    for attempt in range(2):
        password = await _password(runtime, bot_id, fresh=attempt > 0)
        if password is None:
            return []  # never started: no schema, no trades
        try:
            bot = await asyncpg.connect(
                url,
                user=botdb.login_user(url, bot_id),
                password=password,
                timeout=_CONNECT_S,
                statement_cache_size=0,
                server_settings={"statement_timeout": str(_STATEMENT_MS)},
            )
        except asyncpg.InvalidPasswordError:
            continue  # replaced since we cached it (a retired vault key): read it again
        try:
            return await read_bot_trades(bot, bot_id)
        finally:
            await bot.close()
    raise asyncpg.InvalidPasswordError(f"bot {bot_id}: its stored password is refused")


# A bot's password lives as long as the bot: unseal it once per process, not every pass.
_PASSWORDS: dict[uuid.UUID, str] = {}


async def _password(runtime: Runtime, bot_id: uuid.UUID, *, fresh: bool) -> str | None:
    if not fresh and bot_id in _PASSWORDS:
        return _PASSWORDS[bot_id]
    async with runtime.db.as_owner() as conn:
        password = await botdb.stored_password(conn, runtime.vault, bot_id)
    if password is not None:
        _PASSWORDS[bot_id] = password
    return password


async def _alert_trade(conn: asyncpg.Connection, bot: asyncpg.Record, row: asyncpg.Record) -> None:
    base: TradeFields = {
        "bot_id": str(bot["id"]),
        "bot_name": bot["name"],
        "pair": row["pair"],
        "trade_id": row["id"],
        "amount": str(row["amount"]),
        "stake_currency": bot["stake_currency"],
        "dry_run": bot["dry_run"],
    }
    key = f"trade:{bot['id']}:{row['id']}"
    if row["entry_filled"]:
        opened: TradeOpened = {
            "kind": "trade_opened",
            **base,
            "side": "buy",
            "price": str(row["open_rate"]),
        }
        await enqueue_alert(conn, bot["user_id"], opened, dedup_key=key + ":open")
    if not row["is_open"] and row["close_date"] is not None:
        closed: TradeClosed = {
            "kind": "trade_closed",
            **base,
            "side": "sell",
            "price": str(row["close_rate"]),
            "profit_abs": str(row["close_profit_abs"]),
            "profit_pct": str(round(Decimal(str(row["close_profit"] or 0)) * 100, 2)),
            "exit_reason": row["exit_reason"],
        }
        await enqueue_alert(conn, bot["user_id"], closed, dedup_key=key + ":close")


async def sync_bot(
    runtime: Runtime, bot_id: uuid.UUID, on_closed: ClosedTradeHook | None = None
) -> SyncResult:
    """Upsert the bot's trades and queue alerts for fills; safe to run concurrently."""
    async with runtime.db.as_service() as conn:
        # One sync per bot at a time (the bot's row lock, which no bot role can take), so
        # alerts and hooks fire in trade order, once; the read happens under it.
        bot = await conn.fetchrow(
            "select id, user_id, name, stake_currency, dry_run from bots where id = $1"
            " for no key update",
            bot_id,
        )
        if bot is None:
            return SyncResult(0, 0)
        actions: list[str] = []
        live: list[TradeEvent] = []  # for open dashboards, published after the commit
        rows = await _read_as_bot(runtime, bot_id)
        changed = 0
        for row in rows:
            result = await _store(conn, bot, row)
            changed += result is not None
            moved = result is not None and result["moved"]
            if not moved and not row["is_open"]:
                continue
            # Open trades are re-checked every pass: the entry may have filled since.
            await _alert_trade(conn, bot, row)
            if not moved:
                continue
            live.append(_live_trade(bot_id, row))
            if not row["is_open"] and on_closed is not None:
                trade = {**dict(row), "bot_id": bot_id, "user_id": bot["user_id"]}
                action = await on_closed(conn, trade)
                if action:
                    actions.append(action)
    # Live dashboard: only now, committed (these log their own failures, never raise).
    await announce(runtime.redis, bot["user_id"], live)
    if actions:  # `on_closed` (the supervisor) paused the bot in that transaction
        await announce_bots(runtime.db, runtime.redis, [bot_id])
    return SyncResult(len(rows), changed, actions)


async def _store(
    conn: asyncpg.Connection, bot: asyncpg.Record, row: asyncpg.Record
) -> asyncpg.Record | None:
    """Upsert one Freqtrade trade; return its `moved` flag, or None when nothing changed."""
    stake = bot["stake_currency"]
    return await conn.fetchrow(
        _UPSERT,
        bot["user_id"], bot["id"], row["id"], row["pair"], row["is_open"], row["is_short"],
        row["amount"], row["stake_amount"], row["open_rate"], row["close_rate"],
        _utc(row["open_date"]), _utc(row["close_date"]), row["close_profit_abs"],
        row["close_profit"], row["exit_reason"], row["enter_tag"], row["fee_open"],
        row["fee_close"], _in_stake(row["fee_open_cost"], row["fee_open_currency"], stake),
        _in_stake(row["fee_close_cost"], row["fee_close_currency"], stake),
        _price(row["stop_loss"]), row["stop_loss_pct"],
    )  # fmt: skip


def _in_stake(cost: Decimal | None, currency: str | None, stake: str) -> Decimal | None:
    """Return a fee's cost if it was paid in the stake currency, else None.

    Exchanges may charge in the base coin or their own token (BNB): that cost is in
    other money, and the dashboard shows the fee rate instead.
    """
    if cost is None or currency is None or currency.upper() != stake.upper():
        return None
    return cost


def _price(value: Decimal | None) -> Decimal | None:
    """Return a price, or None for Freqtrade's 0 (its default before a stop is set)."""
    return value if value is not None and value.is_finite() and value > 0 else None


def _live_trade(bot_id: uuid.UUID, row: asyncpg.Record) -> TradeEvent:
    """Describe an inserted or changed trade for the live dashboard."""
    return TradeEvent(bot_id, row["id"], row["is_open"], row["pair"], row["close_profit_abs"])


async def sync_from_webhook(
    runtime: Runtime, bot_id: uuid.UUID, secret: str, on_closed: ClosedTradeHook | None = None
) -> SyncResult | None:
    """Check a bot's webhook secret, then sync its trades; None if the secret is wrong."""
    import hmac

    async with runtime.db.as_service() as conn:
        expected = await conn.fetchval("select webhook_secret from bots where id = $1", bot_id)
    if expected is None or not hmac.compare_digest(expected.encode(), secret.encode()):
        return None
    return await sync_bot(runtime, bot_id, on_closed)
