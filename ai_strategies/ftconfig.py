"""Throwaway Freqtrade configs and user directories for one confined command."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

# Exchange credentials never reach a confined process, whatever the caller passed in.
_CREDENTIALS = ("key", "secret", "password", "uid", "walletAddress", "privateKey")
_PRICING = {"price_side": "same", "use_order_book": False, "order_book_top": 1}
_UNSAFE_FILENAME = re.compile(r"[/ .@$+:]")


def freqtrade_config(
    exchange_section: Mapping[str, Any],
    exchange: str,
    pairs: Sequence[str],
    *,
    timeframe: str | None = None,
    stake: float = 100,
    wallet: float = 1000,
) -> dict[str, Any]:
    """Return a minimal spot dry-run config for backtests and downloads of `pairs`."""
    section = {**exchange_section, "name": exchange, "pair_whitelist": list(pairs)}
    section.update(dict.fromkeys(_CREDENTIALS, ""))
    section.setdefault("pair_blacklist", [])
    config: dict[str, Any] = {
        "exchange": section,
        "stake_currency": quote_of(pairs[0]),
        "stake_amount": stake,
        "dry_run": True,
        "dry_run_wallet": wallet,
        "max_open_trades": 1,
        "trading_mode": "spot",
        "margin_mode": "",
        "pairlists": [{"method": "StaticPairList"}],
        "entry_pricing": dict(_PRICING),
        "exit_pricing": dict(_PRICING),
        "dataformat_ohlcv": "feather",
        "bot_name": "nofomo-validation",
        "initial_state": "stopped",
        "internals": {},
    }
    if timeframe:
        config["timeframe"] = timeframe
    return config


def quote_of(pair: str) -> str:
    """Return the quote currency of "BASE/QUOTE" (or "BASE/QUOTE:SETTLE")."""
    return pair.split("/", 1)[-1].split(":", 1)[0]


def write_config(directory: Path, config: Mapping[str, Any]) -> Path:
    """Write `config.json` into `directory` and return its path."""
    path = directory / "config.json"
    path.write_text(json.dumps(config, indent=1))
    return path


def make_userdir(directory: Path) -> Path:
    """Create an empty Freqtrade user directory (Freqtrade adds the other subfolders)."""
    userdir = directory / "user_data"
    (userdir / "strategies").mkdir(parents=True, exist_ok=True)
    return userdir


def candle_filename(pair: str, timeframe: str) -> str:
    """Return Freqtrade's feather file name for one pair and timeframe."""
    return f"{_UNSAFE_FILENAME.sub('_', pair)}-{timeframe}.feather"


def timeframe_seconds(timeframe: str) -> int:
    """Convert "5m", "1h", "1d", "1w" (or "1M") to seconds."""
    match = re.fullmatch(r"(\d+)([smhdwM])", timeframe)
    if match is None:
        raise ValueError(f"not a timeframe: {timeframe!r}")
    unit = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "M": 2592000}[match[2]]
    return int(match[1]) * unit
