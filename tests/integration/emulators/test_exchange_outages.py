"""Fault modes seen by real clients: outage on the same port, rate limits, slow and stale."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import aiohttp
import ccxt
import pytest

from emulators.exchange import ExchangeEmulator, FaultMode

ClientFactory = Callable[..., Any]


async def refuses_connections(port: int) -> bool:
    """Tell whether nothing listens on the port."""
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
    except ConnectionRefusedError:
        return True
    writer.close()
    await writer.wait_closed()
    return False


async def wait_until_listening(port: int, timeout: float = 5.0) -> float:
    """Wait for the port to accept connections again; return how long that took."""
    started = time.monotonic()
    while await refuses_connections(port):
        assert time.monotonic() - started < timeout, "the emulator did not come back"
        await asyncio.sleep(0.05)
    return time.monotonic() - started


async def test_outage_refuses_then_recovers_on_the_same_port(
    exchange_emulator: ExchangeEmulator, ccxt_client: ClientFactory
) -> None:
    client = ccxt_client("binance")
    assert await client.fetch_time() > 0
    port = exchange_emulator.port
    await exchange_emulator.set_fault(FaultMode.OUTAGE, seconds=1.0)
    assert await refuses_connections(port)
    with pytest.raises(ccxt.NetworkError):
        await client.fetch_time()
    assert 0.3 < await wait_until_listening(port) < 3.0
    assert exchange_emulator.port == port
    assert await client.fetch_time() > 0


async def test_outage_through_the_control_api(exchange_emulator: ExchangeEmulator) -> None:
    port = exchange_emulator.port
    async with aiohttp.ClientSession() as session:
        fault = {"mode": "outage", "seconds": 0.8}
        async with session.post(f"{exchange_emulator.url}/_emu/fault", json=fault) as answer:
            assert answer.status == 200
    await asyncio.sleep(0.2)
    assert await refuses_connections(port)
    await wait_until_listening(port)
    ping = f"{exchange_emulator.binance_api_url}/ping"
    async with aiohttp.ClientSession() as session, session.get(ping) as answer:
        assert answer.status == 200


@pytest.mark.parametrize(("mode", "status"), [("429", 429), ("418", 418)])
async def test_rate_limit_answers(
    exchange_emulator: ExchangeEmulator, ccxt_client: ClientFactory, mode: str, status: int
) -> None:
    await exchange_emulator.set_fault(mode, seconds=30)
    info = f"{exchange_emulator.binance_api_url}/exchangeInfo"
    async with aiohttp.ClientSession() as session, session.get(info) as answer:
        assert answer.status == status
        assert 29 <= int(answer.headers["Retry-After"]) <= 30
        assert (await answer.json())["code"] == -1003
    with pytest.raises(ccxt.DDoSProtection):
        await ccxt_client("binance").fetch_ticker("BTC/USDT")
    await exchange_emulator.clear_faults()
    assert (await ccxt_client("binance").fetch_ticker("BTC/USDT"))["last"] > 0


async def test_slow_delays_answers(
    exchange_emulator: ExchangeEmulator, ccxt_client: ClientFactory
) -> None:
    client = ccxt_client("binance")
    await client.fetch_time()
    await exchange_emulator.set_fault("slow", seconds=5, delay=0.4)
    started = time.monotonic()
    await client.fetch_time()
    assert time.monotonic() - started >= 0.4


async def test_stale_freezes_candles(
    exchange_emulator: ExchangeEmulator, ccxt_client: ClientFactory
) -> None:
    client = ccxt_client("binance")
    await exchange_emulator.set_fault("stale", lag=1_800)
    first = await client.fetch_ohlcv("BTC/USDT", "5m", limit=3)
    await asyncio.sleep(0.2)
    again = await client.fetch_ohlcv("BTC/USDT", "5m", limit=3)
    assert first == again
    assert first[-1][0] <= time.time() * 1000 - 1_500_000
    await exchange_emulator.clear_faults()
    fresh = await client.fetch_ohlcv("BTC/USDT", "5m", limit=3)
    assert fresh[-1][0] > first[-1][0]
