"""Charts of a running bot, from the trades synced into our tables."""

from __future__ import annotations

import asyncio
import uuid

from ai_strategies.charts import EquityPoint, equity_chart
from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime


async def bot_chart(runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID) -> bytes:
    """Return a PNG of the bot's realised equity (stake plus closed-trade profit)."""
    async with runtime.db.as_user(user_id) as conn:
        bot = await conn.fetchrow(
            "select name, pair, stake_amount, stake_currency, created_at from bots where id = $1",
            bot_id,
        )
        rows = await conn.fetch(
            "select close_date, profit_abs from trades where bot_id = $1 and not is_open"
            " and close_date is not null order by close_date",
            bot_id,
        )
    if bot is None:
        raise UserFacingError("bot_not_found")
    language = await _language(runtime, user_id)
    balance = float(bot["stake_amount"]) * 10
    points, equity = [EquityPoint(bot["created_at"], balance)], balance
    for row in rows:
        equity += float(row["profit_abs"] or 0)
        points.append(EquityPoint(row["close_date"], equity))
    title = f"{bot['name']} · {bot['pair']}"
    return await asyncio.to_thread(
        equity_chart,
        points if rows else [],
        title=title,
        starting_balance=balance,
        currency=bot["stake_currency"],
        language=language,
    )


async def _language(runtime: Runtime, user_id: uuid.UUID) -> str:
    async with runtime.db.as_user(user_id) as conn:
        return str(await conn.fetchval("select language from users where id = $1", user_id))
