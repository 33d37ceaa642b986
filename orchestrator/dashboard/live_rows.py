"""What a live `trade` update shows: the trade's table row and its bot's open-trade count.

Read as the user under row-level security, like every page: an event names a trade, and a
trade that is not (or no longer) the user's yields nothing rather than another's row.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.trades import ClosedTradeRow, OpenTradeRow, trade_row


@dataclass(frozen=True)
class LiveTrade:
    """A synced trade as its row in the bot page's tables, with the bot's open count now."""

    row: OpenTradeRow | ClosedTradeRow
    open_count: int

    @property
    def is_open(self) -> bool:
        """Tell whether the trade belongs in the open-trades table."""
        return isinstance(self.row, OpenTradeRow)


async def live_trade(
    runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID, trade_id: int
) -> LiveTrade | None:
    """Return the trade's row and its bot's open-trade count; None when the user cannot see it."""
    row = await trade_row(runtime, user_id, bot_id, trade_id)
    if row is None:
        return None
    async with runtime.db.as_user(user_id) as conn:
        count = await conn.fetchval(
            "select count(*) from trades where bot_id = $1 and is_open", bot_id
        )
    return LiveTrade(row, int(count or 0))
