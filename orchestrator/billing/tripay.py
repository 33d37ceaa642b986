"""Our own small async client for Tripay's payment API (closed payments).

Tripay answers every call with an envelope `{"success": bool, "message": str, "data": ...}`.
`success: false` (with a 4xx, or rarely a 200) is Tripay refusing the request and raises
`TripayRejected`; anything else that goes wrong (no connection, a timeout, a 5xx, an answer
that is not that envelope or lacks what we need) is our side failing: `TripayUnavailable`.

Secrets: the API key travels only in the `Authorization` header and the signature only in
the POST body, so neither is ever logged: log lines carry the method, path, HTTP status and
time taken, and error messages name fields, never values.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final, Self
from urllib.parse import urlencode

import aiohttp
from pydantic import SecretStr

from billing_tripay.channels import ChannelFormatError, PaymentChannel, parse_channels
from billing_tripay.signatures import transaction_signature
from orchestrator.billing.tripay_wire import (
    Instruction,
    NewTransaction,
    OrderItem,
    Transaction,
    TripayRejected,
    TripayUnavailable,
    join_url,
    parse_status_message,
    parse_transaction,
    read_envelope,
    transaction_form,
)
from orchestrator.core.settings import Settings

__all__ = [
    "Instruction",
    "NewTransaction",
    "OrderItem",
    "Transaction",
    "TripayClient",
    "TripayConfig",
    "TripayRejected",
    "TripayUnavailable",
]

log = logging.getLogger(__name__)

_TIMEOUT: Final = aiohttp.ClientTimeout(total=15, connect=5)
_GET_RETRIES: Final = 1  # idempotent reads only; a create is never repeated behind the caller
_RETRY_PAUSE_S: Final = 0.2
_MAX_MESSAGE: Final = 200  # Tripay's messages are one line; cap what we carry into logs
_STATUSES: Final = ("UNPAID", "PAID", "EXPIRED", "FAILED", "REFUND")
_STATUS_WORD: Final = re.compile(r"\b(" + "|".join(_STATUSES) + r")\b")


@dataclass(frozen=True)
class TripayConfig:
    """Where Tripay is and the merchant's credentials (secrets stay `SecretStr`)."""

    base_url: str
    api_key: SecretStr
    private_key: SecretStr
    merchant_code: str

    @classmethod
    def from_settings(cls, settings: Settings) -> TripayConfig | None:
        """Read the config from settings; None when a credential is not set."""
        api_key, private_key = settings.tripay_api_key, settings.tripay_private_key
        merchant_code = settings.tripay_merchant_code.strip()
        if api_key is None or private_key is None or not merchant_code:
            return None
        return cls(settings.tripay_base_url, api_key, private_key, merchant_code)


class TripayClient:
    """Call Tripay's merchant API over one aiohttp session (ours, unless one is given)."""

    def __init__(
        self, config: TripayConfig, *, session: aiohttp.ClientSession | None = None
    ) -> None:
        self._config = config
        self._session = session
        self._owns_session = session is None
        self._closed = False

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the session if this client opened it; a given session stays open."""
        self._closed = True
        if self._owns_session and self._session is not None:
            await self._session.close()
        self._session = None

    async def channels(self) -> tuple[PaymentChannel, ...]:
        """Return the merchant's payment channels, active or not, in Tripay's order."""
        body = await self._get("merchant/payment-channel")
        data = body.get("data")
        if not isinstance(data, list):
            raise TripayUnavailable("Tripay's channel list is not a list")
        try:
            return parse_channels(data)
        except ChannelFormatError as exc:
            raise TripayUnavailable(f"Tripay's channel list is malformed: {exc}") from None

    async def create_transaction(self, tx: NewTransaction) -> Transaction:
        """Create a closed-payment transaction; sent once, never retried here."""
        config = self._config
        signature = transaction_signature(
            config.private_key.get_secret_value(), config.merchant_code, tx.merchant_ref, tx.amount
        )
        form = urlencode(transaction_form(tx, signature)).encode()
        body = await self._request("POST", "transaction/create", form=form, retries=0)
        return parse_transaction(body.get("data"))

    async def transaction_detail(self, reference: str) -> Transaction:
        """Return Tripay's current view of the transaction `reference`."""
        body = await self._get("transaction/detail", reference=reference)
        return parse_transaction(body.get("data"))

    async def check_status(self, reference: str) -> str:
        """Return the status word of the transaction `reference` (e.g. "PAID")."""
        body = await self._get("transaction/check-status", reference=reference)
        return parse_status_message(body.get("message"))

    async def _get(self, path: str, **params: str) -> Mapping[str, Any]:
        return await self._request("GET", path, params=params, retries=_GET_RETRIES)

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        form: bytes | None = None,
        retries: int,
    ) -> Mapping[str, Any]:
        """Send one call, again on a connection error while `retries` last; read the answer."""
        try:
            status, raw = await self._send(method, path, params, form)
        except aiohttp.ClientConnectionError as exc:
            if retries <= 0:
                reason = type(exc).__name__
                raise TripayUnavailable(f"Tripay {method} {path} failed: {reason}") from None
            await asyncio.sleep(_RETRY_PAUSE_S)
            return await self._request(method, path, params=params, form=form, retries=retries - 1)
        return read_envelope(status, _decode(raw))

    async def _send(
        self, method: str, path: str, params: Mapping[str, str] | None, form: bytes | None
    ) -> tuple[int, bytes]:
        """Send one HTTP request and return its status and raw body; log no secrets."""
        headers = {
            "Authorization": f"Bearer {self._config.api_key.get_secret_value()}",
            "Accept": "application/json",
        }
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        url = join_url(self._config.base_url, path)
        started = time.monotonic()
        try:
            async with self._ready_session().request(
                method, url, params=params, data=form, headers=headers, timeout=_TIMEOUT
            ) as resp:
                status, raw = resp.status, await resp.read()
        except aiohttp.ClientConnectionError as exc:
            _log_call(method, path, type(exc).__name__, started)
            raise
        except (TimeoutError, aiohttp.ClientError) as exc:
            _log_call(method, path, type(exc).__name__, started)
            raise TripayUnavailable(
                f"Tripay {method} {path} failed: {type(exc).__name__}"
            ) from None
        _log_call(method, path, f"HTTP {status}", started)
        return status, raw

    def _ready_session(self) -> aiohttp.ClientSession:
        if self._closed:
            raise RuntimeError("the Tripay client is closed")
        if self._session is None:
            # Made here, inside a running loop, rather than in __init__.
            self._session = aiohttp.ClientSession(timeout=_TIMEOUT)
        return self._session


def _decode(raw: bytes) -> object:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None


def _log_call(method: str, path: str, outcome: str, started: float) -> None:
    elapsed_ms = (time.monotonic() - started) * 1000
    log.info("tripay %s %s: %s in %.0f ms", method, path, outcome, elapsed_ms)
