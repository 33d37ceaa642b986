"""The control API (/_emu/) and the standalone entry point."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from emulators.exchange import TEST_KEYS, ExchangeEmulator
from emulators.exchange.signing import hmac_hex

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


async def get_json(session: aiohttp.ClientSession, url: str) -> object:
    async with session.get(url) as answer:
        assert answer.status == 200, await answer.text()
        return await answer.json()


async def test_stats_count_per_endpoint_and_reset(
    exchange_emulator: ExchangeEmulator, session: aiohttp.ClientSession
) -> None:
    api = exchange_emulator.binance_api_url
    await get_json(session, f"{api}/klines?symbol=BTCUSDT&interval=5m&limit=2")
    await get_json(session, f"{api}/klines?symbol=ETHUSDT&interval=1h")
    await get_json(session, f"{exchange_emulator.url}/v5/market/time")
    async with session.get(f"{api}/klines?symbol=NOPE&interval=5m") as refused:
        assert refused.status == 400 and (await refused.json())["code"] == -1121
    stats = await get_json(session, f"{exchange_emulator.url}/_emu/stats")
    assert isinstance(stats, dict)
    assert stats["requests"] == {"GET /api/v3/klines": 3, "GET /v5/market/time": 1}
    assert stats["total"] == 4 and "started_at" in stats
    assert exchange_emulator.state.log.count("GET /api/v3/klines") == 3
    async with session.post(f"{exchange_emulator.url}/_emu/reset") as answer:
        assert (await answer.json())["total"] == 0
    assert exchange_emulator.stats()["requests"] == {}


async def test_price_matches_the_ticker(
    exchange_emulator: ExchangeEmulator, session: aiohttp.ClientSession
) -> None:
    await exchange_emulator.set_fault("stale")
    price = await get_json(session, f"{exchange_emulator.url}/_emu/price?symbol=BTCUSDT")
    ticker = await get_json(
        session, f"{exchange_emulator.binance_api_url}/ticker/price?symbol=BTCUSDT"
    )
    assert isinstance(price, dict) and isinstance(ticker, dict)
    assert float(ticker["price"]) == pytest.approx(price["price"], abs=0.01)
    assert exchange_emulator.price("BTCUSDT") == price["price"]


async def test_fault_endpoint_validates_and_reports(
    exchange_emulator: ExchangeEmulator, session: aiohttp.ClientSession
) -> None:
    url = f"{exchange_emulator.url}/_emu/fault"
    async with session.post(url, json={"mode": "explode"}) as answer:
        assert answer.status == 400
    async with session.post(url, json={"mode": "slow", "seconds": 5, "delay": 0.01}) as answer:
        assert (await answer.json())["mode"] == "slow"
    current = await get_json(session, url)
    assert isinstance(current, dict) and current["mode"] == "slow" and current["delay"] == 0.01
    async with session.post(url, json={"mode": "none"}) as answer:
        assert (await answer.json())["mode"] == "none"


async def test_exchange_info_lists_symbols_like_binance(
    exchange_emulator: ExchangeEmulator, session: aiohttp.ClientSession
) -> None:
    info = await get_json(session, f"{exchange_emulator.binance_api_url}/exchangeInfo")
    assert isinstance(info, dict)
    btc = next(s for s in info["symbols"] if s["symbol"] == "BTCUSDT")
    assert btc["status"] == "TRADING" and btc["permissions"] == ["SPOT"]
    assert btc["filters"][0] == {
        "filterType": "PRICE_FILTER",
        "minPrice": "0.01",
        "maxPrice": "1000000",
        "tickSize": "0.01",
    }
    assert [f["filterType"] for f in btc["filters"]] == ["PRICE_FILTER", "LOT_SIZE", "NOTIONAL"]


async def test_standalone_entry_point_serves(session: aiohttp.ClientSession) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "emulators.exchange",
        "--port",
        "0",
        "--seed",
        "3",
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), timeout=20)).decode()
        url = line.strip().rsplit(" ", 1)[-1]
        assert url.startswith("http://127.0.0.1:")
        assert await get_json(session, f"{url}/api/v3/ping") == {}
    finally:
        process.terminate()
        assert await asyncio.wait_for(process.wait(), timeout=10) == 0


@pytest.mark.parametrize(
    ("age_ms", "code"),
    [(0, None), (10_000, -1021), (-5_000, -1021)],
)
async def test_signed_request_timestamp_window(
    exchange_emulator: ExchangeEmulator,
    session: aiohttp.ClientSession,
    age_ms: int,
    code: int | None,
) -> None:
    key = TEST_KEYS["binance_trade_open"]
    query = f"recvWindow=5000&timestamp={int(time.time() * 1000) - age_ms}"
    signed = f"{query}&signature={hmac_hex(key.secret, query)}"
    url = f"{exchange_emulator.binance_api_url}/account?{signed}"
    async with session.get(url, headers={"X-MBX-APIKEY": key.api_key}) as answer:
        body = await answer.json()
    assert body.get("code") == code, body


async def test_unsigned_private_request_is_refused(
    exchange_emulator: ExchangeEmulator, session: aiohttp.ClientSession
) -> None:
    key = TEST_KEYS["binance_trade_open"]
    url = f"{exchange_emulator.binance_api_url}/account?timestamp={int(time.time() * 1000)}"
    async with session.get(url, headers={"X-MBX-APIKEY": key.api_key}) as answer:
        assert answer.status == 400 and (await answer.json())["code"] == -1102
    async with session.get(url) as answer:
        assert answer.status == 401 and (await answer.json())["code"] == -2014
