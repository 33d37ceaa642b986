"""Faults expire by themselves; stale freezes the market clock; the Freqtrade config helper."""

from __future__ import annotations

import pytest

from emulators.exchange.faults import FaultMode, FaultState
from emulators.exchange.freqtrade_config import freqtrade_exchange_config


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_fault_lasts_its_seconds() -> None:
    clock = Clock()
    faults = FaultState(clock)
    faults.set("429", seconds=10)
    clock.now += 3.2
    assert faults.current().mode is FaultMode.RATE_LIMIT and faults.retry_after() == 7
    clock.now += 7
    assert faults.current().mode is FaultMode.NONE


def test_fault_without_seconds_lasts_until_cleared() -> None:
    clock = Clock()
    faults = FaultState(clock)
    faults.set(FaultMode.SLOW, delay=0.5)
    clock.now += 1_000_000
    assert faults.current().mode is FaultMode.SLOW and faults.current().delay == 0.5
    faults.clear()
    assert faults.current().mode is FaultMode.NONE


def test_stale_freezes_market_time_but_not_server_time() -> None:
    clock = Clock()
    faults = FaultState(clock)
    faults.set("stale", seconds=60, lag=900)
    clock.now += 30
    assert faults.market_ms() == (1_000 - 900) * 1000
    assert faults.wall_ms() == 1_030_000
    clock.now += 31
    assert faults.market_ms() == faults.wall_ms()


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError):
        FaultState().set("explode")


def test_freqtrade_exchange_config_points_ccxt_at_the_emulator() -> None:
    section = freqtrade_exchange_config("http://127.0.0.1:8082/", key="k", secret="s")
    api = section["ccxt_config"]["urls"]["api"]
    assert api["public"] == api["private"] == "http://127.0.0.1:8082/api/v3"
    assert api["sapi"] == "http://127.0.0.1:8082/sapi/v1"
    assert section["ccxt_config"]["options"] == {"fetchMarkets": {"types": ["spot"]}}
    assert section["enable_ws"] is False and section["only_from_ccxt"] is True
    assert section["name"] == "binance" and "BTC/USDT" in section["pair_whitelist"]
    bybit = freqtrade_exchange_config("http://127.0.0.1:8082", "bybit")
    assert bybit["ccxt_config"]["urls"]["api"]["public"] == "http://127.0.0.1:8082"
    with pytest.raises(ValueError):
        freqtrade_exchange_config("http://127.0.0.1:8082", "kraken")
