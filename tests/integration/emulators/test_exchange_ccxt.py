"""Real ccxt (async) against the emulator: public data, a signed order round trip, key checks."""

from __future__ import annotations

import itertools
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import ccxt
import pytest

from emulators.exchange import TEST_KEYS, ApiKeySpec, EmulatorSettings, ExchangeEmulator

EmulatorFactory = Callable[..., Awaitable[ExchangeEmulator]]
ClientFactory = Callable[..., Any]
FIVE_MINUTES = 300_000
BINANCE_KEYS = [key for key in TEST_KEYS.values() if key.exchange == "binance"]
BYBIT_KEYS = [key for key in TEST_KEYS.values() if key.exchange == "bybit"]


def assert_sane_candles(candles: list[list[Any]], now_ms: int) -> None:
    """Check ascending 5m candles that end with the open one, each with consistent OHLC."""
    times = [row[0] for row in candles]
    assert all(b - a == FIVE_MINUTES for a, b in itertools.pairwise(times))
    assert times[-1] == now_ms // FIVE_MINUTES * FIVE_MINUTES
    for _, open_, high, low, close, volume in candles:
        assert low <= min(open_, close) <= max(open_, close) <= high and volume > 0


@pytest.mark.parametrize("exchange", ["binance", "bybit"])
async def test_public_market_data(ccxt_client: ClientFactory, exchange: str) -> None:
    client = ccxt_client(exchange)
    markets = await client.load_markets()
    assert {"BTC/USDT", "ETH/USDT", "SOL/USDT", "BNB/USDT", "XRP/USDT"} <= set(markets)
    assert markets["BTC/USDT"]["spot"] and markets["BTC/USDT"]["precision"]["price"] == 0.01
    candles = await client.fetch_ohlcv("BTC/USDT", "5m", limit=100)
    assert len(candles) == 100
    assert_sane_candles(candles, int(time.time() * 1000))
    book = await client.fetch_order_book("BTC/USDT", 5)
    assert book["bids"][0][0] < book["asks"][0][0]
    assert [level[0] for level in book["bids"]] == sorted(
        (level[0] for level in book["bids"]), reverse=True
    )
    ticker = await client.fetch_ticker("BTC/USDT")
    assert ticker["bid"] < ticker["ask"] and ticker["low"] <= ticker["last"] <= ticker["high"]
    assert abs(ticker["last"] - candles[-1][4]) / ticker["last"] < 0.01


async def test_binance_history_pages_join(ccxt_client: ClientFactory) -> None:
    client = ccxt_client("binance")
    since = int(time.time() * 1000) - 10 * 86_400_000
    first = await client.fetch_ohlcv("ETH/USDT", "5m", since=since, limit=1000)
    second = await client.fetch_ohlcv("ETH/USDT", "5m", since=first[-1][0] + 1, limit=1000)
    assert len(first) == 1000 and second[0][0] == first[-1][0] + FIVE_MINUTES


async def test_two_emulators_with_one_seed_agree(
    make_exchange_emulator: EmulatorFactory, ccxt_client: ClientFactory
) -> None:
    other = await make_exchange_emulator(EmulatorSettings(seed=42))
    since = int(time.time() * 1000) - 86_400_000
    ours = await ccxt_client("binance").fetch_ohlcv("SOL/USDT", "1h", since=since, limit=10)
    theirs = await ccxt_client("binance", emulator=other).fetch_ohlcv(
        "SOL/USDT", "1h", since=since, limit=10
    )
    assert ours == theirs


