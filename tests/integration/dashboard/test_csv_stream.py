"""The CSV export streams every trade once, in the order they opened, batch after batch."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from kernel.errors import UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.trades import EXPORT_BATCH, export_batches
from tests.conftest import UserFactory
from tests.integration.dashboard.seed import T0, add_bot, sign_in

Client = TestClient[Any, Any]


async def many_trades(runtime: Runtime, user: uuid.UUID, bot: uuid.UUID, count: int) -> None:
    """Insert trades whose open times repeat (ids break the ties) and run backwards."""
    rows = [
        (user, bot, n, n % 3 == 0, T0 - dt.timedelta(minutes=n // 4), None if n % 3 == 0 else T0)
        for n in range(1, count + 1)
    ]
    async with runtime.db.as_service() as conn:
        await conn.executemany(
            "insert into trades (user_id, bot_id, ft_trade_id, pair, is_open, amount,"
            " stake_amount, open_rate, open_date, close_date, profit_abs)"
            " values ($1, $2, $3, 'BTC/USDT', $4, 1, 100, 50000, $5, $6, 1)",
            rows,
        )


def expected_order(count: int) -> list[int]:
    """Return the ids in the order the trades opened (then by id)."""
    return sorted(range(1, count + 1), key=lambda n: (-(n // 4), n))


async def test_batches_cover_every_trade_once_in_the_order_they_opened(
    runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    bot = await add_bot(runtime, user)
    await many_trades(runtime, user, bot, 23)

    batches = [batch async for batch in export_batches(runtime, user, bot, size=5)]

    assert [len(batch) for batch in batches] == [5, 5, 5, 5, 3]
    assert [t.trade_id for batch in batches for t in batch] == expected_order(23)


async def test_another_users_bot_is_refused_before_any_batch(
    runtime: Runtime, make_user: UserFactory
) -> None:
    owner, other = await make_user(), await make_user()
    bot = await add_bot(runtime, owner)
    await many_trades(runtime, owner, bot, 3)

    with pytest.raises(UserFacingError) as refused:
        await anext(export_batches(runtime, other, bot))

    assert refused.value.key == "bot_not_found"


async def test_a_long_export_arrives_whole_over_http(
    client: Client, runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    bot = await add_bot(runtime, user)
    count = EXPORT_BATCH * 2 + 7
    await many_trades(runtime, user, bot, count)
    await sign_in(client, runtime, user)

    response = await client.get(f"/dashboard/bots/{bot}/trades.csv")
    text = await response.text()

    assert response.status == 200 and response.headers["Transfer-Encoding"] == "chunked"
    assert response.headers["X-Content-Type-Options"] == "nosniff"  # headers come first
    assert "app;dur=" in response.headers["Server-Timing"]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [int(row["id"]) for row in rows] == expected_order(count)
    assert text.count("\r\n") == count + 1  # one header line
