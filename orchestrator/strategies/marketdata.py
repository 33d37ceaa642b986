"""One market-data cache per process, pointed at the emulator or the real exchange."""

from __future__ import annotations

from ai_strategies.marketdata import MarketData
from orchestrator.core.settings import Settings
from orchestrator.runner.exchanges import exchange_section

_CACHES: dict[tuple[str, str], MarketData] = {}


def market_data(settings: Settings, exchange: str = "binance") -> MarketData:
    """Return the shared candle cache for an exchange (per data dir)."""
    key = (str(settings.data_dir.resolve()), exchange)
    if key not in _CACHES:
        section = {**exchange_section(settings, exchange), "name": exchange}
        _CACHES[key] = MarketData(settings.data_dir / "marketdata", section, exchange)
    return _CACHES[key]