async def test_signed_order_round_trip(ccxt_client: ClientFactory) -> None:
    client = ccxt_client("binance", TEST_KEYS["binance_trade_open"])
    before = await client.fetch_balance()
    assert before["USDT"]["free"] == 10_000
    bought = await client.create_order("BTC/USDT", "market", "buy", 0.001)
    assert bought["status"] == "closed" and bought["filled"] == 0.001
    price = bought["average"]
    resting = await client.create_order("BTC/USDT", "limit", "buy", 0.001, round(price * 0.8, 2))
    assert resting["status"] == "open"
    fetched = await client.fetch_order(resting["id"], "BTC/USDT")
    assert fetched["status"] == "open" and fetched["price"] == round(price * 0.8, 2)
    assert [o["id"] for o in await client.fetch_open_orders("BTC/USDT")] == [resting["id"]]
    locked = await client.fetch_balance()
    assert locked["USDT"]["used"] == pytest.approx(0.001 * round(price * 0.8, 2))
    cancelled = await client.cancel_order(resting["id"], "BTC/USDT")
    assert cancelled["status"] == "canceled"
    after = await client.fetch_balance()
    assert after["USDT"]["free"] == pytest.approx(10_000 - 0.001 * price)
    assert after["BTC"]["free"] == pytest.approx(0.1 + 0.001 * 0.999)
    trades = await client.fetch_my_trades("BTC/USDT")
    assert len(trades) == 1 and trades[0]["fee"]["currency"] == "BTC"


@pytest.mark.parametrize("key", BINANCE_KEYS, ids=lambda key: key.name)
async def test_binance_api_restrictions(ccxt_client: ClientFactory, key: ApiKeySpec) -> None:
    restrictions = await ccxt_client("binance", key).sapi_get_account_apirestrictions()
    assert restrictions["ipRestrict"] is bool(key.ips)
    assert restrictions["enableWithdrawals"] is key.can_withdraw
    assert restrictions["enableSpotAndMarginTrading"] is key.can_trade
    assert restrictions["enableReading"] is True and restrictions["enableFutures"] is False


@pytest.mark.parametrize("key", BYBIT_KEYS, ids=lambda key: key.name)
async def test_bybit_query_api(ccxt_client: ClientFactory, key: ApiKeySpec) -> None:
    answer = await ccxt_client("bybit", key).private_get_v5_user_query_api()
    result = answer["result"]
    assert answer["retCode"] == 0 and result["apiKey"] == key.api_key
    assert result["readOnly"] == (0 if key.can_trade else 1)
    assert result["ips"] == (list(key.ips) or ["*"])
    assert ("Withdraw" in result["permissions"]["Wallet"]) is key.can_withdraw
    assert ("SpotTrade" in result["permissions"]["Spot"]) is key.can_trade


@pytest.mark.parametrize("exchange", ["binance", "bybit"])
async def test_wrong_secret_is_rejected(ccxt_client: ClientFactory, exchange: str) -> None:
    key = TEST_KEYS[f"{exchange}_trade_open"]
    client = ccxt_client(exchange, key, secret="0" * len(key.secret))
    with pytest.raises(ccxt.AuthenticationError):
        if exchange == "binance":
            await client.sapi_get_account_apirestrictions()
        else:
            await client.private_get_v5_user_query_api()


async def test_unknown_key_and_read_only_trading_are_refused(ccxt_client: ClientFactory) -> None:
    stranger = replace(TEST_KEYS["binance_trade_open"], api_key="A" * 64)
    with pytest.raises(ccxt.AuthenticationError, match="-2015"):
        await ccxt_client("binance", stranger).fetch_balance()
    reader = ccxt_client("binance", TEST_KEYS["binance_read_only"])
    await reader.load_markets()
    with pytest.raises(ccxt.AuthenticationError, match="-2015"):
        await reader.create_order("BTC/USDT", "market", "buy", 0.001)


async def test_ip_restricted_key_is_refused_from_elsewhere(
    make_exchange_emulator: EmulatorFactory, ccxt_client: ClientFactory
) -> None:
    key = replace(TEST_KEYS["binance_trade_ip"], ips=("203.0.113.7",))
    emulator: ExchangeEmulator = await make_exchange_emulator(EmulatorSettings(keys=(key,)))
    with pytest.raises(ccxt.AuthenticationError, match="-2015"):
        await ccxt_client("binance", key, emulator=emulator).sapi_get_account_apirestrictions()
