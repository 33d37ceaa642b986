"""A local Binance/Bybit spot exchange for tests: candles on the wall clock, signed orders, faults.

async with ExchangeEmulator(EmulatorSettings(seed=42)) as exchange:
    config = freqtrade_exchange_config(exchange.url)
"""

from emulators.exchange.app import create_app
from emulators.exchange.faults import FaultMode
from emulators.exchange.freqtrade_config import ccxt_config, freqtrade_exchange_config
from emulators.exchange.keys import TEST_KEYS, ApiKeySpec, KeyKind
from emulators.exchange.markets import DEFAULT_MARKETS, MarketSpec
from emulators.exchange.server import ExchangeEmulator
from emulators.exchange.state import EmulatorSettings

__all__ = [
    "DEFAULT_MARKETS",
    "TEST_KEYS",
    "ApiKeySpec",
    "EmulatorSettings",
    "ExchangeEmulator",
    "FaultMode",
    "KeyKind",
    "MarketSpec",
    "ccxt_config",
    "create_app",
    "freqtrade_exchange_config",
]
