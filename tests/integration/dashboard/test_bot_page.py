"""The bot page: charts data, trades, statistics, history; a foreign or unknown bot is a 404."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import uuid
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from orchestrator.core.runtime import Runtime
from tests.conftest import UserFactory
from tests.integration.dashboard.seed import (
    T0,
    add_bot,
    add_event,
    add_strategy,
    add_trade,
    sign_in,
)

Client = TestClient[Any, Any]


async def trading_bot(runtime: Runtime, user: uuid.UUID) -> uuid.UUID:
    """A bot with two wins, a loss (tagged, with a formula-looking tag) and an open trade."""
    bot = await add_bot(runtime, user, "ETH swing", version=await add_strategy(runtime, user))
    await add_trade(runtime, user, bot, 1, profit="10", opened=T0, hours=3)
    await add_trade(runtime, user, bot, 2, profit="-4", opened=T0 + dt.timedelta(days=1),
                    reason="stop_loss", tag="=HYPERLINK(1)")  # fmt: skip
    await add_trade(runtime, user, bot, 3, profit="6", opened=T0 + dt.timedelta(days=2))
    await add_trade(runtime, user, bot, 4, profit=None, opened=T0 + dt.timedelta(days=3))
    return bot


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Cumulative profit", "Open trades", "stop-loss", "Win rate", "66.7%", "2.00"]),
        ("id", ["Laba kumulatif", "Posisi terbuka", "stop-loss", "Rasio menang", "66,7%", "2,00"]),
    ],
)
async def test_the_bot_page_shows_trades_statistics_and_chart_data(
    client: Client, runtime: Runtime, make_user: UserFactory, language: str, words: list[str]
) -> None:
    user = await make_user(language=language)
    bot = await trading_bot(runtime, user)
    await add_event(runtime, user, bot, "supervisor_warning", "warning", "3 losses in a row")
    await sign_in(client, runtime, user)

    response = await client.get(f"/dashboard/bots/{bot}")
    body = await response.text()

    assert response.status == 200, body
    assert "ETH swing" in body
    for word in words:  # win rate 2 of 3; profit factor 16 / 4 = 4, expectancy 4, drawdown 4
        assert word in body, word
    assert f'<tbody data-trades-open="{bot}">' in body and 'data-trade="4"' in body
    charts = json.loads(re.search(r'id="bot-charts">(.*?)</script>', body, re.S).group(1))  # type: ignore[union-attr]
    assert charts["curve"]["y"] == [10.0, 6.0, 12.0]
    assert sum(charts["bars"]["day"]["y"]) == 12.0 and charts["currency"] == "USDT"


async def test_closed_trades_are_paged(
    client: Client, runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    bot = await add_bot(runtime, user)
    for ft_id in range(1, 31):
        await add_trade(
            runtime, user, bot, ft_id, profit="1", opened=T0 + dt.timedelta(hours=ft_id)
        )
    await sign_in(client, runtime, user)

    first = await (await client.get(f"/dashboard/bots/{bot}")).text()
    second = await (await client.get(f"/dashboard/bots/{bot}?page=2")).text()

    assert "Page 1 of 2" in first and 'data-trade="30"' in first and 'data-trade="5"' not in first
    assert (
        "Page 2 of 2" in second and 'data-trade="5"' in second and 'data-trade="30"' not in second
    )


async def test_another_users_bot_its_csv_and_candles_are_not_found(
    client: Client, runtime: Runtime, make_user: UserFactory
) -> None:
    owner, other = await make_user(), await make_user()
    bot = await trading_bot(runtime, owner)
    await sign_in(client, runtime, other)

    for target in (bot, uuid.uuid4()):
        page = await client.get(f"/dashboard/bots/{target}")
        assert page.status == 404 and "ETH swing" not in await page.text()
        assert (await client.get(f"/dashboard/bots/{target}/trades.csv")).status == 404
        assert (await client.get(f"/dashboard/api/bots/{target}/candles")).status == 404
        assert (await client.get(f"/dashboard/api/bots/{target}/live")).status == 404
    assert (await client.get("/dashboard/bots/not-a-uuid")).status == 404
    assert "Page not found" in await (await client.get(f"/dashboard/bots/{bot}")).text()


async def test_the_csv_export_has_every_trade_with_the_agreed_columns(
    client: Client, runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    bot = await trading_bot(runtime, user)
    await sign_in(client, runtime, user)

    response = await client.get(f"/dashboard/bots/{bot}/trades.csv")

    assert response.status == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.content_type == "text/csv"
    rows = list(csv.DictReader(io.StringIO(await response.text())))
    assert [row["id"] for row in rows] == ["1", "2", "3", "4"]
    assert list(rows[0]) == [
        "id", "pair", "is_open", "open_date", "close_date", "open_rate", "close_rate", "amount",
        "stake_amount", "profit_abs", "profit_ratio", "exit_reason", "enter_tag", "fee_open",
        "fee_close", "duration_s", "fee_open_cost", "fee_close_cost", "stop_loss",
    ]  # fmt: skip
    loss = rows[1]
    assert loss["profit_abs"] == "-4" and loss["exit_reason"] == "stop_loss"
    assert loss["enter_tag"] == "'=HYPERLINK(1)"  # defused, while -4 stays a number
    assert loss["open_date"] == "2026-11-21T03:00:00+00:00" and loss["duration_s"] == "7200"
    assert rows[3]["is_open"] == "true" and rows[3]["close_date"] == ""


async def _sync_fees_and_stop(runtime: Runtime, bot: uuid.UUID) -> None:
    """Give trade 1 fees paid in USDT, trade 3 only fee rates, open trade 4 a stop-loss."""
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "update trades set fee_open = 0.001, fee_close = 0.001, fee_open_cost = 0.05,"
            " fee_close_cost = 0.0502 where bot_id = $1 and ft_trade_id = 1",
            bot,
        )
        await conn.execute(
            "update trades set fee_open = 0.001, fee_close = 0.00075"
            " where bot_id = $1 and ft_trade_id = 3",
            bot,
        )
        await conn.execute(
            "update trades set stop_loss = 47500, stop_loss_pct = -0.05"
            " where bot_id = $1 and ft_trade_id = 4",
            bot,
        )


def _row(body: str, trade_id: int) -> str:
    found = re.search(rf'<tr data-trade="{trade_id}">(.*?)</tr>', body, re.S)
    assert found, f"no row for trade {trade_id}"
    return found.group(1)


@pytest.mark.parametrize(
    ("language", "paid", "rates", "stop"),
    [
        ("en", "0.05 USDT / 0.0502 USDT", "0.100% / 0.075%", "47,500"),
        ("id", "0,05 USDT / 0,0502 USDT", "0,100% / 0,075%", "47.500"),
    ],
)
async def test_synced_fees_and_stop_loss_are_shown_and_exported(
    client: Client,
    runtime: Runtime,
    make_user: UserFactory,
    language: str,
    paid: str,
    rates: str,
    stop: str,
) -> None:
    user = await make_user(language=language)
    bot = await trading_bot(runtime, user)
    await _sync_fees_and_stop(runtime, bot)
    await sign_in(client, runtime, user)

    body = await (await client.get(f"/dashboard/bots/{bot}")).text()
    exported = await (await client.get(f"/dashboard/bots/{bot}/trades.csv")).text()

    assert paid in _row(body, 1)  # what was paid, when Freqtrade knew it in the stake currency
    assert rates in _row(body, 3)  # else the rates
    assert re.search(rf"data-live-stop>{re.escape(stop)}</td>", _row(body, 4))
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(exported))}
    assert [rows["1"][name] for name in ("fee_open", "fee_close")] == ["0.001", "0.001"]
    assert [rows["1"][name] for name in ("fee_open_cost", "fee_close_cost")] == ["0.05", "0.0502"]
    assert (rows["3"]["fee_close"], rows["3"]["fee_close_cost"]) == ("0.00075", "")
    assert (rows["4"]["stop_loss"], rows["4"]["fee_open"]) == ("47500", "")
    assert rows["1"]["stop_loss"] == ""  # a closed trade has no stop-loss to watch


async def test_the_chart_and_live_apis_answer_json_for_the_readers_own_bot(
    client: Client, runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    bot = await trading_bot(runtime, user)
    await sign_in(client, runtime, user)

    candles = await client.get(f"/dashboard/api/bots/{bot}/candles")
    live = await client.get(f"/dashboard/api/bots/{bot}/live")

    assert candles.status == 200 and live.status == 200
    chart = await candles.json()
    assert chart["pair"] == "BTC/USDT" and chart["timeframe"] == "5m"
    columns = ("x", "open", "high", "low", "close", "entries", "wins", "losses")
    assert len({len(chart[name]) for name in columns}) == 1  # aligned, whatever the market gave
    assert await live.json() == {"running": False, "trades": {}}  # no worker runs it here
