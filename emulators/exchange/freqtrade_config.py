"""The `exchange` section of a Freqtrade config that points Freqtrade at the emulator."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from emulators.exchange.markets import DEFAULT_MARKETS

DEFAULT_PAIRS = tuple(market.pair for market in DEFAULT_MARKETS)


def ccxt_urls(emulator_url: str, exchange: str) -> dict[str, str]:
    """Return ccxt `urls.api` overrides that send every call we serve to the emulator."""
    base = emulator_url.rstrip("/")
    if exchange == "binance":
        return {
            "public": f"{base}/api/v3",
            "private": f"{base}/api/v3",
            "v1": f"{base}/api/v1",
            "sapi": f"{base}/sapi/v1",
            "sapiV2": f"{base}/sapi/v2",
            "sapiV3": f"{base}/sapi/v3",
            "sapiV4": f"{base}/sapi/v4",
        }
    if exchange == "bybit":
        return {name: base for name in ("public", "private", "spot", "futures", "v2")}
    raise ValueError(f"the emulator serves binance and bybit, not {exchange!r}")


def ccxt_config(emulator_url: str, exchange: str = "binance") -> dict[str, Any]:
    """Return the ccxt constructor options for a spot-only client of the emulator."""
    return {
        "urls": {"api": ccxt_urls(emulator_url, exchange)},
        "options": {"fetchMarkets": {"types": ["spot"]}},
    }


def freqtrade_exchange_config(
    emulator_url: str,
    exchange: str = "binance",
    *,
    key: str = "",
    secret: str = "",
    pairs: Sequence[str] = DEFAULT_PAIRS,
) -> dict[str, Any]:
    """Return Freqtrade's `exchange` section: spot only, REST only, data only from ccxt."""
    return {
        "name": exchange,
        "key": key,
        "secret": secret,
        "ccxt_config": ccxt_config(emulator_url, exchange),
        "ccxt_async_config": {},
        "enable_ws": False,
        "only_from_ccxt": True,
        "pair_whitelist": list(pairs),
        "pair_blacklist": [],
    }
