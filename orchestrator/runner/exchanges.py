"""Build the `exchange` section of a bot config: the real exchange, or the local emulator."""

from __future__ import annotations

from typing import Any

from orchestrator.core.settings import Settings


def emulator_section(base_url: str, exchange: str) -> dict[str, Any]:
    """Point ccxt at the exchange emulator (see FACTS: each option avoids one failure)."""
    if exchange == "binance":
        api = f"{base_url}/api/v3"
        urls = {"public": api, "private": api, "v3": api, "sapi": f"{base_url}/sapi/v1"}
        options: dict[str, Any] = {"fetchMarkets": {"types": ["spot"]}, "fetchCurrencies": False}
    else:
        urls = {"public": base_url, "private": base_url}
        options = {"fetchMarkets": {"types": ["spot"]}, "fetchCurrencies": False}
    ccxt = {"urls": {"api": urls}, "options": options, "enableRateLimit": False}
    return {
        "enable_ws": False,
        "only_from_ccxt": True,
        "ccxt_config": ccxt,
        "ccxt_async_config": {},
    }


def live_section() -> dict[str, Any]:
    """Use the real exchange with ccxt's own rate limiting."""
    return {"ccxt_config": {"enableRateLimit": True}, "ccxt_async_config": {}, "enable_ws": True}


def exchange_section(settings: Settings, exchange: str) -> dict[str, Any]:
    """Choose the emulator or the real exchange per the settings."""
    if settings.uses_exchange_emulator:
        return emulator_section(settings.exchange_emulator_base, exchange)
    return live_section()
