"""Factories that create rows for tests, one per user-owned table."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

import asyncpg


async def insert_user(conn: asyncpg.Connection, *, language: str = "en") -> uuid.UUID:
    """Insert a user with a random Telegram id and return its id."""
    telegram_id = secrets.randbelow(10**12) + 10**6
    user_id: uuid.UUID = await conn.fetchval(
        "insert into users (telegram_id, telegram_username, language) values ($1, $2, $3)"
        " returning id",
        telegram_id,
        f"user{telegram_id}",
        language,
    )
    return user_id


async def _returning(conn: asyncpg.Connection, sql: str, *args: Any) -> Any:
    return await conn.fetchval(sql + " returning id", *args)


async def seed_world(conn: asyncpg.Connection, user_id: uuid.UUID) -> None:
    """Give a user at least one row in every table that holds user data."""
    key_id = await _returning(
        conn,
        "insert into exchange_keys (user_id, exchange, key_hint, key_version, nonce, ciphertext)"
        " values ($1, 'binance', '••••abcd', 1, $2, $3)",
        user_id,
        secrets.token_bytes(12),
        secrets.token_bytes(48),
    )
    strategy_id = await _returning(
        conn, "insert into strategies (user_id, name) values ($1, 'RSI')", user_id
    )
    version_id = await _returning(
        conn,
        "insert into strategy_versions (strategy_id, user_id, version, class_name, code)"
        " values ($1, $2, 1, 'Rsi', 'class Rsi: pass')",
        strategy_id,
        user_id,
    )
    bot_id = await _returning(
        conn,
        "insert into bots (user_id, strategy_version_id, exchange_key_id, name, exchange, pair,"
        " stake_amount) values ($1, $2, $3, 'bot', 'binance', 'BTC/USDT', 100)",
        user_id,
        version_id,
        key_id,
    )
    await conn.execute(
        "insert into trades (user_id, bot_id, ft_trade_id, pair, is_open, amount, stake_amount,"
        " open_rate, open_date) values ($1, $2, 1, 'BTC/USDT', true, 0.001, 50, 50000, now())",
        user_id,
        bot_id,
    )
    await conn.execute(
        "insert into bot_events (user_id, bot_id, kind, message) values ($1, $2, 'started', 'ok')",
        user_id,
        bot_id,
    )
    await conn.execute(
        "insert into backtests (user_id, strategy_version_id) values ($1, $2)", user_id, version_id
    )
    invoice_id = await _returning(
        conn,
        "insert into invoices (user_id, plan_code, merchant_ref, method, amount_idr)"
        " values ($1, 'pro', $2, 'QRIS', 149000)",
        user_id,
        f"INV-{secrets.token_hex(6)}",
    )
    await conn.execute(
        "insert into subscriptions (user_id, plan_code, invoice_id, starts_at, ends_at)"
        " values ($1, 'pro', $2, now(), now() + interval '30 days')",
        user_id,
        invoice_id,
    )
    await conn.execute(
        "insert into alerts (user_id, chat_id, kind) values ($1, 1, 'test')", user_id
    )
    await conn.execute(
        "insert into audit_log (user_id, actor, action) values ($1, 'test', 'seed')", user_id
    )
    await conn.execute(
        "insert into artifacts (user_id, kind, content, ref_id, sha256, size_bytes)"
        " values ($1, 'equity_chart', $2, $3, encode(sha256($2), 'hex'), length($2))",
        user_id,
        b"\x89PNG",
        version_id,
    )
    await conn.execute(
        "insert into generation_requests (id, user_id, prompt) values ($1, $2, 'rsi btc')",
        uuid.uuid4(),
        user_id,
    )
    await conn.execute(
        "insert into dashboard_links (id, user_id, expires_at) values ($1, $2, now())",
        secrets.token_bytes(16),
        user_id,
    )
    await conn.execute(
        "insert into dashboard_sessions (id, user_id, via, expires_at)"
        " values ($1, $2, 'link', now() + interval '7 days')",
        secrets.token_bytes(16),
        user_id,
    )
