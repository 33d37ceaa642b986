"""Generate one bot's Freqtrade configuration from its database row."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orchestrator.keys.store import Credentials
from orchestrator.runner.ftapi import ApiCredentials

# Raw JSON templates: typed values, and only fields each event really has (an unknown
# field makes Freqtrade drop the message).
_TRADE_EVENT = '{{"event": "%s", "trade_id": {trade_id}, "pair": "{pair}"}}'
WEBHOOK_EVENTS = ("entry", "entry_fill", "entry_cancel", "exit", "exit_fill", "exit_cancel")


@dataclass(frozen=True)
class BotSpec:
    """The fields of a bot row that shape its Freqtrade configuration."""

    bot_id: str
    name: str
    exchange: str
    pair: str
    timeframe: str
    stake_amount: float
    stake_currency: str
    dry_run: bool
    class_name: str


def new_api_credentials(port: int) -> ApiCredentials:
    """Draw random API credentials for one bot start."""
    return ApiCredentials(port, secrets.token_hex(8), secrets.token_urlsafe(24))


def webhook_section(url: str) -> dict[str, Any]:
    """Return the webhook section: trade events as raw JSON, posted back to our web app."""
    section: dict[str, Any] = {
        "enabled": True,
        "url": url,
        "format": "raw",
        "retries": 2,
        "retry_delay": 0.2,
        "timeout": 3,
        "status": {"data": '{{"event": "status", "status": "{status}"}}'},
    }
    for event in WEBHOOK_EVENTS:
        section[event] = {"data": _TRADE_EVENT % event}
    return section


def build_config(
    spec: BotSpec,
    *,
    exchange_section: dict[str, Any],
    api: ApiCredentials,
    db_url: str,
    webhook_url: str,
    credentials: Credentials | None,
) -> dict[str, Any]:
    """Assemble the complete config; secrets go only into this (0600) file."""
    exchange = {**exchange_section, "name": spec.exchange, "pair_whitelist": [spec.pair]}
    if credentials is not None:
        exchange.update(key=credentials.api_key, secret=credentials.secret)
    pricing = {"price_side": "other", "use_order_book": True, "order_book_top": 1}
    return {
        "bot_name": f"nofomo-{spec.bot_id[:8]}",
        "max_open_trades": 1,
        "stake_currency": spec.stake_currency,
        "stake_amount": spec.stake_amount,
        "tradable_balance_ratio": 0.99,
        "dry_run": spec.dry_run,
        "dry_run_wallet": max(1000.0, spec.stake_amount * 10),
        "trading_mode": "spot",
        "timeframe": spec.timeframe,
        "strategy": spec.class_name,
        "exchange": exchange,
        "pairlists": [{"method": "StaticPairList"}],
        "entry_pricing": pricing,
        "exit_pricing": pricing,
        "unfilledtimeout": {"entry": 10, "exit": 10, "unit": "minutes"},
        "api_server": {
            "enabled": True,
            "listen_ip_address": "127.0.0.1",
            "listen_port": api.port,
            "username": api.username,
            "password": api.password,
            "jwt_secret_key": secrets.token_hex(32),
            "ws_token": secrets.token_urlsafe(16),
            "CORS_origins": [],
            "verbosity": "error",
        },
        "webhook": webhook_section(webhook_url),
        "telegram": {"enabled": False, "token": "", "chat_id": ""},
        "db_url": db_url,
        "initial_state": "running",
        "force_entry_enable": True,
        "internals": {"process_throttle_secs": 5, "heartbeat_interval": 0},
    }


def route_through_relay(config: dict[str, Any], proxy_url: str, *, https: bool) -> None:
    """Send a sandboxed bot's exchange traffic through the relay's proxy port.

    ccxt takes one proxy per client: `httpsProxy` (CONNECT) for https APIs, `httpProxy`
    (absolute URIs) for plain http ones such as the emulator; websockets use `wssProxy`.
    The webhook goes through the same proxy by the HTTP(S)_PROXY environment.
    """
    exchange = config["exchange"]
    key = "httpsProxy" if https else "httpProxy"
    exchange["ccxt_config"] = {**exchange.get("ccxt_config", {}), key: proxy_url}
    async_config = {**exchange.get("ccxt_async_config", {}), key: proxy_url}
    if exchange.get("enable_ws") and https:
        async_config["wssProxy"] = proxy_url
    exchange["ccxt_async_config"] = async_config


def write_private(path: Path, config: dict[str, Any]) -> None:
    """Write a config file readable by its owner only, created that way from the start."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".tmp")
    # Never through a link planted in a sandboxed bot's directory.
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(config, handle, indent=1)
    os.replace(tmp, path)
