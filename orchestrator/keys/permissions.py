"""Exchange API keys as submitted: their format, and what the exchange says they may do."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

import ccxt.async_support as ccxt_async
from ccxt.base.errors import AuthenticationError, BaseError

from orchestrator.core.errors import TemporaryError, UserFacingError
from orchestrator.core.settings import Settings
from orchestrator.keys.store import Credentials
from orchestrator.runner.exchanges import emulator_section

log = logging.getLogger(__name__)

SUPPORTED_EXCHANGES = ("binance", "bybit")
REQUEST_TIMEOUT_MS = 10_000
MAX_LABEL = 64
_FORMATS = {  # exchange -> (API key pattern, secret pattern)
    "binance": (re.compile(r"[A-Za-z0-9]{64}"), re.compile(r"[A-Za-z0-9]{64}")),
    "bybit": (re.compile(r"[A-Za-z0-9]{18,24}"), re.compile(r"[A-Za-z0-9]{32,48}")),
}

# ccxt logs every request's headers (the API key among them) at DEBUG; its clients log here.
_QUIET = logging.Logger("nofomo.ccxt.quiet", level=logging.CRITICAL + 1)
_QUIET.disabled = True

# Binance answers a flat object; these fields say what the key may do (nothing else is kept).
_BINANCE_FIELDS = (
    "ipRestrict",
    "enableReading",
    "enableWithdrawals",
    "enableInternalTransfer",
    "permitsUniversalTransfer",
    "enableMargin",
    "enableFutures",
    "enableVanillaOptions",
    "enableSpotAndMarginTrading",
    "enablePortfolioMarginTrading",
)


@dataclass(frozen=True)
class KeySubmission:
    """A key form that passed format checks, trimmed."""

    exchange: str
    credentials: Credentials
    label: str


@dataclass(frozen=True)
class Permissions:
    """What the exchange says a key may do; `raw` holds only permission fields, no key."""

    can_trade: bool
    can_withdraw: bool
    ip_restricted: bool
    raw: dict[str, Any] = field(default_factory=dict)

    def as_record(self) -> dict[str, Any]:
        """Return what exchange_keys.permissions keeps."""
        return {"can_trade": self.can_trade, "can_withdraw": self.can_withdraw, "raw": self.raw}


def validate_submission(exchange: str, api_key: str, secret: str, label: str) -> KeySubmission:
    """Check formats before anything leaves the machine; errors never quote the inputs."""
    exchange = exchange.strip().lower()
    if exchange not in SUPPORTED_EXCHANGES:
        raise UserFacingError("keyform.exchange_unknown")
    api_key, secret, label = api_key.strip(), secret.strip(), label.strip()
    key_pattern, secret_pattern = _FORMATS[exchange]
    if not key_pattern.fullmatch(api_key):
        raise UserFacingError("keyform.api_key_format", exchange=exchange)
    if not secret_pattern.fullmatch(secret):
        raise UserFacingError("keyform.secret_format", exchange=exchange)
    if len(label) > MAX_LABEL or not label.isprintable():
        raise UserFacingError("keyform.label_invalid", limit=MAX_LABEL)
    return KeySubmission(exchange, Credentials(api_key=api_key, secret=secret), label)


def ccxt_overrides(settings: Settings, exchange: str) -> dict[str, Any]:
    """Return ccxt options: the emulator's URLs offline, the real exchange otherwise."""
    if settings.uses_exchange_emulator:
        config: dict[str, Any] = emulator_section(settings.exchange_emulator_base, exchange)
        return dict(config["ccxt_config"])
    return {"enableRateLimit": True}


def binance_permissions(answer: dict[str, Any]) -> Permissions:
    """Read GET /sapi/v1/account/apiRestrictions."""
    raw = {name: answer[name] for name in _BINANCE_FIELDS if name in answer}
    return Permissions(
        can_trade=bool(answer.get("enableSpotAndMarginTrading")),
        can_withdraw=bool(answer.get("enableWithdrawals")),
        ip_restricted=bool(answer.get("ipRestrict")),
        raw=raw,
    )


def bybit_permissions(answer: dict[str, Any]) -> Permissions:
    """Read GET /v5/user/query-api (its `result` also echoes the API key: dropped)."""
    result = answer.get("result") or {}
    groups = result.get("permissions") or {}
    ips = [str(ip) for ip in result.get("ips") or []]
    read_only = str(result.get("readOnly", "1")) == "1"
    raw = {"readOnly": 1 if read_only else 0, "ips": ips, "permissions": groups}
    return Permissions(
        can_trade=not read_only and bool(groups.get("Spot")),
        can_withdraw="Withdraw" in (groups.get("Wallet") or []),
        ip_restricted=bool(ips) and "*" not in ips,
        raw=raw,
    )


async def check_permissions(
    exchange: str, api_key: str, secret: str, *, ccxt_overrides: dict[str, Any]
) -> Permissions:
    """Ask the exchange about the key; raise UserFacingError if refused, TemporaryError if down."""
    if exchange not in SUPPORTED_EXCHANGES:
        raise UserFacingError("keyform.exchange_unknown")
    options = {"timeout": REQUEST_TIMEOUT_MS, **ccxt_overrides, "apiKey": api_key, "secret": secret}
    client = getattr(ccxt_async, exchange)(options)
    client.logger = _QUIET
    try:
        if exchange == "binance":
            return binance_permissions(await client.sapi_get_account_apirestrictions())
        return bybit_permissions(await client.private_get_v5_user_query_api())
    except AuthenticationError:
        raise UserFacingError("keyform.key_rejected", exchange=exchange) from None
    except BaseError as exc:
        # Network trouble, rate limits, clock skew: retryable. ccxt's text carries the signed
        # URL, so only the type name is logged.
        log.warning("%s key check failed: %s", exchange, type(exc).__name__)
        raise TemporaryError(f"{exchange} did not answer the key check") from None
    finally:
        await client.close()
